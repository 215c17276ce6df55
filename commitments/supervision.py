"""Supervision notices (督办): a supervisor asks a department to act or explain by a date; it responds;
the supervisor closes the matter (DESIGN.md "Who uses it").

A notice may also start as a proposal of the daily escalation (red, ``proposed=True``); the department
sees it only once a supervisor confirms it. A notice whose response date has passed unanswered is overdue.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from commitments import history, notify, permissions
from commitments.models import Commitment, SupervisionNotice

State = SupervisionNotice.State
MAX_RESPONSE_DAYS = 366


class SupervisionError(Exception):
    """A notice that cannot be issued, answered or closed; the message is for the user."""


def check_issue(*, commitment: Commitment, by, reason: str, response_due: date | None, today: date) -> None:
    """The rules for a new notice, also run by the admin form so that the user sees them as field errors."""
    if not permissions.is_supervisor(by):
        raise SupervisionError("只有督查室可以下发督办通知")
    if not reason.strip():
        raise SupervisionError("请填写督办事由")
    if response_due is None:
        raise SupervisionError("请填写答复期限")
    if response_due < today:
        raise SupervisionError("答复期限不能早于今天")
    if (response_due - today).days > MAX_RESPONSE_DAYS:
        raise SupervisionError("答复期限不能超过一年")
    if commitment.lead_department_id is None:
        raise SupervisionError("该任务尚未确定牵头单位，无法督办")


@transaction.atomic
def issue_notice(
    commitment: Commitment, *, by, reason: str, response_due: date, today: date, ip: str | None = None
) -> SupervisionNotice:
    """下发督办 to the commitment's lead department."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    check_issue(commitment=commitment, by=by, reason=reason, response_due=response_due, today=today)
    notice = SupervisionNotice.objects.create(
        commitment=commitment,
        department_id=commitment.lead_department_id,
        reason=reason.strip(),
        response_due=response_due,
        issued_by=by,
    )
    history.record(notice, "notice.issued", by=by, data={"response_due": response_due}, reason=notice.reason, ip=ip)
    _tell_department(notice, commitment)
    return notice


@transaction.atomic
def confirm_proposal(
    notice: SupervisionNotice, *, by, response_due: date, today: date, ip: str | None = None
) -> SupervisionNotice:
    """Turn an escalation's proposed notice into an issued one: from now on the department sees it."""
    notice = SupervisionNotice.objects.select_for_update().select_related("commitment").get(pk=notice.pk)
    if not notice.proposed:
        return notice
    check_issue(commitment=notice.commitment, by=by, reason=notice.reason, response_due=response_due, today=today)
    notice.proposed, notice.issued_by, notice.response_due = False, by, response_due
    notice.save(update_fields=["proposed", "issued_by", "response_due"])
    history.record(notice, "notice.issued", by=by, data={"response_due": response_due, "proposed": True}, ip=ip)
    _tell_department(notice, notice.commitment)
    return notice


def _tell_department(notice: SupervisionNotice, commitment: Commitment) -> None:
    # In the issuing transaction: the messages are stored with the notice and handed to the broker only
    # after commit (notify.store), so a broker outage never undoes an issued notice.
    members = notify.department_members([notice.department_id])
    notify.notice_issued(notice, commitment, to=members.get(notice.department_id, []))


@transaction.atomic
def respond(notice: SupervisionNotice, *, by, response: str, ip: str | None = None) -> SupervisionNotice:
    """The department's answer (答复) to an open notice."""
    notice = SupervisionNotice.objects.select_for_update().select_related("commitment").get(pk=notice.pk)
    if not permissions.can_respond_to(by, notice):
        if notice.state != State.OPEN:
            raise SupervisionError("该督办已答复或已办结，不能再次答复")
        raise SupervisionError("只有被督办单位可以答复")
    if not response.strip():
        raise SupervisionError("请填写答复内容")
    notice.state, notice.response = State.RESPONDED, response.strip()
    notice.responded_by, notice.responded_at = by, timezone.now()
    notice.save(update_fields=["state", "response", "responded_by", "responded_at"])
    history.record(notice, "notice.responded", by=by, reason=notice.response, ip=ip)
    return notice


@transaction.atomic
def close(notice: SupervisionNotice, *, by, note: str = "", ip: str | None = None) -> SupervisionNotice:
    """办结: the supervisor ends the matter, after the answer or without one (the task got done)."""
    if not permissions.is_supervisor(by):
        raise SupervisionError("只有督查室可以办结督办")
    notice = SupervisionNotice.objects.select_for_update().select_related("commitment").get(pk=notice.pk)
    if notice.state == State.CLOSED:
        raise SupervisionError("该督办已经办结")
    if notice.proposed:
        raise SupervisionError("系统建议的督办尚未下发，无需办结")
    notice.state, notice.closed_by, notice.closed_at = State.CLOSED, by, timezone.now()
    notice.save(update_fields=["state", "closed_by", "closed_at"])
    history.record(notice, "notice.closed", by=by, reason=note.strip(), ip=ip)
    return notice


def overdue_notices(qs: QuerySet[SupervisionNotice] | None = None, *, today: date) -> QuerySet[SupervisionNotice]:
    """Issued notices still unanswered after their response date (逾期未答复)."""
    qs = SupervisionNotice.objects.all() if qs is None else qs
    return qs.filter(state=State.OPEN, proposed=False, response_due__lt=today)


def awaiting_response(qs: QuerySet[SupervisionNotice] | None = None) -> QuerySet[SupervisionNotice]:
    qs = SupervisionNotice.objects.all() if qs is None else qs
    return qs.filter(state=State.OPEN, proposed=False)
