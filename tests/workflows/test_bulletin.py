"""The monthly 督查通报: figures, red items, late reporters, change since last month, files in Chinese."""

import io
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from commitments import bulletin, scan
from commitments.models import Bulletin, Commitment, OutboxMessage

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def november(make_commitment, make_progress_report, dept_b):
    """dept_a: one done; dept_b: one overdue since 15 November whose November report came in late, and one
    with no November report at all."""
    done = make_commitment(title="口袋公园")
    make_progress_report(done, period=date(2024, 11, 1), value=D(103), state="approved",
                submitted_at=datetime(2024, 11, 20, tzinfo=SH))  # fmt: skip
    late = make_commitment(title="停车位", lead_department=dept_b, due_date=date(2024, 11, 15))
    make_progress_report(late, period=date(2024, 11, 1), value=D(10), state="approved",
                submitted_at=datetime(2024, 11, 28, tzinfo=SH))  # fmt: skip
    make_commitment(title="窨井盖", lead_department=dept_b)
    scan.scan(today=date(2024, 12, 1))
    return done, late


def test_it_gives_the_completion_rate_overall_and_by_department(november):
    data = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))
    assert data["title"] == "2024年11月督查通报"
    assert data["overall"] == {"total": 3, "completed": 1, "rate": 33.3, "change": None}
    rates = {d["name"]: (d["total"], d["completed"], d["rate"]) for d in data["departments"]}
    assert rates == {"市住房和城乡建设局": (1, 1, 100.0), "市城市管理执法局": (2, 0, 0.0)}
    assert data["sections"][0]["name"] == "二、2024年重点工作"


def test_it_names_every_red_item_with_its_department_and_days_overdue(november):
    _, late = november
    red = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))["red"]
    assert red == [{"code": late.code, "title": "停车位", "department": "市城市管理执法局", "since": "2024-11-15",
                    "days_overdue": 16, "reason": "已超过完成期限 16 天，目标未完成"}]  # fmt: skip


def test_it_names_departments_that_reported_late_or_not_at_all(november):
    reporting = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))["reporting"]
    assert reporting == [{"department": "市城市管理执法局", "late": 1, "missing": 1}]


def test_it_gives_the_change_since_last_month_in_percentage_points(november):
    Bulletin.objects.create(month=date(2024, 10, 1), data={
        "month": "2024-10",
        "overall": {"rate": 0.0},
        "departments": [{"name": "市住房和城乡建设局", "rate": 40.0}, {"name": "市城市管理执法局", "rate": 0.0}],
        "sections": [],
    })  # fmt: skip
    data = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))
    assert data["previous"] == "2024-10"
    assert data["overall"]["change"] == 33.3
    changes = {d["name"]: d["change"] for d in data["departments"]}
    assert changes == {"市住房和城乡建设局": 60.0, "市城市管理执法局": 0.0}
    assert data["sections"][0]["change"] is None  # not in last month's bulletin


def test_the_workbook_reopens_with_its_chinese_sheets(november):
    stored = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 1))
    with stored.workbook.open("rb") as f:
        book = load_workbook(f)
    assert book.sheetnames == ["概况", "分章节完成情况", "分单位完成情况", "红色督办事项", "逾期未报与迟报单位"]
    assert book["概况"]["A1"].value == "2024年11月督查通报"
    assert "完成率 33.3%" in book["概况"]["A2"].value
    red = [[c.value for c in row] for row in book["红色督办事项"].iter_rows()]
    assert red[1][:5] == [november[1].code, "停车位", "市城市管理执法局", "2024-11-15", 16]


def test_the_document_has_its_title_and_an_east_asian_font(november):
    stored = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 1))
    with stored.document.open("rb") as f:
        doc = Document(f)
    assert doc.paragraphs[0].text == "2024年11月督查通报"
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert doc.paragraphs[0].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "红色督办（逾期）事项 1 项" in text
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "停车位" in cells and "市城市管理执法局" in cells


def test_a_rerun_keeps_one_row_and_one_message_with_the_new_figures(november, supervisor):
    bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 1))
    Commitment.objects.filter(title="窨井盖").update(status="completed")
    second = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 2))
    assert Bulletin.objects.count() == 1
    assert second.data["overall"]["completed"] == 2
    assert OutboxMessage.objects.filter(kind="bulletin", recipient=supervisor).count() == 1


def test_old_files_are_removed_once_the_new_ones_are_committed(november, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 1))
    old = [Path(first.workbook.path), Path(first.document.path)]
    with django_capture_on_commit_callbacks(execute=True):
        second = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 2))
    assert not any(p.exists() for p in old)
    assert Path(second.workbook.path).exists() and Path(second.document.path).exists()


