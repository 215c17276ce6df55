"""Daily escalation: blue, yellow and red once per cause; red proposes a notice; causes resolve."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core import mail

from commitments import escalation, scan
from commitments.models import Commitment, Escalation, Milestone, OutboxMessage, SupervisionNotice


def _run(today: date):
    scan.scan(today=today)
    return escalation.escalate_all(today=today)


def _levels(c) -> set[tuple[str, str, bool]]:
    return {(e.level, e.trigger, e.resolved_on is None) for e in Escalation.objects.filter(commitment=c)}


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2024, 6, 25), date(2024, 5, 1)),
        (date(2024, 6, 26), date(2024, 6, 1)),
        (date(2024, 1, 3), date(2023, 12, 1)),
    ],
)
def test_the_last_due_period_is_the_latest_month_whose_reporting_day_has_passed(today, period):
    assert escalation.last_due_period(today=today) == period


def test_an_overdue_task_turns_red_for_its_missed_due_date(overdue_commitment, reporter_a, supervisor):
    result = _run(date(2025, 1, 5))
    assert _levels(overdue_commitment) == {("red", "due:2024-12-31", True)}
    assert result.raised["red"] == 1


def test_a_missed_milestone_is_the_cause_of_red_before_the_due_date(make_commitment, make_progress_report):
    c = make_commitment()
    Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 3, 31))
    make_progress_report(c, period=date(2024, 3, 1), value=D(30), state="approved")
    _run(date(2024, 4, 10))
    assert _levels(c) == {("red", "due:2024-03-31", True)}


def test_red_proposes_one_notice_to_the_lead_department_and_tells_the_supervisors(
    overdue_commitment, dept_a, reporter_a, reporter_b, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run(date(2025, 1, 5))
    notice = SupervisionNotice.objects.get(commitment=overdue_commitment)
    assert (notice.department, notice.proposed, notice.state) == (dept_a, True, "open")
    assert notice.response_due == date(2025, 1, 12)
    assert "红色督办" in notice.reason and "已超过完成期限" in notice.reason
    assert Escalation.objects.get(commitment=overdue_commitment).notice == notice
    kinds = {(m.recipient.username, m.kind) for m in OutboxMessage.objects.select_related("recipient")}
    assert kinds == {("reporter_a", "escalation"), ("supervisor", "notice-proposed")}
    assert sorted(m.to[0] for m in mail.outbox) == ["reporter_a@example.org", "supervisor@example.org"]


def test_red_is_raised_once_however_many_days_it_stays_red(overdue_commitment, reporter_a, supervisor):
    for day in (5, 6, 7):
        _run(date(2025, 1, day))
    assert Escalation.objects.count() == 1
    assert SupervisionNotice.objects.count() == 1
    assert OutboxMessage.objects.count() == 2


def test_a_due_date_within_seven_days_is_blue(make_commitment, make_progress_report, reporter_a):
    c = make_commitment(start_date=date(2024, 6, 1), due_date=date(2024, 6, 20))  # no earlier month owed
    make_progress_report(c, period=date(2024, 6, 1), value=D(100), state="approved")
    _run(date(2024, 6, 13))
    assert _levels(c) == {("blue", "due:2024-06-20", True)}
    assert OutboxMessage.objects.get().subject.startswith("【蓝色提醒】")


def test_behind_pace_is_yellow_for_the_month(make_commitment, make_progress_report):
    c = make_commitment()
    make_progress_report(c, period=date(2024, 6, 1), value=D(10), state="approved")
    _run(date(2024, 6, 15))
    assert _levels(c) == {("yellow", "pace:2024-06", True)}


def test_a_missed_monthly_report_is_yellow_until_the_report_comes(make_commitment, make_progress_report):
    c = make_commitment(kind="milestone", target_value=None, unit="")
    Milestone.objects.create(commitment=c, title="举办", due_date=date(2024, 10, 31))
    _run(date(2024, 6, 3))  # May's report was due on 25 May and never came
    assert _levels(c) == {("yellow", "report:2024-05", True)}
    make_progress_report(c, period=date(2024, 5, 1), value=None, state="submitted")
    _run(date(2024, 6, 4))
    assert _levels(c) == {("yellow", "report:2024-05", False)}


def test_a_draft_is_not_a_report(make_commitment, make_progress_report):
    c = make_commitment(kind="milestone", target_value=None, unit="")
    Milestone.objects.create(commitment=c, title="举办", due_date=date(2024, 10, 31))
    make_progress_report(c, period=date(2024, 5, 1), value=None, state="draft")
    _run(date(2024, 6, 3))
    assert _levels(c) == {("yellow", "report:2024-05", True)}


def test_blue_resolves_when_the_task_turns_red_and_both_stay_on_record(make_commitment, make_progress_report):
    c = make_commitment(start_date=date(2024, 6, 1), due_date=date(2024, 6, 20))  # no earlier month owed
    make_progress_report(c, period=date(2024, 6, 1), value=D(100), state="approved")
    _run(date(2024, 6, 13))
    _run(date(2024, 6, 21))
    assert _levels(c) == {("blue", "due:2024-06-20", False), ("red", "due:2024-06-20", True)}


def test_completing_a_task_resolves_its_escalation(overdue_commitment, make_progress_report):
    _run(date(2025, 1, 5))
    make_progress_report(overdue_commitment, period=date(2024, 12, 1), value=D(103), state="approved")
    result = _run(date(2025, 1, 6))
    assert Commitment.objects.get(pk=overdue_commitment.pk).status == "completed"
    assert _levels(overdue_commitment) == {("red", "due:2024-12-31", False)}
    assert result.resolved == 1


def test_a_cause_that_comes_back_reopens_its_row_without_a_second_message(
    make_commitment, make_progress_report, reporter_a
):
    c = make_commitment(kind="milestone", target_value=None, unit="")
    Milestone.objects.create(commitment=c, title="举办", due_date=date(2024, 10, 31))
    _run(date(2024, 6, 3))
    report = make_progress_report(c, period=date(2024, 5, 1), value=None, state="submitted")
    _run(date(2024, 6, 4))
    report.state = "draft"  # withdrawn: the May report is missing again
    report.save()
    _run(date(2024, 6, 5))
    assert _levels(c) == {("yellow", "report:2024-05", True)}
    assert OutboxMessage.objects.filter(recipient=reporter_a).count() == 1


def test_a_red_task_without_a_lead_department_gets_no_notice(make_commitment, make_progress_report, supervisor):
    c = make_commitment(lead_department=None)
    make_progress_report(c, period=date(2024, 11, 1), value=D(50), state="approved")
    result = _run(date(2025, 1, 5))
    assert _levels(c) == {("red", "due:2024-12-31", True)}
    assert (result.notices, SupervisionNotice.objects.count()) == (0, 0)


def test_completed_adjusted_and_suspended_tasks_get_no_colour(make_commitment, make_progress_report):
    done = make_commitment(due_date=date(2024, 6, 20))
    make_progress_report(done, period=date(2024, 6, 1), value=D(103), state="approved")
    make_commitment(due_date=date(2024, 6, 20), terminal_state="adjusted", terminal_reason="目标调整")
    _run(date(2024, 6, 13))
    assert Escalation.objects.count() == 0
