"""The admin start page (工作台) and the monthly reporting compliance page.

A supervisor's start page lists what needs attention: reports awaiting review, overdue, lagging and soon
due commitments, missing monthly reports, notices awaiting a response; each with a count, a link and the
escalation colour of every item (commitments.escalation_rules). A reporter's start page lists what their
department still owes this month, returned reports and open notices. Every list is a fixed number of
queries, however many commitments there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from commitments import permissions, reporting, supervision
from commitments.models import Commitment, Department, Milestone, ProgressReport, SupervisionNotice
from commitments.rules import colours

SHOWN = 10  # items listed per queue; the count and the link cover the rest
Status, State = Commitment.Status, ProgressReport.State


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    detail: str = ""
    colour: str | None = None
    flag: str = ""  # a short warning shown next to the item, e.g. 逾期未答复

    @property
    def colour_label(self) -> str:
        return colours.LABELS.get(self.colour or "", "")


@dataclass(frozen=True)
class Queue:
    title: str
    count: int
    url: str
    items: list[Item] = field(default_factory=list)
    colour: str | None = None
    note: str = ""


def last_due_period(today: date) -> date:
    """The latest month whose reporting day has passed: reports for it are on time, late or missing."""
    this_month = reporting.month_start(today)
    if today > reporting.reporting_deadline(this_month):
        return this_month
    return reporting.month_start(this_month - timedelta(days=1))


def _admin_url(name: str, *args, query: str = "") -> str:
    url = reverse(f"admin:commitments_{name}", args=args)
    return f"{url}?{query}" if query else url


class Colours:
    """Escalation colours of any set of commitments: two queries (missed reports, open milestone dates)."""

    def __init__(self, *, today: date, missing: set[int]):
        self.today, self.missing, self.dates = today, missing, defaultdict(list)

    def load(self, commitments: list[Commitment]) -> None:
        ids = {c.pk for c in commitments}
        rows = Milestone.objects.filter(commitment_id__in=ids, done_on__isnull=True).values_list(
            "commitment_id", "due_date"
        )
        for pk, due in rows:
            self.dates[pk].append(due)

    def of(self, c: Commitment) -> str | None:
        return colours.colour(
            status=c.status,
            pace=c.pace,
            next_due=colours.next_due(due_date=c.due_date, milestone_due_dates=self.dates[c.pk], today=self.today),
            missed_report=c.pk in self.missing,
            today=self.today,
        )


def _commitment_items(rows: list[Commitment], palette: Colours, detail) -> list[Item]:
    return [Item(f"{c.code} {c.title}", _admin_url("commitment_change", c.pk), detail(c), palette.of(c)) for c in rows]


def _missing(*, today: date, commitments) -> tuple[date, list[reporting.Obligation]]:
    period = last_due_period(today)
    found = reporting.obligations(commitments=commitments, months=[period], today=today)
    return period, [o for o in found if o.state(today=today) == "missing"]


def _lead(c: Commitment) -> str:
    return str(c.lead_department or "未确定牵头单位")


def supervisor_queues(*, today: date) -> list[Queue]:
    """Everything a supervisor works through, each queue with a count, a link and its first items."""
    period, missing = _missing(today=today, commitments=Commitment.objects.all())
    palette = Colours(today=today, missing={o.commitment_id for o in missing})
    commitments = Commitment.objects.select_related("lead_department")
    pending = ProgressReport.objects.filter(state=State.SUBMITTED).select_related("commitment__lead_department")
    overdue = commitments.filter(status=Status.OVERDUE).order_by("due_date", "code")
    lagging = commitments.filter(status=Status.LAGGING).order_by("progress_percent", "code")
    window = (today, today + timedelta(days=colours.BLUE_WITHIN_DAYS))
    soon_ms = Milestone.objects.filter(done_on__isnull=True, due_date__range=window).values("commitment_id")
    soon = commitments.open().filter(Q(due_date__range=window) | Q(pk__in=soon_ms)).order_by("due_date", "code")
    notices = supervision.awaiting_response().select_related("commitment", "department").order_by("response_due")

    first = {
        "pending": list(pending.order_by("submitted_at")[:SHOWN]),
        "overdue": list(overdue[:SHOWN]),
        "lagging": list(lagging[:SHOWN]),
        "soon": list(soon[:SHOWN]),
        "notices": list(notices[:SHOWN]),
    }
    missed = missing[:SHOWN]
    missed_commitments = Commitment.objects.in_bulk([o.commitment_id for o in missed])
    departments = Department.objects.in_bulk([o.department_id for o in missed])
    palette.load(
        [r.commitment for r in first["pending"]]
        + first["overdue"]
        + first["lagging"]
        + first["soon"]
        + [n.commitment for n in first["notices"]]
        + list(missed_commitments.values())
    )

    def pending_item(r: ProgressReport) -> Item:
        submitted = timezone.localtime(r.submitted_at)
        detail = f"{_lead(r.commitment)} · {r.period:%Y-%m} · 提交于 {submitted:%m-%d}"
        label = f"{r.commitment.code} {r.commitment.title}"
        return Item(label, _admin_url("progressreport_change", r.pk), detail, palette.of(r.commitment))

    def missed_item(o: reporting.Obligation) -> Item:
        c = missed_commitments[o.commitment_id]
        detail = f"{departments[o.department_id]} · 截止 {o.deadline:%m-%d}"
        return Item(f"{c.code} {c.title}", _admin_url("commitment_change", c.pk), detail, palette.of(c))

    def notice_item(n: SupervisionNotice) -> Item:
        flag = "逾期未答复" if n.is_overdue(today=today) else ""
        detail = f"{n.department} · 答复期限 {n.response_due:%Y-%m-%d}"
        label = f"{n.commitment.code} {n.commitment.title}"
        return Item(label, _admin_url("supervisionnotice_change", n.pk), detail, palette.of(n.commitment), flag)

    def reason(c: Commitment) -> str:
        return f"{_lead(c)} · {c.status_reason}"

    stale = reporting.stale_commitments(today=today).count()
    overdue_notices = supervision.overdue_notices(today=today).count()
    proposed = SupervisionNotice.objects.filter(proposed=True, state=SupervisionNotice.State.OPEN).count()
    changelist = "commitment_changelist"
    return [
        Queue(
            "待审核填报",
            pending.count(),
            _admin_url("progressreport_changelist", query="state__exact=submitted"),
            [pending_item(r) for r in first["pending"]],
        ),
        Queue(
            "逾期任务",
            overdue.count(),
            _admin_url(changelist, query="status__exact=overdue"),
            _commitment_items(first["overdue"], palette, reason),
            colours.RED,
        ),
        Queue(
            "滞后任务（欠进度）",
            lagging.count(),
            _admin_url(changelist, query="status__exact=lagging"),
            _commitment_items(first["lagging"], palette, reason),
            colours.YELLOW,
        ),
        Queue(
            f"{period:%Y年%m月}未按时填报",
            len(missing),
            _admin_url("progressreport_compliance", query=f"month={period:%Y-%m}"),
            [missed_item(o) for o in missed],
            colours.YELLOW,
            note=f"长期未更新（超过{settings.TRACKER_STALE_DAYS}天无审核通过的进展）：{stale} 项",
        ),
        Queue(
            "7天内到期",
            soon.count(),
            _admin_url(changelist, query="due_soon=7"),
            _commitment_items(first["soon"], palette, lambda c: f"{_lead(c)} · 完成期限 {c.due_date:%Y-%m-%d}"),
            colours.BLUE,
        ),
        Queue(
            "待答复督办",
            notices.count(),
            _admin_url("supervisionnotice_changelist", query="state__exact=open&proposed__exact=0"),
            [notice_item(n) for n in first["notices"]],
            note=f"其中逾期未答复 {overdue_notices} 项；系统建议待下发 {proposed} 项",
        ),
    ]


def reporter_queues(*, user, today: date) -> list[Queue]:
    ids = permissions.department_ids(user)
    departments = list(Department.objects.filter(pk__in=ids).order_by("name"))
    deadline = reporting.reporting_deadline(reporting.month_start(today))
    add = _admin_url("progressreport_add")
    owed_items, owed_count = [], 0
    for department in departments:  # one query per department: a reporter belongs to one or two
        owed = list(reporting.owed_this_month(department=department, today=today))
        owed_count += len(owed)
        owed_items += [
            Item(f"{c.code} {c.title}", f"{add}?commitment={c.pk}", f"{department} · 点击填报") for c in owed
        ]
    reports = permissions.reports_visible_to(user).filter(commitment__lead_department_id__in=ids)
    returned = reports.filter(state=State.RETURNED).order_by("-reviewed_at")
    drafts = reports.filter(state=State.DRAFT).order_by("-updated_at")
    notices = permissions.notices_visible_to(user).filter(state=SupervisionNotice.State.OPEN).order_by("response_due")
    reports_url = "progressreport_changelist"
    return [
        Queue(f"本月待填报（{deadline:%m月%d日}前）", owed_count, add, owed_items[:SHOWN],
              colours.YELLOW if owed_count and today > deadline else None),
        Queue("被退回的填报", returned.count(), _admin_url(reports_url, query="state__exact=returned"),
              [Item(str(r), _admin_url("progressreport_change", r.pk), f"退回原因：{r.review_note}")
               for r in returned[:SHOWN]], colours.YELLOW if returned.exists() else None),
        Queue("未提交的草稿", drafts.count(), _admin_url(reports_url, query="state__exact=draft"),
              [Item(str(r), _admin_url("progressreport_change", r.pk)) for r in drafts[:SHOWN]]),
        Queue("待答复督办", notices.count(), _admin_url("supervisionnotice_changelist", query="state__exact=open"),
              [Item(f"{n.commitment.code} {n.commitment.title}", _admin_url("supervisionnotice_change", n.pk),
                    f"答复期限 {n.response_due:%Y-%m-%d}", colours.RED if n.is_overdue(today=today) else None,
                    "逾期未答复" if n.is_overdue(today=today) else "") for n in notices[:SHOWN]]),
    ]  # fmt: skip


def worklist(user, *, today: date) -> dict:
    if permissions.is_supervisor(user):
        return {"queues": supervisor_queues(today=today), "role": "supervisor", "today": today}
    if permissions.department_ids(user):
        return {"queues": reporter_queues(user=user, today=today), "role": "reporter", "today": today}
    return {"queues": [], "role": "", "today": today}


def _start_page(request: HttpRequest) -> HttpResponse:
    response = admin.site.index(request, extra_context=worklist(request.user, today=timezone.localdate()))
    response.template_name = "admin/tracker_index.html"
    return response


# Served at /admin/ ahead of the admin's own index (tracker/urls.py): the same page, with the worklist on top.
start_page = admin.site.admin_view(_start_page)


def _months(request: HttpRequest, *, today: date) -> tuple[list[date], str]:
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= today.year:
        months = reporting.months_between(date(int(year), 1, 1), min(date(int(year), 12, 31), today))
        return months, f"{year}年全年"
    try:
        period = date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        period = last_due_period(today)
    return [reporting.month_start(period)], f"{period:%Y年%m月}"


def compliance_view(request: HttpRequest) -> HttpResponse:
    """Per department: monthly reports on time, late, missing, not yet due; and stale commitments."""
    if not permissions.is_supervisor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    months, label = _months(request, today=today)
    everything = Commitment.objects.all()
    rows = reporting.department_compliance(commitments=everything, months=months, today=today)
    missing = [o for o in reporting.obligations(commitments=everything, months=months, today=today)
               if o.state(today=today) == "missing"]  # fmt: skip
    named = Commitment.objects.select_related("lead_department").in_bulk([o.commitment_id for o in missing])
    stale = reporting.stale_commitments(today=today).select_related("lead_department").order_by("last_approved_at")
    period = months[-1]
    context = {
        **admin.site.each_context(request),
        "title": f"月度填报情况：{label}",
        "rows": rows,
        "missing": [(o, named[o.commitment_id]) for o in missing],
        "stale": stale,
        "stale_days": settings.TRACKER_STALE_DAYS,
        "previous": reporting.month_start(period - timedelta(days=1)),
        "next": (period + timedelta(days=32)).replace(day=1) if period < reporting.month_start(today) else None,
        "year": period.year,
    }
    return TemplateResponse(request, "admin/commitments/compliance.html", context)
