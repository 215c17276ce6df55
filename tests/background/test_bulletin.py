"""The monthly 督查通报: figures, red items, late reporters, change since last month, files in Chinese."""

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
def november(make_commitment, make_report, dept_b):
    """dept_a: one done; dept_b: one overdue since 15 November whose November report came in late, and one
    with no November report at all."""
    done = make_commitment(title="口袋公园")
    make_report(done, period=date(2024, 11, 1), value=D(103), state="approved",
                submitted_at=datetime(2024, 11, 20, tzinfo=SH))  # fmt: skip
    late = make_commitment(title="停车位", lead_department=dept_b, due_date=date(2024, 11, 15))
    make_report(late, period=date(2024, 11, 1), value=D(10), state="approved",
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


def test_a_year_with_unfinished_work_stays_in_the_bulletin_after_it_ends(november):
    data = bulletin.build(month=date(2025, 1, 1), today=date(2025, 2, 1))
    assert data["overall"]["total"] == 3
    assert [r["title"] for r in data["red"]] == ["停车位"]
