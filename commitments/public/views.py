"""Public pages (no login): home, commitment list and page, department and section pages, evidence.

Each view loads through a public_data selector (a fixed number of queries) and renders a template; whole
responses are cached until public data changes (views/caching.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from commitments.models import WorkReport
from commitments.public import selectors
from commitments.public.cache import cached_public
from commitments.public.filters import CommitmentFilter
from commitments.public.tables import PER_PAGE, CommitmentTable

# Evidence is served only as these types; anything else downloads as opaque bytes.
SAFE_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_from(
    work_reports: list[WorkReport], request: HttpRequest, *, default_latest: bool = True
) -> WorkReport | None:
    try:
        return selectors.pick_report(work_reports, request.GET.get("report"), default_latest=default_latest)
    except selectors.UnknownReport:
        raise Http404("没有这份公开的报告") from None


LIST_FILTERS = ("section", "department", "status", "kind", "q", "supporter", "code")


def listing(
    request: HttpRequest, base, *, work_report: WorkReport | None, hide: tuple[str, ...], caption: str, scope: dict
) -> dict:
    """The filter form, the sorted and paginated table, the rates of the filtered rows and download links.

    ``scope`` is what the page itself fixes (report, department or section), added to the download links so
    that a CSV holds exactly the rows of the table.
    """
    filterset = CommitmentFilter(request.GET, queryset=base, work_report=work_report, hide=hide)
    rows = filterset.filtered()
    table = CommitmentTable(selectors.listing(rows), caption=caption)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in scope.items():
        params[name] = value
    api = {name: params[name] for name in LIST_FILTERS if params.get(name)}
    if work_report is not None:
        api["report"] = work_report.pk
    return {
        "filter": filterset,
        "table": table,
        "tally": selectors.tally(rows),
        "query": params.urlencode(),
        "api_query": urlencode(api),
        "report_value": work_report.pk if work_report else selectors.ALL_REPORTS,
        "as_of": timezone.localdate(),
    }


@require_safe
@cached_public
def home(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.home_page(report_value=request.GET.get("report"), today=timezone.localdate())
    except selectors.UnknownReport:
        raise Http404("没有这份公开的报告") from None
    return render(request, "public/home.html", {"page": page, "reporting_day": settings.TRACKER_REPORTING_DAY})


@require_safe
@cached_public
def commitment_list(request: HttpRequest) -> HttpResponse:
    work_reports = selectors.work_report_choices()
    work_report = report_from(work_reports, request)
    base = selectors.public_commitments()
    if work_report is not None:
        base = base.filter(work_report=work_report)
    scope = {"report": work_report.pk if work_report else selectors.ALL_REPORTS}
    context = listing(request, base, work_report=work_report, hide=(), caption="重点任务清单", scope=scope)
    return render(
        request, "public/commitment_list.html", {**context, "work_report": work_report, "work_reports": work_reports}
    )


@require_safe
@cached_public
def commitment_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.commitment_page(code, report_value=request.GET.get("report"), today=timezone.localdate())
    if page is None:
        raise Http404("没有这项公开的任务")
    return render(request, "public/commitment_detail.html", {"page": page, "c": page.commitment})


@require_safe
@cached_public
def department_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.department_index()
    return render(request, "public/department_list.html", {"rows": rows, "as_of": timezone.localdate()})


@require_safe
@cached_public
def department_detail(request: HttpRequest, slug: str) -> HttpResponse:
    department = selectors.department(slug)
    if department is None:
        raise Http404("没有这个责任单位")
    work_reports = selectors.work_report_choices()
    work_report = report_from(work_reports, request, default_latest=False)
    base = selectors.public_commitments().filter(lead_department=department)
    if work_report is not None:
        base = base.filter(work_report=work_report)
    report_value = work_report.pk if work_report else selectors.ALL_REPORTS
    scope = {"report": report_value, "department": department.slug}
    context = listing(
        request,
        base,
        work_report=work_report,
        hide=("department",),
        caption=f"{department.name}牵头的任务",
        scope=scope,
    )
    # The page shows the first few it supports; the commitment list pages through all of them.
    supported_query = urlencode({"report": report_value, "supporter": department.slug})
    return render(
        request,
        "public/department_detail.html",
        {
            **context,
            "department": department,
            "work_report": work_report,
            "work_reports": work_reports,
            "supported": selectors.supported_by(department, work_report=work_report),
            "supported_url": f"{reverse('public:commitment-list')}?{supported_query}",
        },
    )


@require_safe
@cached_public
def section_detail(request: HttpRequest, work_report_id: int, key: str) -> HttpResponse:
    work_report = get_object_or_404(selectors.public_work_reports(), pk=work_report_id)
    section, path, below = selectors.section_subtree(work_report, key)
    if section is None:
        raise Http404("没有这个章节")
    base = selectors.public_commitments().filter(work_report=work_report, section__in=below)
    scope = {"report": work_report.pk, "section": section.pk}
    context = listing(
        request, base, work_report=work_report, hide=("section",), caption=f"{section}的任务", scope=scope
    )
    return render(
        request,
        "public/section_detail.html",
        {**context, "work_report": work_report, "section": section, "path": path},
    )


@require_safe
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """A public evidence file as an attachment: never rendered inline, never sniffed into HTML."""
    evidence = get_object_or_404(selectors.public_evidence(), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    content_type = evidence.content_type if evidence.content_type in SAFE_TYPES else "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
