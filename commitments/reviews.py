"""Progress reports through review (进展填报 → 审核): save, submit, approve, return (退回), verify (督查核实).

DESIGN.md "Targets and progress": only approved reports move figures or reach the public; an approved
report is never edited or deleted (a correction is a new report). Each transition locks, guards, writes,
records history and defers side effects to ``on_commit``. The commitment row is locked before the report
so that two reviews of one commitment run one after the other and each recompute sees the other's result.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from commitments import evidence, figures, history, notify, permissions
from commitments.models import Commitment, ProgressReport
from commitments.public import cache as public_cache

State = ProgressReport.State


class ReviewError(Exception):
    """A report transition that cannot be made; the message is for the user."""


def _lock(progress_report: ProgressReport) -> ProgressReport:
    Commitment.objects.select_for_update().only("pk").get(pk=progress_report.commitment_id)
    return ProgressReport.objects.select_for_update().select_related("commitment").get(pk=progress_report.pk)


def check_content(progress_report: ProgressReport) -> None:
    """What a report must say before review: a figure for a quantified task, a milestone of the same task
    for a qualitative one, and a narrative."""
    commitment = progress_report.commitment
    if progress_report.milestone_id is not None and progress_report.milestone.commitment_id != commitment.pk:
        raise ReviewError("所选节点不属于该任务")
    if commitment.is_quantified and progress_report.value is None:
        raise ReviewError("定量任务必须填写累计完成值")
    if not commitment.is_quantified and progress_report.milestone_id is None and progress_report.value is None:
        raise ReviewError("定性任务请选择本次完成的节点")
    if not progress_report.narrative.strip():
        raise ReviewError("请填写进展情况")


def check_no_pending(progress_report: ProgressReport) -> None:
    """One report per task and month waits for review at a time: the reviewer never has to choose."""
    pending = ProgressReport.objects.filter(
        commitment_id=progress_report.commitment_id, period=progress_report.period, state=State.SUBMITTED
    ).exclude(pk=progress_report.pk)
    if pending.exists():
        raise ReviewError(f"该任务{progress_report.period:%Y年%m月}已有待审核的填报，请等待审核结果后再提交")


@transaction.atomic
def save_draft(progress_report: ProgressReport, *, by, changed: list[str] | None = None, ip: str | None = None):
    """Create or change a draft (or returned) report of one's own department; nothing else is editable."""
    if not permissions.can_report_on(by, progress_report.commitment):
        raise ReviewError("只能填报本单位牵头的任务")
    creating = progress_report.pk is None
    if not creating:
        current = _lock(progress_report)
        if not permissions.can_edit_report(by, current):
            raise ReviewError("只能修改本单位草稿或被退回的填报；已提交或已通过的填报不能修改")
    if (
        progress_report.milestone_id is not None
        and progress_report.milestone.commitment_id != progress_report.commitment_id
    ):
        raise ReviewError("所选节点不属于该任务")
    if creating:
        progress_report.state = State.DRAFT
        progress_report.submitted_by = by
    progress_report.save()
    action = "progress_report.created" if creating else "progress_report.changed"
    history.record(progress_report, action, by=by, data={"fields": sorted(changed or [])}, ip=ip)
    return progress_report


@transaction.atomic
def submit(progress_report: ProgressReport, *, by, ip: str | None = None) -> ProgressReport:
    """提交审核: a draft or returned report of one's own department goes to the supervisors."""
    progress_report = _lock(progress_report)
    if progress_report.state == State.SUBMITTED:
        return progress_report  # double click: already waiting for review
    if not permissions.can_edit_report(by, progress_report):
        raise ReviewError("只能提交本单位草稿或被退回的填报")
    check_content(progress_report)
    check_no_pending(progress_report)
    progress_report.state, progress_report.submitted_by, progress_report.submitted_at = (
        State.SUBMITTED,
        by,
        timezone.now(),
    )
    progress_report.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    history.record(progress_report, "progress_report.submitted", by=by, data=_figures(progress_report), ip=ip)
    return progress_report


