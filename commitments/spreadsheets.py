"""Excel in and out of the admin: the department's bulk progress template and the 任务分解表 round trip.

Both imports are all-or-nothing: every row is validated first and any error, reported per row in Chinese,
means nothing is written. Writes go through the domain functions (reviews, breakdown), so history, recompute
and cache invalidation are the same as for a form.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from commitments import breakdown, evidence, forms, permissions, reviews
from commitments.amendments import AmendmentError, needs_reason
from commitments.models import Commitment, Department, ProgressReport, WorkReport

MAX_ROWS = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_SHEET, MILESTONE_SHEET, BREAKDOWN_SHEET = "进展填报", "时间节点", "任务分解表"
PROGRESS_HEADERS = ["任务编号", "任务简称", "目标", "单位", "已审核值", "填报月份", "累计完成值", "完成的节点",
                    "累计完成投资（亿元）", "进展情况"]  # fmt: skip
BREAKDOWN_HEADERS = ["任务编号", "任务简称", "牵头单位", "配合单位", "目标类型", "比较方式", "目标值", "单位",
                     "开始日期", "完成期限", "是否公开", "变更原因"]  # fmt: skip
PROGRESS_INPUTS = ["累计完成值", "完成的节点", "累计完成投资（亿元）", "进展情况"]
_SEPARATORS = re.compile(r"[、,，;；\n]+")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class SpreadsheetError(Exception):
    """An Excel file that cannot be imported; ``errors`` lists the problems row by row, in Chinese."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


@dataclass
class Result:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)


# --- reading --------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read(upload, *, sheet: str, headers: list[str]) -> list[tuple[int, dict]]:
    """Rows of one sheet as (Excel row number, {header: cell}); empty rows skipped."""
    try:
        evidence.inspect(upload, allowed=("xlsx",))
    except evidence.EvidenceError:
        raise SpreadsheetError("请上传 Excel 工作簿（.xlsx）；其他格式（含 .xls、.csv）不能导入") from None
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError):
        raise SpreadsheetError("无法读取该 Excel 文件，请使用下载的模板重新填写") from None
    if sheet not in book.sheetnames:
        raise SpreadsheetError(f"找不到工作表“{sheet}”，请使用下载的模板")
    rows = book[sheet].iter_rows(values_only=True)
    found = [_text(v) for v in next(rows, ())][: len(headers)]
    if found != headers:
        raise SpreadsheetError(f"工作表“{sheet}”的表头与模板不一致，请勿增删或调整列")
    result = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(f"一次最多导入 {MAX_ROWS} 行")
        cells = dict(zip(headers, (*row, *[None] * len(headers)), strict=False))
        if any(_text(v) for v in cells.values()):
            result.append((number, cells))
    book.close()
    return result


def _month(value) -> date:
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = forms._plain(_text(value))
    for fmt in forms.MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise ValidationError(f"填报月份“{_text(value)}”格式不对，应为 2024-06")


def _day(value, *, label: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = forms._plain(_text(value))
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"{label}“{_text(value)}”格式不对，应为 2024-12-31")


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _fail(errors: list[str]) -> None:
    if errors:
        raise SpreadsheetError(f"导入失败，共 {len(errors)} 处错误，未写入任何数据", errors)


