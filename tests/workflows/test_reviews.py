"""Reports through review (commitments.reviews): submit, approve, return, verify, and nothing else."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from commitments import reviews
from commitments.models import Commitment, HistoryEntry, Milestone, ProgressReport
from commitments.public import cache as public_cache

TODAY = date(2024, 6, 28)


def _actions(obj) -> list[str]:
    entries = HistoryEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("pk")
    return list(entries.values_list("action", flat=True))


def test_it_submits_a_draft_of_the_lead_department(make_commitment, make_progress_report, reporter_a):
    report = make_progress_report(make_commitment())

    reviews.submit(report, by=reporter_a, ip="10.0.0.7")

    report.refresh_from_db()
    assert (report.state, report.submitted_by) == ("submitted", reporter_a)
    assert report.submitted_at is not None
    entry = HistoryEntry.objects.get(action="progress_report.submitted")
    assert (entry.actor, entry.ip_address, entry.data["value"]) == (reporter_a, "10.0.0.7", "50")


def test_reporter_b_cannot_submit_dept_a_draft(make_commitment, make_progress_report, reporter_b):
    report = make_progress_report(make_commitment())

    with pytest.raises(reviews.ReviewError, match="本单位"):
        reviews.submit(report, by=reporter_b)

    report.refresh_from_db()
    assert report.state == "draft"
    assert not HistoryEntry.objects.filter(action__startswith="report.").exists()


def test_a_quantified_report_needs_a_figure(make_commitment, make_progress_report, reporter_a):
    report = make_progress_report(make_commitment(), value=None)

    with pytest.raises(reviews.ReviewError, match="累计完成值"):
        reviews.submit(report, by=reporter_a)
    report.refresh_from_db()
    assert report.state == "draft"


def test_a_milestone_of_another_commitment_is_refused(make_commitment, make_progress_report, reporter_a):
    other = make_commitment(kind="milestone", target_value=None)
    foreign = Milestone.objects.create(commitment=other, title="完成设计", due_date=date(2024, 3, 31))
    report = make_progress_report(make_commitment(kind="milestone", target_value=None), value=None, milestone=foreign)

    with pytest.raises(reviews.ReviewError, match="不属于该任务"):
        reviews.submit(report, by=reporter_a)


def test_only_one_report_per_task_and_month_waits_for_review(make_commitment, make_progress_report, reporter_a):
    commitment = make_commitment()
    make_progress_report(commitment, state="submitted")
    second = make_progress_report(commitment)

    with pytest.raises(reviews.ReviewError, match="待审核"):
        reviews.submit(second, by=reporter_a)


def test_approval_recomputes_figures_and_status_at_once(make_commitment, make_progress_report, supervisor):
    commitment = make_commitment(target_value=Decimal(100))
    report = make_progress_report(commitment, state="submitted", value=Decimal(60))

    reviews.approve(report, by=supervisor, today=TODAY, note="数据属实")

    commitment.refresh_from_db()
    assert commitment.current_value == Decimal(60)
    assert commitment.progress_percent == Decimal("60.00")
    assert commitment.status == Commitment.Status.ON_TRACK
    assert _actions(report) == ["progress_report.approved"]


def test_approval_retires_the_public_cache_after_commit(
    make_commitment, make_progress_report, supervisor, django_capture_on_commit_callbacks
):
    report = make_progress_report(make_commitment(), state="submitted")
    before = public_cache.version()

    with django_capture_on_commit_callbacks(execute=True):
        reviews.approve(report, by=supervisor, today=TODAY)

    assert public_cache.version() > before


def test_a_reporter_cannot_approve(make_commitment, make_progress_report, reporter_a):
    report = make_progress_report(make_commitment(), state="submitted")

    with pytest.raises(reviews.ReviewError, match="督查室"):
        reviews.approve(report, by=reporter_a, today=TODAY)
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_draft_cannot_be_approved(make_commitment, make_progress_report, supervisor):
    report = make_progress_report(make_commitment())

    with pytest.raises(reviews.ReviewError, match="已提交"):
        reviews.approve(report, by=supervisor, today=TODAY)


def test_a_return_needs_a_reason_and_writes_nothing_without_one(make_commitment, make_progress_report, supervisor):
    report = make_progress_report(make_commitment(), state="submitted")

    with pytest.raises(reviews.ReviewError, match="退回原因"):
        reviews.return_report(report, by=supervisor, reason="  ")

    report.refresh_from_db()
    assert (report.state, report.review_note) == ("submitted", "")
    assert not HistoryEntry.objects.filter(action__startswith="report.").exists()


def test_a_returned_report_is_corrected_and_resubmitted(make_commitment, make_progress_report, supervisor, reporter_a):
    report = make_progress_report(make_commitment(), state="submitted")

    reviews.return_report(report, by=supervisor, reason="请补充验收资料")
    report.refresh_from_db()
    assert (report.state, report.review_note) == ("returned", "请补充验收资料")

    report.value = Decimal(55)
    reviews.save_draft(report, by=reporter_a, changed=["value"])
    reviews.submit(report, by=reporter_a)
    report.refresh_from_db()
    assert report.state == "submitted"
    assert _actions(report) == ["progress_report.returned", "progress_report.changed", "progress_report.submitted"]


def test_double_approval_by_the_same_supervisor_is_a_no_op(make_commitment, make_progress_report, supervisor):
    report = make_progress_report(make_commitment(), state="submitted")

    reviews.approve(report, by=supervisor, today=TODAY)
    reviews.approve(report, by=supervisor, today=TODAY)

    assert _actions(report) == ["progress_report.approved"]


def test_a_second_supervisor_cannot_review_an_approved_report(
    make_commitment, make_progress_report, supervisor, other_supervisor
):
    report = make_progress_report(make_commitment(), state="submitted")
    reviews.approve(report, by=supervisor, today=TODAY)

    with pytest.raises(reviews.ReviewError, match="已由 supervisor 审核通过"):
        reviews.approve(report, by=other_supervisor, today=TODAY)
    with pytest.raises(reviews.ReviewError):
        reviews.return_report(report, by=other_supervisor, reason="再看看")


def test_verification_marks_an_approved_figure_with_a_note(make_commitment, make_progress_report, supervisor):
    report = make_progress_report(make_commitment(), state="submitted")
    reviews.approve(report, by=supervisor, today=TODAY)

    reviews.verify(report, by=supervisor, note="6月27日现场查看园林小区，数据属实")

    report.refresh_from_db()
    assert report.verified and report.verified_by == supervisor
    assert report.verification_note.startswith("6月27日")


@pytest.mark.parametrize(
    ("state", "note", "message"), [("submitted", "核实", "已审核通过"), ("approved", " ", "核实说明")]
)
def test_verification_needs_an_approved_report_and_a_note(
    state, note, message, make_commitment, make_progress_report, supervisor
):
    report = make_progress_report(make_commitment(), state=state)

    with pytest.raises(reviews.ReviewError, match=message):
        reviews.verify(report, by=supervisor, note=note)
    report.refresh_from_db()
    assert not report.verified


def test_a_draft_is_deleted_with_its_history_kept(make_commitment, make_progress_report, reporter_a):
    report = make_progress_report(make_commitment())
    pk = report.pk

    reviews.delete_draft(report, by=reporter_a)

    assert not ProgressReport.objects.filter(pk=pk).exists()
    assert HistoryEntry.objects.filter(action="progress_report.deleted", object_id=str(pk)).exists()


def test_an_approved_report_cannot_be_deleted(make_commitment, make_progress_report, reporter_a, admin_user):
    report = make_progress_report(make_commitment(), state="approved")

    for user in (reporter_a, admin_user):
        with pytest.raises(reviews.ReviewError, match="不能删除"):
            reviews.delete_draft(report, by=user)
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def _race(action_a, action_b) -> list[object]:
    """Run two review actions at once, each in its own thread and database connection."""
    barrier, outcomes = threading.Barrier(2), [None, None]

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "ok"
        except reviews.ReviewError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate((action_a, action_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_supervisors_approving_at_once_cannot_both_succeed(
    make_commitment, make_progress_report, supervisor, other_supervisor
):
    report = make_progress_report(make_commitment(), state="submitted")

    outcomes = _race(
        lambda: reviews.approve(report, by=supervisor, today=TODAY),
        lambda: reviews.approve(report, by=other_supervisor, today=TODAY),
    )

    assert sorted(isinstance(o, reviews.ReviewError) for o in outcomes) == [False, True]
    assert HistoryEntry.objects.filter(action="progress_report.approved").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_return_at_once_leave_one_decision(
    make_commitment, make_progress_report, supervisor, other_supervisor
):
    report = make_progress_report(make_commitment(), state="submitted")

    outcomes = _race(
        lambda: reviews.approve(report, by=supervisor, today=TODAY),
        lambda: reviews.return_report(report, by=other_supervisor, reason="数据有误"),
    )

    assert outcomes.count("ok") == 1
    report.refresh_from_db()
    decided = HistoryEntry.objects.filter(action__in=["progress_report.approved", "progress_report.returned"])
    assert decided.count() == 1
    assert decided.get().action == f"progress_report.{report.state}"