def test_build_takes_a_fixed_number_of_queries(november, make_commitment, dept_b, django_assert_num_queries):
    for n in range(5):
        make_commitment(title=f"排水管网{n}", lead_department=dept_b, due_date=date(2024, 11, 10 + n))
    scan.scan(today=date(2024, 12, 1))
    # commitments, last month's bulletin, milestones of the red items, owed reports: commitments, first reports,
    # departments
    with django_assert_num_queries(6):
        data = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))
    assert len(data["red"]) == 6


def _with_red(data: dict, counts: dict[str, int]) -> dict:
    """``data`` with ``counts[department]`` red items per department, most overdue first like build() gives."""
    red = [{"code": f"{d}-{i:03d}", "title": f"任务{i}", "department": d, "since": "2024-06-30",
            "days_overdue": 500 - i, "reason": f"已超过完成期限 {500 - i} 天，目标未完成"}
           for d, n in counts.items() for i in range(n)]  # fmt: skip
    red.sort(key=lambda r: (-r["days_overdue"], r["code"]))
    return {**data, "red": red}


def _docx(content: bytes):
    return Document(io.BytesIO(content))


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_above_the_bound_the_document_counts_red_items_per_department_and_points_to_the_workbook(november):
    base = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))
    data = _with_red(base, {"市城市管理执法局": 150, "市住房和城乡建设局": 51})
    assert len(data["red"]) == bulletin.DOCUMENT_RED_LIMIT + 1
    doc = _docx(bulletin.document(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "红色督办（逾期）事项 201 项" in text
    assert "全部 201 项的清单见同期 Excel 工作簿“红色督办事项”工作表" in text
    assert len(doc.tables) == 5  # sections, departments, red per department, their most overdue, reporting
    counts, top = doc.tables[2], doc.tables[3]
    assert _rows(counts) == [["牵头单位", "红色督办（项）", "最长逾期（天）"],
                             ["市城市管理执法局", "150", "500"], ["市住房和城乡建设局", "51", "500"]]  # fmt: skip
    assert _rows(top)[0] == ["编号", "任务", "牵头单位", "逾期起始日", "逾期天数", "情况"]
    most_overdue = [f"{d}-{i:03d}" for d in ("市城市管理执法局", "市住房和城乡建设局") for i in range(3)]
    assert [r[0] for r in _rows(top)[1:]] == most_overdue
    assert _rows(top)[1] == ["市城市管理执法局-000", "任务0", "市城市管理执法局", "2024-06-30", "500",
                             "已超过完成期限 500 天，目标未完成"]  # fmt: skip
    assert doc.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    # The workbook still lists every one.
    book = load_workbook(io.BytesIO(bulletin.workbook(data)))
    listed = [row[0] for row in book["红色督办事项"].iter_rows(min_row=2, values_only=True)]
    assert listed == [r["code"] for r in data["red"]]


def test_up_to_the_bound_the_document_lists_every_red_item(november):
    base = bulletin.build(month=date(2024, 11, 1), today=date(2024, 12, 1))
    data = _with_red(base, {"市城市管理执法局": 150, "市住房和城乡建设局": 50})
    data["red"][0] |= {"title": "A&B <C> 路", "reason": "第一行\n第二行\t备注"}  # text, not markup
    doc = _docx(bulletin.document(data))
    assert "工作簿" not in "\n".join(p.text for p in doc.paragraphs)
    red = _rows(doc.tables[2])
    assert red[0] == ["编号", "任务", "牵头单位", "逾期起始日", "逾期天数", "情况"]
    assert [r[0] for r in red[1:]] == [r["code"] for r in data["red"]]
    assert red[1][1:] == ["A&B <C> 路", data["red"][0]["department"], "2024-06-30", "500", "第一行\n第二行\t备注"]
    # The header row repeats on every printed page of a long table.
    assert doc.tables[2].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_stored_document_groups_red_items_above_the_bound(november, monkeypatch):
    monkeypatch.setattr(bulletin, "DOCUMENT_RED_LIMIT", 0)
    stored = bulletin.publish(month=date(2024, 11, 1), today=date(2024, 12, 1))
    with stored.document.open("rb") as f:
        doc = Document(f)
    assert "全部 1 项的清单见同期 Excel 工作簿“红色督办事项”工作表" in "\n".join(p.text for p in doc.paragraphs)
    assert _rows(doc.tables[2])[1] == ["市城市管理执法局", "1", "16"]
    assert _rows(doc.tables[3])[1][:5] == [november[1].code, "停车位", "市城市管理执法局", "2024-11-15", "16"]


def test_a_year_with_unfinished_work_stays_in_the_bulletin_after_it_ends(november):
    data = bulletin.build(month=date(2025, 1, 1), today=date(2025, 2, 1))
    assert data["overall"]["total"] == 3
    assert [r["title"] for r in data["red"]] == ["停车位"]
