"""Daily escalation (DESIGN.md "Reporting and escalation"): each open commitment gets its colour.

Blue (蓝色提醒) for a due date within 7 days, yellow (黄色催办) for 欠进度 or a missed monthly report, red
(红色督办) for overdue: the rule is ``colours.colour``. Each colour is stored once per cause in an
``Escalation`` row unique on (commitment, level, trigger), the trigger naming the cause:
``due:2024-12-31`` (the date missed, or the date coming up), ``pace:2024-11`` or ``report:2024-11``
(the month). Only a newly created row notifies the lead department; a new red one also proposes a
supervision notice to the supervisors. A row is resolved when its cause is gone, and reopened, silently,
if the same cause comes back. Runs after the status scan, reading the figures it stored.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from commitments import actions, notify
from commitments.models import Commitment, Escalation, HistoryEntry, ProgressReport, SupervisionNotice
from commitments.reporting import REPORTED_STATES, month_start, reporting_deadline
from commitments.rules import colours
from commitments.rules.progress import MilestoneFact, compute_progress
from commitments.scan import milestone_facts_of

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
NOTICE_RESPONSE_DAYS = 7
_FIELDS = (
    "pk", "code", "title", "status", "status_reason", "pace", "kind", "comparator", "target_value",
    "baseline_value", "current_value", "start_date", "due_date", "lead_department_id", "terminal_state",
)  # fmt: skip


@dataclass
class EscalationResult:
    raised: Counter = field(default_factory=Counter)
    resolved: int = 0
    notices: int = 0
    messages: int = 0

    def __str__(self) -> str:
        raised = "、".join(f"{colours.LABELS[k]} {self.raised[k]}" for k in ("red", "yellow", "blue"))
        return f"新增预警：{raised}；解除 {self.resolved} 条；建议督办 {self.notices} 件；新消息 {self.messages} 条"


# --- Rules: pure ---------------------------------------------------------------------------------------------


def last_due_period(*, today: date) -> date:
    """The latest month whose reporting day has passed: a report still missing for it is a missed report."""
    this_month = month_start(today)
    if today > reporting_deadline(this_month):
        return this_month
    return month_start(this_month - timedelta(days=1))


def owes_report(*, start: date, due: date, period: date) -> bool:
    return month_start(start) <= period <= due


def overdue_since(*, row: dict, milestones: tuple[MilestoneFact, ...], today: date) -> date | None:
    """The date whose passing made a commitment overdue: its own due date, else the first missed milestone.

    A milestone counts as met when done, or when the approved figure reaches its interim target, as in
    ``status.assess``.
    """
    if today > row["due_date"]:
        return row["due_date"]
    missed = [m.due_date for m in milestones if m.due_date < today and not _met(m, row)]
    return min(missed, default=None)


def _met(m: MilestoneFact, row: dict) -> bool:
    if m.is_done:
        return True
    if m.target_value is None or row["current_value"] is None:
        return False
    return compute_progress(
        kind=row["kind"],
        comparator=row["comparator"],
        target=m.target_value,
        current=row["current_value"],
        baseline=row["baseline_value"],
    ).met


def trigger_for(
    level: str, *, row: dict, milestones: tuple[MilestoneFact, ...], next_due: date | None,
    missed_period: date | None, today: date,
) -> str:  # fmt: skip
    """The cause of a colour, as stored in Escalation.trigger."""
    if level == colours.RED:
        since = overdue_since(row=row, milestones=milestones, today=today) or row["due_date"]
        return f"due:{since.isoformat()}"
    if level == colours.YELLOW:
        if row["pace"] == Commitment.Pace.BEHIND and row["status"] != Commitment.Status.NOT_STARTED:
            return f"pace:{today:%Y-%m}"
        return f"report:{missed_period:%Y-%m}"
    return f"due:{next_due.isoformat()}"


# --- The daily run ----------------------------------------------------------------------------------------


def escalate_all(*, today: date, chunk_size: int = CHUNK_SIZE) -> EscalationResult:
    """Give every open commitment its colour as of ``today``; idempotent, and safe to run twice at once."""
    result = EscalationResult()
    period = last_due_period(today=today)
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(Commitment.objects.open().filter(pk__gt=last_pk).order_by("pk").values(*_FIELDS)[:chunk_size])
            if not rows:
                break
            _escalate_chunk(rows, period=period, today=today, result=result)
        last_pk = rows[-1]["pk"]
    with transaction.atomic():
        # Completed, adjusted or suspended since: nothing is left to escalate.
        result.resolved += (
            Escalation.objects.filter(resolved_on__isnull=True)
            .filter(~Q(commitment__in=Commitment.objects.open()))
            .update(resolved_on=today)
        )
    logger.info("escalation %s: %s", today.isoformat(), result)
    return result


def _escalate_chunk(rows: list[dict], *, period: date, today: date, result: EscalationResult) -> None:
    ids = [r["pk"] for r in rows]
    milestones = milestone_facts_of(ids)
    reported = set(
        ProgressReport.objects.filter(
            commitment_id__gte=ids[0],
            commitment_id__lte=ids[-1],
            period=period,
            state__in=REPORTED_STATES,
            submitted_at__isnull=False,  # as reporting.obligations counts a report as made
        ).values_list("commitment_id", flat=True)
    )
    wanted: dict[int, tuple[str, str]] = {}
    for row in rows:
        facts = milestones.get(row["pk"], ())
        missed = (
            row["lead_department_id"] is not None
            and not row["terminal_state"]
            and owes_report(start=row["start_date"], due=row["due_date"], period=period)
            and row["pk"] not in reported
        )
        upcoming = colours.next_due(
            due_date=row["due_date"], milestone_due_dates=[m.due_date for m in facts if not m.is_done], today=today
        )
        level = colours.colour(
            status=row["status"], pace=row["pace"], next_due=upcoming, missed_report=missed, today=today
        )
        if level:
            trigger = trigger_for(
                level, row=row, milestones=facts, next_due=upcoming, missed_period=period, today=today
            )
            wanted[row["pk"]] = (level, trigger)

    existing = Escalation.objects.filter(commitment_id__in=ids).values_list(
        "pk", "commitment_id", "level", "trigger", "resolved_on"
    )
    known, to_resolve, to_reopen = set(), [], []
    for pk, commitment_id, level, trigger, resolved_on in existing:
        known.add((commitment_id, level, trigger))
        current = wanted.get(commitment_id) == (level, trigger)
        if resolved_on is None and not current:
            to_resolve.append(pk)
        elif resolved_on is not None and current:
            to_reopen.append(pk)
    if to_resolve:
        result.resolved += Escalation.objects.filter(pk__in=to_resolve).update(resolved_on=today)
    if to_reopen:
        Escalation.objects.filter(pk__in=to_reopen).update(resolved_on=None)

    new = [(pk, level, trigger) for pk, (level, trigger) in wanted.items() if (pk, level, trigger) not in known]
    if new:
        _raise_new(new, today=today, result=result)


def _raise_new(new: list[tuple[int, str, str]], *, today: date, result: EscalationResult) -> None:
    """Store the chunk's new colours and announce those this run created, in a fixed number of statements.

    The unique (commitment, level, trigger) decides who announces: the insert skips a row that exists or
    that a parallel run commits first, and returns only its own, so a rerun or a second run at once writes
    no second notice, history entry or message.
    """
    created = notify.insert_new(
        Escalation,
        [{"commitment_id": pk, "level": level, "trigger": trigger, "created_on": today} for pk, level, trigger in new],
        unique=("commitment", "level", "trigger"),
        returning=("id", "commitment_id", "level", "trigger"),
    )
    if not created:
        return
    created.sort(key=lambda r: r[1])  # commitment order, as the rows were read; RETURNING promises no order
    commitments = Commitment.objects.select_related("lead_department").in_bulk([r[1] for r in created])
    escalations = [
        Escalation(pk=pk, commitment=commitments[cid], level=level, trigger=trigger, created_on=today)
        for pk, cid, level, trigger in created
    ]
    notices = propose_notices(escalations, today=today)
    members = notify.department_members(e.commitment.lead_department_id for e in escalations)
    supervisors = notify.supervisors() if notices else []
    entries, messages = [], []
    for escalation in escalations:
        commitment, level = escalation.commitment, escalation.level
        result.raised[level] += 1
        entries.append(_entry(escalation, "escalation.raised", data={"level": level, "trigger": escalation.trigger}))
        to = members.get(commitment.lead_department_id, [])
        messages += notify.escalation_messages(escalation, commitment, to=to)
        if notice := notices.get(escalation.pk):
            result.notices += 1
            entries.append(
                _entry(notice, "notice.proposed", data={"trigger": escalation.trigger}, reason=notice.reason)
            )
            messages += notify.notice_messages(notice, commitment, to=supervisors)
    HistoryEntry.objects.bulk_create(entries, batch_size=notify.BATCH_SIZE)
    result.messages += notify.store(messages)


def propose_notices(escalations: list[Escalation], *, today: date) -> dict[int, SupervisionNotice]:
    """Each new red item's 督办, proposed to the supervisors (proposed=True), by escalation id: the department
    sees it only once a supervisor confirms it (supervision.confirm_proposal). A task without a lead
    department gets none. Written in bulk with its simple-history record, as ``objects.create`` would."""
    reds = [e for e in escalations if e.level == colours.RED and e.commitment.lead_department_id]
    if not reds:
        return {}
    notices = [
        SupervisionNotice(
            commitment=e.commitment,
            department=e.commitment.lead_department,
            reason=notice_reason(e.commitment, today=today),
            response_due=today + timedelta(days=NOTICE_RESPONSE_DAYS),
            proposed=True,
        )
        for e in reds
    ]
    bulk_create_with_history(notices, SupervisionNotice, batch_size=notify.BATCH_SIZE)
    for escalation, notice in zip(reds, notices, strict=True):
        escalation.notice = notice
    _link_notices([(e.pk, e.notice.pk) for e in reds])
    return {e.pk: e.notice for e in reds}


def _link_notices(pairs: list[tuple[int, int]]) -> None:
    # One UPDATE … FROM a list of (escalation, notice) per batch: bulk_update's CASE WHEN per row costs
    # the database a comparison per row and branch, a quarter of the whole run at 50,000 red items.
    table, qn = Escalation._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), notify.BATCH_SIZE):
            batch = pairs[start : start + notify.BATCH_SIZE]
            values = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f"WITH v(id, notice_id) AS (VALUES {values}) "  # noqa: S608 (names from the model)
                f"UPDATE {qn(table)} SET notice_id = v.notice_id FROM v WHERE {qn(table)}.id = v.id",
                [x for pair in batch for x in pair],
            )


def notice_reason(commitment: Commitment, *, today: date) -> str:
    return (
        f"红色督办：“{commitment.code} {commitment.title}”{commitment.status_reason or '已逾期'}。"
        f"请于{today + timedelta(days=NOTICE_RESPONSE_DAYS):%Y年%m月%d日}前书面说明原因并报送整改措施。"
    )


def _entry(obj: Escalation | SupervisionNotice, action: str, *, data: dict, reason: str = "") -> HistoryEntry:
    # What history.record writes (no actor: the system acts), unsaved, so that a chunk's entries take one INSERT.
    return HistoryEntry(
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        commitment=obj.commitment,
        data=data,
        reason=reason,
        is_public=actions.is_public(action),
    )
