"""Excel in and out (commitments.spreadsheets): all-or-nothing imports with errors row by row."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from commitments import spreadsheets
from commitments.models import Commitment, HistoryEntry, Milestone, ProgressReport
from tests import files

TODAY = date(2024, 6, 28)


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _fill(data: bytes, rows: dict[str, dict[str, object]]) -> files.SimpleUploadedFile:
    """The template with some rows filled in, keyed by 任务编号 then by column header."""
    book = _book(data)
    sheet = book[spreadsheets.PROGRESS_SHEET]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = rows.get(row[0].value, {})
        for header, value in values.items():
            row[headers.index(header)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return files.upload("进展填报.xlsx", buffer.getvalue())


@pytest.fixture
def two_tasks(make_commitment):
    quantified = make_commitment(code="2024-2-1-01")
    qualitative = make_commitment(code="2024-2-1-02", kind="milestone", target_value=None, unit="")
    Milestone.objects.create(commitment=qualitative, title="完成方案设计", due_date=date(2024, 5, 31))
    return quantified, qualitative


def test_the_template_lists_only_the_tasks_the_department_leads(two_tasks, make_commitment, reporter_a, dept_b):
    make_commitment(code="2024-2-1-99", lead_department=dept_b)

    book = _book(spreadsheets.progress_template(user=reporter_a, today=TODAY))

    codes = [r[0] for r in book[spreadsheets.PROGRESS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert codes == ["2024-2-1-01", "2024-2-1-02"]
    assert [r[:2] for r in book[spreadsheets.MILESTONE_SHEET].iter_rows(min_row=2, values_only=True)] == [
        ("2024-2-1-02", "完成方案设计")
    ]


def test_a_filled_template_becomes_submitted_reports(two_tasks, reporter_a):
    template = spreadsheets.progress_template(user=reporter_a, today=TODAY)
    upload = _fill(
        template,
        {
            "2024-2-1-01": {"累计完成值": "６０个", "进展情况": "已完成60个小区改造"},
            "2024-2-1-02": {"完成的节点": "完成方案设计", "进展情况": "方案已批复"},
        },
    )

    result = spreadsheets.import_progress(upload, by=reporter_a, today=TODAY)

    assert result.created == 2
    reports = ProgressReport.objects.order_by("commitment__code")
    assert [(r.state, r.value, r.period) for r in reports] == [
        ("submitted", Decimal(60), date(2024, 6, 1)),
        ("submitted", None, date(2024, 6, 1)),
    ]
    assert reports[1].milestone.title == "完成方案设计"


def test_one_bad_row_means_nothing_is_written_and_each_error_names_its_row(two_tasks, reporter_a):
    template = spreadsheets.progress_template(user=reporter_a, today=TODAY)
    upload = _fill(
        template,
        {
            "2024-2-1-01": {"累计完成值": "-5", "进展情况": "有误"},
            "2024-2-1-02": {"完成的节点": "不存在的节点", "进展情况": "已完成"},
        },
    )

    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        spreadsheets.import_progress(upload, by=reporter_a, today=TODAY)

    assert caught.value.errors == [
        "第2行：累计完成值不能为负数",
        "第3行：节点“不存在的节点”不是该任务的时间节点（见“时间节点”工作表）",
    ]
    assert str(caught.value) == "导入失败，共 2 处错误，未写入任何数据"
    assert not ProgressReport.objects.exists()


def test_a_task_of_another_department_is_an_unknown_code(two_tasks, make_commitment, reporter_b, dept_b):
    make_commitment(code="2024-2-1-50", lead_department=dept_b)
    template = spreadsheets.progress_template(user=reporter_b, today=TODAY)
    book = _book(template)
    book[spreadsheets.PROGRESS_SHEET].append(["2024-2-1-01", "", "", "", "", "2024-06", 99, None, None, "越权"])
    buffer = io.BytesIO()
    book.save(buffer)

    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        spreadsheets.import_progress(files.upload("t.xlsx", buffer.getvalue()), by=reporter_b, today=TODAY)

    assert caught.value.errors == ["第3行：任务编号“2024-2-1-01”不存在，或不是本单位可以填报的任务"]
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("fake.xlsx", files.EXE, "Excel 工作簿"), ("a.pdf", files.CONTENT["pdf"](), "Excel 工作簿")],
)
def test_a_file_that_is_not_a_workbook_is_refused(name, data, message, reporter_a):
    with pytest.raises(spreadsheets.SpreadsheetError, match=message):
        spreadsheets.import_progress(files.upload(name, data), by=reporter_a, today=TODAY)


def test_a_workbook_that_is_not_the_template_is_refused(reporter_a):
    with pytest.raises(spreadsheets.SpreadsheetError, match="找不到工作表"):
        spreadsheets.import_progress(files.good("xlsx"), by=reporter_a, today=TODAY)


def _breakdown_upload(work_report, edit) -> files.SimpleUploadedFile:
    book = _book(spreadsheets.export_breakdown(work_report=work_report))
    sheet = book[spreadsheets.BREAKDOWN_SHEET]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for header, value in edit(row[0].value).items():
            row[headers.index(header)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return files.upload("任务分解表.xlsx", buffer.getvalue())


def test_the_breakdown_export_names_departments_targets_and_dates(make_commitment, dept_b, work_report):
    commitment = make_commitment(code="2024-2-1-07")
    commitment.supporting_departments.add(dept_b)

    rows = list(_book(spreadsheets.export_breakdown(work_report=work_report))[spreadsheets.BREAKDOWN_SHEET].values)

    assert rows[0] == tuple(spreadsheets.BREAKDOWN_HEADERS)
    code, _title, lead, supporting, _kind, _cmp, target, unit, start, due, public, reason = rows[1]
    assert (code, lead, supporting, target, unit) == (
        "2024-2-1-07",
        "市住房和城乡建设局",
        "市城市管理执法局",
        103,
        "个",
    )
    assert (start.date(), due.date(), public, reason) == (date(2024, 1, 1), date(2024, 12, 31), "是", None)


def test_an_unedited_breakdown_round_trip_changes_nothing(make_commitment, work_report, admin_user):
    make_commitment()
    make_commitment()

    upload = _breakdown_upload(work_report, lambda code: {})
    result = spreadsheets.import_breakdown(upload, work_report=work_report, by=admin_user, today=TODAY)

    assert (result.changed, result.unchanged) == (0, 2)
    assert not HistoryEntry.objects.filter(action__startswith="commitment.").exists()


def test_an_edited_breakdown_reassigns_and_retargets_with_the_reason(make_commitment, work_report, admin_user, dept_b):
    commitment = make_commitment(code="2024-2-1-07")
    edit = {"牵头单位": "城管局", "配合单位": "市住房和城乡建设局", "目标值": 120, "变更原因": "市政府调整年度计划"}

    result = spreadsheets.import_breakdown(
        _breakdown_upload(work_report, lambda code: edit), work_report=work_report, by=admin_user, today=TODAY
    )

    commitment.refresh_from_db()
    assert result.changed == 1
    assert (commitment.lead_department, commitment.target_value) == (dept_b, Decimal(120))
    assert [d.short_name for d in commitment.supporting_departments.all()] == ["住建局"]
    target = HistoryEntry.objects.get(action="commitment.target_changed")
    assert (target.is_public, target.reason, target.data["target_value"]) == (
        True,
        "市政府调整年度计划",
        ["103", "120"],
    )


def test_unknown_codes_and_departments_are_reported_row_by_row_and_nothing_is_written(
    make_commitment, work_report, admin_user, dept_b
):
    first, second = make_commitment(code="2024-2-1-07"), make_commitment(code="2024-2-1-08")

    def edit(code):
        if code == first.code:
            return {"牵头单位": "市不存在局", "配合单位": "城管局、市虚构办"}
        return {"任务编号": "2024-9-9-99", "目标值": 150}

    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        spreadsheets.import_breakdown(
            _breakdown_upload(work_report, edit), work_report=work_report, by=admin_user, today=TODAY
        )

    assert caught.value.errors == [
        "第2行：牵头单位：责任单位“市不存在局”不存在",
        "第2行：配合单位：责任单位“市虚构办”不存在",
        f"第3行：任务编号“2024-9-9-99”在《{work_report.title}》中不存在",
    ]
    assert list(Commitment.objects.order_by("pk").values_list("lead_department__slug", "target_value")) == [
        ("zjj", Decimal(103)),
        ("zjj", Decimal(103)),
    ]
    assert second.supporting_departments.count() == 0


def test_a_published_target_change_without_a_reason_is_refused(make_commitment, work_report, admin_user):
    make_commitment(code="2024-2-1-07")
    make_commitment(code="2024-2-1-08", is_public=False)

    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        spreadsheets.import_breakdown(
            _breakdown_upload(work_report, lambda code: {"完成期限": date(2025, 6, 30)}),
            work_report=work_report,
            by=admin_user,
            today=TODAY,
        )  # fmt: skip

    assert caught.value.errors == ["第2行：修改已公开任务的目标值、单位或完成期限必须填写变更原因"]
    assert set(Commitment.objects.values_list("due_date", flat=True)) == {date(2024, 12, 31)}


def test_rows_the_department_left_blank_are_skipped(two_tasks, reporter_a):
    template = spreadsheets.progress_template(user=reporter_a, today=TODAY)
    upload = _fill(template, {"2024-2-1-01": {"累计完成值": 40, "进展情况": "推进中"}})

    assert spreadsheets.import_progress(upload, by=reporter_a, today=TODAY, submit=False).created == 1
    assert list(ProgressReport.objects.values_list("state", "value")) == [("draft", Decimal(40))]


def test_an_untouched_template_imports_nothing_and_says_so(two_tasks, reporter_a):
    upload = files.upload("t.xlsx", spreadsheets.progress_template(user=reporter_a, today=TODAY))

    with pytest.raises(spreadsheets.SpreadsheetError) as caught:
        spreadsheets.import_progress(upload, by=reporter_a, today=TODAY)
    assert "没有可导入的行" in caught.value.errors[0]