def _workbook_bytes(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # openpyxl stores any text starting with "=" as a formula; a title or unit typed that way
                    # must stay text, or the workbook we hand out runs it (formula injection).
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for cell, width in zip(sheet[1], widths, strict=True):
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


# --- the department's progress template -----------------------------------------------------------------


def template_commitments(user):
    """The tasks a user's template lists: those they may report on that are not yet complete."""
    return (
        permissions.commitments_reportable_by(user)
        .exclude(status=Commitment.Status.COMPLETED)
        .select_related("lead_department")
        .prefetch_related("milestones")
        .order_by("code")
    )


def _target_text(c: Commitment) -> str:
    if c.target_value is None:
        return "定性任务：完成各时间节点"
    return f"{c.get_comparator_display().split('（')[0]} {c.target_value.normalize():f}"


def progress_template(*, user, today: date) -> bytes:
    """The bulk progress workbook for the tasks a user reports on, with this month filled in."""
    book = Workbook()
    sheet = book.active
    sheet.title = PROGRESS_SHEET
    _header(sheet, PROGRESS_HEADERS, [16, 28, 20, 8, 10, 10, 12, 24, 14, 50])
    milestones = book.create_sheet(MILESTONE_SHEET)
    _header(milestones, ["任务编号", "节点", "计划完成日期", "已完成"], [16, 40, 14, 8])
    for c in template_commitments(user):
        current = f"{c.current_value.normalize():f}" if c.current_value is not None else ""
        sheet.append([c.code, c.title, _target_text(c), c.unit, current, f"{today:%Y-%m}", None, None, None, None])
        for m in c.milestones.all():
            milestones.append([c.code, m.title, m.due_date, "是" if m.done_on else ""])
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "@"  # text: Excel must not turn 2024-06 into a date of its own choosing
            cell.alignment = Alignment(horizontal="center")
    return _workbook_bytes(book)


@dataclass(frozen=True)
class _ProgressRow:
    number: int
    progress_report: ProgressReport


def _progress_row(cells: dict, *, by: dict[str, Commitment], today: date) -> ProgressReport:
    code = _text(cells["任务编号"])
    commitment = by.get(code)
    if commitment is None:
        raise ValidationError(f"任务编号“{code}”不存在，或不是本单位可以填报的任务")
    period = forms.check_period(_month(cells["填报月份"]), commitment=commitment, today=today)
    value = forms.parse_figure(cells["累计完成值"], unit=commitment.unit, label="累计完成值")
    if value is not None:
        forms.check_figure(value, kind=commitment.kind, unit=commitment.unit, label="累计完成值")
    investment = forms.parse_figure(cells["累计完成投资（亿元）"], unit="亿元", label="累计完成投资")
    if investment is not None:
        forms.check_figure(investment, kind=Commitment.Kind.COUNT, unit="亿元", label="累计完成投资")
    milestone = None
    if title := _text(cells["完成的节点"]):
        milestone = next((m for m in commitment.milestones.all() if m.title == title), None)
        if milestone is None:
            raise ValidationError(f"节点“{title}”不是该任务的时间节点（见“{MILESTONE_SHEET}”工作表）")
    report = ProgressReport(
        commitment=commitment,
        period=period,
        value=value,
        milestone=milestone,
        investment_completed=investment,
        narrative=_text(cells["进展情况"]),
    )
    try:
        reviews.check_content(report)
        reviews.check_no_pending(report)
    except reviews.ReviewError as exc:
        raise ValidationError(str(exc)) from None
    return report


def import_progress(upload, *, by, today: date, submit: bool = True, ip: str | None = None) -> Result:
    """Create one report per filled row of the template; any error anywhere means nothing is written."""
    # Code, title and month come filled in: a row counts only once the department wrote something in it.
    rows = [(n, cells) for n, cells in _read(upload, sheet=PROGRESS_SHEET, headers=PROGRESS_HEADERS)
            if any(_text(cells[h]) for h in PROGRESS_INPUTS)]  # fmt: skip
    commitments = {c.code: c for c in permissions.commitments_reportable_by(by).prefetch_related("milestones")}
    errors, parsed, seen = [], [], {}
    for number, cells in rows:
        try:
            report = _progress_row(cells, by=commitments, today=today)
        except ValidationError as exc:
            errors.append(f"第{number}行：{_messages(exc)}")
            continue
        key = (report.commitment.code, report.period)
        if key in seen:
            errors.append(f"第{number}行：与第{seen[key]}行重复（同一任务同一月份只能填报一次）")
            continue
        seen[key] = number
        parsed.append(_ProgressRow(number, report))
    if not rows:
        errors.append("没有可导入的行：请在“累计完成值”“完成的节点”或“进展情况”中填写内容")
    _fail(errors)
    result = Result()
    try:
        with transaction.atomic():
            for row in parsed:
                reviews.save_draft(row.progress_report, by=by, changed=["imported"], ip=ip)
                if submit:
                    reviews.submit(row.progress_report, by=by, ip=ip)
                result.created += 1
    except reviews.ReviewError as exc:  # a report submitted meanwhile by someone else: the import is undone
        raise SpreadsheetError("导入失败，未写入任何数据", [f"第{row.number}行：{exc}"]) from None
    return result


# --- the 任务分解表 round trip --------------------------------------------------------------------------


def _kind_label(value: str) -> str:
    return dict(Commitment.Kind.choices).get(value, value)


def export_breakdown(*, work_report: WorkReport) -> bytes:
    """Every commitment of a report with its departments, target and dates, as an administrator edits it."""
    book = Workbook()
    sheet = book.active
    sheet.title = BREAKDOWN_SHEET
    _header(sheet, BREAKDOWN_HEADERS, [16, 30, 22, 36, 12, 14, 12, 8, 12, 12, 8, 30])
    rows = work_report.commitments.select_related("lead_department").prefetch_related("supporting_departments")
    for c in rows.order_by("position", "code"):
        sheet.append(
            [
                c.code,
                c.title,
                c.lead_department.name if c.lead_department else "",
                "、".join(d.name for d in c.supporting_departments.all()),
                _kind_label(c.kind),
                c.get_comparator_display(),
                float(c.target_value) if c.target_value is not None else None,
                c.unit,
                c.start_date,
                c.due_date,
                "是" if c.is_public else "否",
                "",
            ]
        )
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    notes = book.create_sheet("说明")
    for line in (
        f"{work_report.title}：任务分解表。按“任务编号”匹配任务，编号不可修改。",
        "可修改：任务简称、牵头单位、配合单位（用“、”分隔）、目标值、单位、开始日期、完成期限。",
        "“目标类型”“比较方式”“是否公开”仅供参考，导入时不读取。",
        "修改已公开任务的目标值、单位或完成期限，必须在“变更原因”中写明原因；原因将向公众公开。",
        "单位名称须与系统中的责任单位全称或简称一致。任何一行有错误时，整个文件都不会导入。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return _workbook_bytes(book)


def _department(name: str, by_name: dict[str, Department]) -> Department:
    department = by_name.get(name)
    if department is None:
        raise ValidationError(f"责任单位“{name}”不存在")
    return department


def _breakdown_row(cells: dict, c: Commitment, by_name: dict[str, Department]) -> dict:
    errors, values = [], {}
    title = _text(cells["任务简称"])
    if not title:
        errors.append("任务简称不能为空")
    elif len(title) > Commitment._meta.get_field("title").max_length:
        errors.append("任务简称过长")
    else:
        values["title"] = title
    lead = _text(cells["牵头单位"])
    supporting = [n for n in _SEPARATORS.split(_text(cells["配合单位"])) if n.strip()]
    try:
        values["lead_department"] = _department(lead, by_name) if lead else None
    except ValidationError as exc:
        errors.append(f"牵头单位：{_messages(exc)}")
    values["supporting"] = []
    for name in supporting:
        try:
            values["supporting"].append(_department(name.strip(), by_name))
        except ValidationError as exc:
            errors.append(f"配合单位：{_messages(exc)}")
    unit = _text(cells["单位"])
    if len(unit) > Commitment._meta.get_field("unit").max_length:
        errors.append("单位过长")
    values["unit"] = unit
    try:
        target = forms.parse_figure(cells["目标值"], unit=unit, label="目标值")
        if target is None and c.is_quantified:
            raise ValidationError("定量任务必须填写目标值")
        if target is not None:
            forms.check_figure(target, kind=c.kind, unit=unit, label="目标值")
            values["target_value"] = target
    except ValidationError as exc:
        errors.append(_messages(exc))
    for column, key in (("开始日期", "start_date"), ("完成期限", "due_date")):
        try:
            values[key] = _day(cells[column], label=column)
        except ValidationError as exc:
            errors.append(_messages(exc))
    if "start_date" in values and "due_date" in values and values["due_date"] < values["start_date"]:
        errors.append("完成期限不能早于开始日期")
    if errors:
        raise ValidationError(errors)
    return values


def import_breakdown(upload, *, work_report: WorkReport, by, today: date, ip: str | None = None) -> Result:
    """Apply an edited 任务分解表, matched by 任务编号; any unknown code or department means nothing is written."""
    rows = _read(upload, sheet=BREAKDOWN_SHEET, headers=BREAKDOWN_HEADERS)
    commitments = {
        c.code: c
        for c in work_report.commitments.select_related("lead_department").prefetch_related("supporting_departments")
    }
    by_name: dict[str, Department] = {}
    for d in Department.objects.all():
        by_name.setdefault(d.name, d)
        if d.short_name:
            by_name.setdefault(d.short_name, d)
    errors, planned, seen = [], [], {}
    for number, cells in rows:
        code = _text(cells["任务编号"])
        c = commitments.get(code)
        if c is None:
            errors.append(f"第{number}行：任务编号“{code}”在《{work_report.title}》中不存在")
            continue
        if code in seen:
            errors.append(f"第{number}行：任务编号“{code}”与第{seen[code]}行重复")
            continue
        seen[code] = number
        try:
            values = _breakdown_row(cells, c, by_name)
        except ValidationError as exc:
            errors.extend(f"第{number}行：{m}" for m in exc.messages)
            continue
        supporting = values.pop("supporting")
        changes = {k: v for k, v in values.items() if getattr(c, k) != v}
        same_support = sorted(d.pk for d in supporting) == sorted(d.pk for d in c.supporting_departments.all())
        reason = _text(cells["变更原因"])
        if needs_reason(c, changes) and not reason:
            errors.append(f"第{number}行：修改已公开任务的目标值、单位或完成期限必须填写变更原因")
            continue
        planned.append((number, c, changes, None if same_support else supporting, reason))
    _fail(errors)
    result = Result()
    with transaction.atomic():
        for number, c, changes, supporting, reason in planned:
            if not changes and supporting is None:
                result.unchanged += 1
                continue
            try:
                breakdown.update(c, by=by, values=changes, supporting=supporting, reason=reason, today=today, ip=ip)
            except AmendmentError as exc:  # raised inside the block: everything written so far is undone
                raise SpreadsheetError("导入失败，未写入任何数据", [f"第{number}行：{exc}"]) from None
            result.changed += 1
    return result
