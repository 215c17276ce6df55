"""Daily reminders to departments (DESIGN.md "Reporting and escalation"): who is reminded of what, and when.

The lead department's reporters are reminded
- of an unfinished milestone or an open commitment due in 7 days and in 1 day (``DUE_DAYS``);
- on the day a commitment or one of its milestones becomes overdue (the day after its due date);
- of this month's progress report still owed 3 days and 1 day before the reporting day (``REPORT_DAYS``);
- of an issued supervision notice whose response date is 3 days or 1 day away, or passed yesterday.

The rules on days are pure functions; ``select`` finds today's reminders in five queries; ``send`` stores
one message per reminder and reporter, keyed by rule, object and day, so a rerun sends nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from commitments import notify
from commitments.models import Commitment, Milestone, ProgressReport, SupervisionNotice
from commitments.reporting import REPORTED_STATES, month_start, owing_commitments, reporting_deadline

logger = logging.getLogger(__name__)

DUE_DAYS = (7, 1)
REPORT_DAYS = (3, 1)
NOTICE_DAYS = (3, 1)

MILESTONE_DUE, COMMITMENT_DUE = "milestone_due", "commitment_due"
MILESTONE_OVERDUE, COMMITMENT_OVERDUE = "milestone_overdue", "commitment_overdue"
REPORT_OWED, NOTICE_DUE, NOTICE_OVERDUE = "report_owed", "notice_due", "notice_overdue"


@dataclass(frozen=True)
class Reminder:
    rule: str
    department_id: int
    commitment_id: int
    commitment: str  # code and title, for the message
    object_key: str  # e.g. "milestone:12": with the rule and the day, what makes a reminder unique
    subject: str  # the milestone, report month or notice the reminder is about
    when: date  # the due date, reporting day or response date
    days: int  # days until ``when``; negative once passed
    admin_path: str

    @property
    def text(self) -> str:
        """The reminder in one sentence."""
        if self.rule in (MILESTONE_DUE, COMMITMENT_DUE):
            return f"{self.subject}将于{self.when:%Y年%m月%d日}到期（还有 {self.days} 天），请抓紧推进。"
        if self.rule in (MILESTONE_OVERDUE, COMMITMENT_OVERDUE):
            return f"{self.subject}已于{self.when:%Y年%m月%d日}到期未完成，现已逾期，请说明情况并加快推进。"
        if self.rule == REPORT_OWED:
            return f"{self.subject}尚未填报，截止日为{self.when:%Y年%m月%d日}（还有 {self.days} 天）。"
        if self.rule == NOTICE_DUE:
            return f"{self.subject}答复期限为{self.when:%Y年%m月%d日}（还有 {self.days} 天），请按时答复。"
        return f"{self.subject}已超过答复期限（{self.when:%Y年%m月%d日}），请尽快答复。"


# --- Rules on days: pure ----------------------------------------------------------------------------------


def due_soon(*, due: date, today: date) -> bool:
    """Due in exactly 7 or 1 days."""
    return (due - today).days in DUE_DAYS


def became_overdue(*, due: date, today: date) -> bool:
    """Today is the first overdue day: the day after the due date."""
    return (today - due).days == 1


def report_period_owed(*, today: date) -> date | None:
    """This month, when today is 3 days or 1 day before its reporting day; otherwise None."""
    period = month_start(today)
    return period if (reporting_deadline(period) - today).days in REPORT_DAYS else None


def notice_rule(*, response_due: date, today: date) -> str | None:
    days = (response_due - today).days
    if days in NOTICE_DAYS:
        return NOTICE_DUE
    if days == -1:
        return NOTICE_OVERDUE
    return None


# --- Selection ---------------------------------------------------------------------------------------------


def _commitment_path(pk: int) -> str:
    return reverse("admin:commitments_commitment_change", args=[pk])


def _label(code: str, title: str) -> str:
    return f"{code} {title}"


def _milestone_reminders(*, today: date) -> list[Reminder]:
    days = [today + timedelta(days=d) for d in DUE_DAYS] + [today - timedelta(days=1)]
    rows = (
        Milestone.objects.filter(
            done_on__isnull=True,
            due_date__in=days,
            commitment__in=Commitment.objects.open().filter(lead_department__isnull=False),
        )
        .order_by("due_date", "pk")
        .values_list(
            "pk", "title", "due_date", "commitment_id", "commitment__code", "commitment__title",
            "commitment__lead_department_id", "commitment__status",
        )
    )  # fmt: skip
    found = []
    for pk, title, due, cid, code, ctitle, department_id, status in rows:
        if due_soon(due=due, today=today):
            rule = MILESTONE_DUE
        elif became_overdue(due=due, today=today) and status == Commitment.Status.OVERDUE:
            rule = MILESTONE_OVERDUE  # the status says the milestone was missed, not met by an interim figure
        else:
            continue
        found.append(
            Reminder(rule, department_id, cid, _label(code, ctitle), f"milestone:{pk}",
                     f"节点“{title}”", due, (due - today).days, _commitment_path(cid))
        )  # fmt: skip
    return found


def _commitment_reminders(*, today: date) -> list[Reminder]:
    days = [today + timedelta(days=d) for d in DUE_DAYS] + [today - timedelta(days=1)]
    rows = (
        Commitment.objects.open()
        .filter(lead_department__isnull=False, due_date__in=days)
        .order_by("due_date", "pk")
        .values_list("pk", "code", "title", "due_date", "lead_department_id", "status")
    )
    found = []
    for pk, code, title, due, department_id, status in rows:
        if due_soon(due=due, today=today):
            rule = COMMITMENT_DUE
        elif became_overdue(due=due, today=today) and status == Commitment.Status.OVERDUE:
            rule = COMMITMENT_OVERDUE
        else:
            continue
        found.append(
            Reminder(rule, department_id, pk, _label(code, title), f"commitment:{pk}", "任务",
                     due, (due - today).days, _commitment_path(pk))
        )  # fmt: skip
    return found


def _report_reminders(*, today: date) -> list[Reminder]:
    period = report_period_owed(today=today)
    if period is None:
        return []
    deadline = reporting_deadline(period)
    reported = ProgressReport.objects.filter(period=period, state__in=REPORTED_STATES).values("commitment_id")
    rows = (
        owing_commitments(Commitment.objects.open())
        .filter(start_date__lte=today, due_date__gte=period)
        .exclude(pk__in=reported)
        .order_by("pk")
        .values_list("pk", "code", "title", "lead_department_id")
    )
    return [
        Reminder(REPORT_OWED, department_id, pk, _label(code, title), f"report:{pk}:{period:%Y-%m}",
                 f"{period:%Y年%m月}进展", deadline, (deadline - today).days, _commitment_path(pk))
        for pk, code, title, department_id in rows
    ]  # fmt: skip


def _notice_reminders(*, today: date) -> list[Reminder]:
    days = [today + timedelta(days=d) for d in NOTICE_DAYS] + [today - timedelta(days=1)]
    rows = (
        SupervisionNotice.objects.filter(state=SupervisionNotice.State.OPEN, proposed=False, response_due__in=days)
        .order_by("response_due", "pk")
        .values_list("pk", "response_due", "department_id", "commitment_id", "commitment__code", "commitment__title")
    )
    found = []
    for pk, due, department_id, cid, code, title in rows:
        rule = notice_rule(response_due=due, today=today)
        if rule:
            path = reverse("admin:commitments_supervisionnotice_change", args=[pk])
            found.append(
                Reminder(rule, department_id, cid, _label(code, title), f"notice:{pk}", "督办通知", due,
                         (due - today).days, path)
            )  # fmt: skip
    return found


def select(*, today: date) -> list[Reminder]:
    """Every reminder due today, in a fixed number of queries."""
    return [
        *_milestone_reminders(today=today),
        *_commitment_reminders(today=today),
        *_report_reminders(today=today),
        *_notice_reminders(today=today),
    ]


def send(*, today: date) -> tuple[int, int]:
    """Store today's reminders for every reporter of the departments concerned; (reminders, new messages)."""
    items = select(today=today)
    members = notify.department_members(item.department_id for item in items)
    messages = sum(notify.reminder(item, today=today, to=members.get(item.department_id, [])) for item in items)
    logger.info("reminders %s: %d due, %d new messages", today.isoformat(), len(items), messages)
    return len(items), messages