@transaction.atomic
def approve(
    progress_report: ProgressReport, *, by, today: date, note: str = "", ip: str | None = None
) -> ProgressReport:
    """审核通过: the report counts from now on; the commitment's figures and status are recomputed at once."""
    if not permissions.is_supervisor(by):
        raise ReviewError("只有督查室可以审核填报")
    progress_report = _lock(progress_report)
    if progress_report.state == State.APPROVED and progress_report.reviewed_by_id == by.pk:
        return progress_report  # double click or a retried request: no-op
    if progress_report.state != State.SUBMITTED:
        raise ReviewError(_not_waiting(progress_report))
    check_content(progress_report)
    progress_report.state, progress_report.reviewed_by, progress_report.reviewed_at = State.APPROVED, by, timezone.now()
    progress_report.review_note = note.strip()
    progress_report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    history.record(
        progress_report,
        "progress_report.approved",
        by=by,
        data=_figures(progress_report),
        reason=progress_report.review_note,
        ip=ip,
    )
    figures.recompute(progress_report.commitment, today=today)
    transaction.on_commit(public_cache.invalidate)  # public pages show approved data only
    notify.report_reviewed(progress_report, to=notify.report_recipients(progress_report))  # delivered after commit
    return progress_report


@transaction.atomic
def return_report(progress_report: ProgressReport, *, by, reason: str, ip: str | None = None) -> ProgressReport:
    """退回: the department corrects and resubmits; the reason is required and shown to the department."""
    if not permissions.is_supervisor(by):
        raise ReviewError("只有督查室可以审核填报")
    if not reason.strip():
        raise ReviewError("退回填报必须填写退回原因")
    progress_report = _lock(progress_report)
    if progress_report.state != State.SUBMITTED:
        raise ReviewError(_not_waiting(progress_report))
    progress_report.state, progress_report.reviewed_by, progress_report.reviewed_at = State.RETURNED, by, timezone.now()
    progress_report.review_note = reason.strip()
    progress_report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    history.record(
        progress_report,
        "progress_report.returned",
        by=by,
        data=_figures(progress_report),
        reason=progress_report.review_note,
        ip=ip,
    )
    notify.report_reviewed(progress_report, to=notify.report_recipients(progress_report))  # delivered after commit
    return progress_report


@transaction.atomic
def verify(progress_report: ProgressReport, *, by, note: str, ip: str | None = None) -> ProgressReport:
    """督查核实: a supervisor confirmed an approved figure on site; the public sees that it is verified."""
    if not permissions.is_supervisor(by):
        raise ReviewError("只有督查室可以核实填报")
    if not note.strip():
        raise ReviewError("请填写核实说明（核实时间、地点、方式）")
    progress_report = _lock(progress_report)
    if progress_report.state != State.APPROVED:
        raise ReviewError("只能核实已审核通过的填报")
    if progress_report.verified:
        raise ReviewError("该填报已经核实过")
    progress_report.verified, progress_report.verified_by, progress_report.verified_at = True, by, timezone.now()
    progress_report.verification_note = note.strip()
    progress_report.save(update_fields=["verified", "verified_by", "verified_at", "verification_note", "updated_at"])
    history.record(progress_report, "progress_report.verified", by=by, reason=progress_report.verification_note, ip=ip)
    transaction.on_commit(public_cache.invalidate)
    return progress_report


@transaction.atomic
def delete_draft(progress_report: ProgressReport, *, by, ip: str | None = None) -> None:
    """Delete one's own draft or returned report with its evidence files; reviewed history stays."""
    progress_report = _lock(progress_report)
    if not permissions.can_edit_report(by, progress_report):
        raise ReviewError("只能删除本单位草稿或被退回的填报；已通过的填报不能删除")
    for item in list(progress_report.evidence.all()):
        evidence.remove(item, by=by, ip=ip)
    history.record(progress_report, "progress_report.deleted", by=by, data=_figures(progress_report), ip=ip)
    progress_report.delete()


def _figures(progress_report: ProgressReport) -> dict:
    return {
        "period": progress_report.period,
        "value": progress_report.value,
        "milestone": progress_report.milestone.title if progress_report.milestone_id else None,
        "investment_completed": progress_report.investment_completed,
    }


def _not_waiting(progress_report: ProgressReport) -> str:
    if progress_report.state == State.APPROVED:
        who = progress_report.reviewed_by.get_username() if progress_report.reviewed_by_id else "他人"
        return f"该填报已由 {who} 审核通过，不能再次审核"
    if progress_report.state == State.RETURNED:
        return "该填报已被退回，等待单位修改后重新提交"
    return "只能审核已提交的填报"
