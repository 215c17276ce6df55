"""Monthly reporting compliance (DESIGN.md "Reporting and escalation").

Each lead department owes one report per running commitment per month, due by the reporting day (the
25th, a setting). A report is on time when it was submitted by that day, late when submitted after, and
missing when the day has passed without one. A commitment is stale when its last approved update is older
than TRACKER_STALE_DAYS (60). Public figures count approved reports only, so nothing unapproved leaks.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from commitments.models import Commitment, Department, ProgressReport

REPORTED_STATES = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED, ProgressReport.State.RETURNED)


def month_start(day: date) -> date:
    return day.replace(day=1)


def reporting_deadline(period: date) -> date:
    """The day a month's report is due: the reporting day, or the month's last day in a short month."""
    last = calendar.monthrange(period.year, period.month)[1]
    return period.replace(day=min(settings.TRACKER_REPORTING_DAY, last))


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s month to ``end``'s month, inclusive."""
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def owing_commitments(qs: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """Commitments whose lead department reports monthly: assigned and not adjusted or suspended."""
    qs = Commitment.objects.all() if qs is None else qs
    return qs.filter(lead_department__isnull=False, terminal_state="")


@dataclass(frozen=True)
class Obligation:
    commitment_id: int
    department_id: int
    period: date
    deadline: date
    submitted_on: date | None

    def state(self, *, today: date) -> str:
        """on_time / late / missing / pending (not yet due and not yet reported)."""
        if self.submitted_on is not None:
            return "on_time" if self.submitted_on <= self.deadline else "late"
        return "missing" if today > self.deadline else "pending"


def obligations(
    *, commitments: QuerySet[Commitment], months: list[date], today: date, approved_only: bool = False
) -> list[Obligation]:
    """Every (commitment, month) report owed in ``months`` with the day it was first submitted: two queries."""
    owing = owing_commitments(commitments)
    rows = list(owing.values_list("pk", "lead_department_id", "start_date", "due_date"))
    if not rows or not months:
        return []
    states = (ProgressReport.State.APPROVED,) if approved_only else REPORTED_STATES
    # The commitments as a subquery, not as a list of their ids: at 100,000 commitments building, sending and
    # planning the list cost more than the query itself.
    first_submitted = {
        (r["commitment_id"], r["period"]): timezone.localdate(r["first"])
        for r in ProgressReport.objects.filter(
            commitment_id__in=owing.values("pk"),
            period__in=months,
            state__in=states,
            submitted_at__isnull=False,
        )
        .values("commitment_id", "period")
        .annotate(first=Min("submitted_at"))
    }
    deadlines = [(period, reporting_deadline(period)) for period in months if period <= today]
    result = []
    for pk, department_id, start, due in rows:
        first_month = month_start(start)
        for period, deadline in deadlines:
            if period < first_month or period > due:
                continue
            result.append(
                Obligation(
                    commitment_id=pk,
                    department_id=department_id,
                    period=period,
                    deadline=deadline,
                    submitted_on=first_submitted.get((pk, period)),
                )
            )
    return result


@dataclass(frozen=True)
class DepartmentCompliance:
    department: Department
    on_time: int
    late: int
    missing: int
    pending: int

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def on_time_rate(self) -> Decimal | None:
        """按时填报率 in percent, over the reports already due."""
        if not self.due:
            return None
        return (Decimal(self.on_time) * 100 / Decimal(self.due)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def department_compliance(
    *, commitments: QuerySet[Commitment], months: list[date], today: date, approved_only: bool = False
) -> list[DepartmentCompliance]:
    """Per lead department: reports on time, late, missing and not yet due, ranked by on-time rate."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"on_time": 0, "late": 0, "missing": 0, "pending": 0})
    for ob in obligations(commitments=commitments, months=months, today=today, approved_only=approved_only):
        counts[ob.department_id][ob.state(today=today)] += 1
    departments = Department.objects.in_bulk(list(counts))
    ranked = [DepartmentCompliance(department=departments[pk], **c) for pk, c in counts.items()]
    ranked.sort(key=lambda d: (-(d.on_time_rate or Decimal(-1)), d.department.name))
    return ranked


def owed_this_month(*, department: Department, today: date) -> QuerySet[Commitment]:
    """What a department still owes for the current month: its running commitments without a submitted report."""
    period = month_start(today)
    reported = ProgressReport.objects.filter(period=period, state__in=REPORTED_STATES).values("commitment_id")
    return (
        owing_commitments(Commitment.objects.filter(lead_department=department))
        .filter(start_date__lte=today, due_date__gte=period)
        .exclude(pk__in=reported)
        .order_by("code")
    )


def stale_commitments(*, today: date, qs: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """Running commitments whose last approved update is older than the stale limit (or that never had one)."""
    limit = today - timedelta(days=settings.TRACKER_STALE_DAYS)
    qs = owing_commitments(qs).filter(start_date__lte=limit).exclude(status=Commitment.Status.COMPLETED)
    return qs.filter(Q(last_approved_at__isnull=True) | Q(last_approved_at__date__lt=limit))
