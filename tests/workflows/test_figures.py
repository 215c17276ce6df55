"""recompute(): derived figures come from approved reports only, and one function writes them."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from commitments.figures import recompute
from commitments.models import Commitment, Milestone

SH = ZoneInfo("Asia/Shanghai")


def test_it_ignores_draft_submitted_and_returned_reports(make_commitment, make_progress_report):
    c = make_commitment()
    for state in ("draft", "submitted", "returned"):
        make_progress_report(c, value=D(90), state=state)
    c = recompute(c, today=date(2024, 6, 15))
    assert c.current_value is None
    assert c.status == "not_started"
    assert c.progress_percent == 0


def test_it_takes_the_latest_approved_cumulative_value(make_commitment, make_progress_report):
    c = make_commitment()
    make_progress_report(c, period=date(2024, 4, 1), value=D(30), state="approved")
    make_progress_report(c, period=date(2024, 5, 1), value=D(52), state="approved")
    make_progress_report(c, period=date(2024, 6, 1), value=D(99), state="submitted")
    recompute(c, today=date(2024, 6, 15))
    c.refresh_from_db()
    assert c.current_value == D(52)
    assert c.progress_percent == D("50.49")
    assert (c.status, c.pace) == ("on_track", "on_pace")
    assert c.status_since == date(2024, 6, 15)
    assert c.last_approved_at is not None


def test_status_since_keeps_the_day_the_status_began(make_commitment, make_progress_report):
    c = make_commitment()
    make_progress_report(c, period=date(2024, 2, 1), value=D(5), state="approved")
    recompute(c, today=date(2024, 6, 15))
    recompute(c, today=date(2024, 6, 20))
    c.refresh_from_db()
    assert c.status == "lagging"
    assert c.status_since == date(2024, 6, 15)


def test_an_approved_milestone_report_marks_the_milestone_done_on_its_approval_day(
    make_commitment, make_progress_report
):
    c = make_commitment(kind="milestone", target_value=None, unit="")
    plan = Milestone.objects.create(commitment=c, title="筹备方案", due_date=date(2024, 3, 31), weight=D(1))
    Milestone.objects.create(commitment=c, title="举办", due_date=date(2024, 10, 31), weight=D(3))
    make_progress_report(
        c, milestone=plan, value=None, state="approved", reviewed_at=datetime(2024, 3, 20, 9, tzinfo=SH)
    )
    c = recompute(c, today=date(2024, 4, 1))
    plan.refresh_from_db()
    assert plan.done_on == date(2024, 3, 20)
    assert Commitment.objects.get(pk=c.pk).progress_percent == D("25.00")


def test_investment_completed_is_the_latest_approved_figure(make_commitment, make_progress_report):
    c = make_commitment(planned_investment=D(20))
    make_progress_report(c, period=date(2024, 3, 1), investment_completed=D(4), state="approved")
    make_progress_report(c, period=date(2024, 4, 1), investment_completed=D(9), state="submitted")
    recompute(c, today=date(2024, 4, 15))
    assert Commitment.objects.get(pk=c.pk).investment_completed == D(4)


def test_recompute_writes_no_history_row(make_commitment, make_progress_report):
    c = make_commitment()
    make_progress_report(c, value=D(52), state="approved")
    before = c.history.count()
    recompute(c, today=date(2024, 6, 15))
    assert c.history.count() == before
