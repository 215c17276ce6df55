"""Open data downloads: the filtered commitment list as CSV and XLSX, approved updates as CSV.

CSV is UTF-8 with a byte-order mark so that Excel opens Chinese text correctly. A text cell that a
spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets a leading
apostrophe in both formats, so the same figures read the same everywhere and nothing executes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from commitments.models import Commitment, ProgressReport
from commitments.public import selectors
from commitments.public.cache import cached_public
from commitments.public.filters import CommitmentFilter
from commitments.public.tables import CommitmentTable, commitment_url
from commitments.public.views import report_from
from commitments.templatetags.tracker_format import SHANGHAI

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _names(departments) -> str:
    return "、".join(d.name for d in departments)


COMMITMENT_COLUMNS: list[tuple[str, Callable[[Commitment], object]]] = [
    ("报告年度", lambda c: c.work_report.year),
    ("报告", lambda c: c.work_report.title),
    ("编号", lambda c: c.code),
    ("任务简称", lambda c: c.title),
    ("报告原文", lambda c: c.quote),
    ("所属章节", lambda c: str(c.section)),
    ("牵头单位", lambda c: c.lead_department.name if c.lead_department else ""),
    ("配合单位", lambda c: _names(c.supporting_departments.all())),
    ("目标类型", lambda c: c.get_kind_display()),
    ("比较方式", lambda c: c.get_comparator_display()),
    ("目标值", lambda c: c.target_value),
    ("单位", lambda c: c.unit),
    ("基数", lambda c: c.baseline_value),
    ("当前值", lambda c: c.current_value),
    ("进度(%)", lambda c: c.progress_percent),
    ("目标达成(%)", lambda c: c.achievement_percent),
    ("序时进度(%)", lambda c: c.expected_pace_percent),
    ("进度对比", lambda c: c.get_pace_display()),
    ("状态", lambda c: c.get_status_display()),
    ("状态说明", lambda c: c.status_reason),
    ("调整/暂缓原因", lambda c: c.terminal_reason),
    ("开始日期", lambda c: c.start_date),
    ("完成期限", lambda c: c.due_date),
    ("年度计划投资（亿元）", lambda c: c.planned_investment),
    ("已完成投资（亿元）", lambda c: c.investment_completed),
    ("最近通过的填报", lambda c: c.last_approved_at),
    ("网址", lambda c: commitment_url(c)),
]

UPDATE_COLUMNS: list[tuple[str, Callable[[ProgressReport], object]]] = [
    ("报告年度", lambda r: r.commitment.work_report.year),
    ("任务编号", lambda r: r.commitment.code),
    ("任务简称", lambda r: r.commitment.title),
    ("填报月份", lambda r: r.period.strftime("%Y-%m")),
    ("累计完成值", lambda r: r.value),
    ("单位", lambda r: r.commitment.unit),
    ("累计完成投资（亿元）", lambda r: r.investment_completed),
    ("进展情况", lambda r: r.narrative),
    ("审核通过日期", lambda r: r.reviewed_at),
    ("督查核实", lambda r: "是" if r.verified else "否"),
]


def cell(value: object) -> object:
    """A value as a spreadsheet cell: dates in Asia/Shanghai, formula-like text neutralised."""
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date()
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(columns, records: Iterable) -> Iterable[list]:
    yield [header for header, _get in columns]
    for record in records:
        yield [cell(get(record)) for _header, get in columns]


def csv_response(rows: Iterable[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel needs the BOM to read UTF-8 Chinese
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[list], filename: str, *, title: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filtered_commitments(request: HttpRequest):
    """The rows of /commitments/ for the same query string: report, filters and sort (fixed queries)."""
    work_reports = selectors.work_report_choices()
    work_report = report_from(work_reports, request)
    base = selectors.public_commitments()
    if work_report is not None:
        base = base.filter(work_report=work_report)
    rows = CommitmentFilter(request.GET, queryset=base, work_report=work_report).filtered()
    table = CommitmentTable(selectors.listing(rows), order_by=request.GET.get("sort") or None)
    ordered = table.data.data  # the queryset as the table sorted it
    return work_report, ordered.prefetch_related("supporting_departments")


def absolute_links(request: HttpRequest, rows: Iterable[list]) -> Iterable[list]:
    """The 网址 column as full addresses: a downloaded file has no site for a path to be relative to."""
    site = request.build_absolute_uri("/").removesuffix("/")  # once: a report may have thousands of rows
    rows = iter(rows)
    header = next(rows)
    yield header
    at = header.index("网址")
    for row in rows:
        row[at] = site + row[at]
        yield row


def _stem(work_report) -> str:
    return f"commitments-{work_report.year}-{work_report.pk}" if work_report else "commitments-all"


@require_safe
@cached_public
def commitments_csv(request: HttpRequest) -> HttpResponse:
    work_report, rows = filtered_commitments(request)
    return csv_response(absolute_links(request, table_rows(COMMITMENT_COLUMNS, rows)), f"{_stem(work_report)}.csv")


@require_safe
@cached_public
def commitments_xlsx(request: HttpRequest) -> HttpResponse:
    work_report, rows = filtered_commitments(request)
    rows = absolute_links(request, table_rows(COMMITMENT_COLUMNS, rows))
    return xlsx_response(rows, f"{_stem(work_report)}.xlsx", title="重点任务")


@require_safe
@cached_public
def updates_csv(request: HttpRequest) -> HttpResponse:
    """Every approved update of one report (the latest unless ``?report=``), oldest first."""
    work_report = report_from(selectors.work_report_choices(), request)
    updates = (
        selectors.public_progress_reports()
        .select_related("commitment__work_report")
        .order_by("period", "reviewed_at", "pk")
    )
    if work_report is not None:
        updates = updates.filter(commitment__work_report=work_report)
    stem = f"updates-{work_report.year}-{work_report.pk}" if work_report else "updates-all"
    return csv_response(table_rows(UPDATE_COLUMNS, updates), f"{stem}.csv")


@require_safe
@cached_public
def index(request: HttpRequest) -> HttpResponse:
    work_reports = selectors.work_report_choices()
    work_report = report_from(work_reports, request)
    return render(request, "public/open_data.html", {"work_report": work_report, "work_reports": work_reports})
