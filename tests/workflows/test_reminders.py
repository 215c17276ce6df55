"""Reminders: who is reminded of what, on which day; once per rule, object and day."""

from datetime import date
from decimal import Decimal as D

import pytest

from commitments import reminders, scan
from commitments.models import Milestone, OutboxMessage, SupervisionNotice


def _rules(today: date) -> set[tuple[str, str]]:
    return {(r.rule, r.object_key) for r in reminders.select(today=today)}


@pytest.mark.parametrize(
    ("days_before", "reminded"), [(8, False), (7, True), (6, False), (2, False), (1, True), (0, False)]
)
def test_due_dates_are_reminded_seven_days_and_one_day_before(days_before, reminded):
    due = date(2024, 6, 30)
    assert reminders.due_soon(due=due, today=date.fromordinal(due.toordinal() - days_before)) is reminded


@pytest.mark.parametrize(("today", "first_overdue_day"), [(date(2024, 7, 1), True), (date(2024, 6, 30), False),
                                                           (date(2024, 7, 2), False)])  # fmt: skip
def test_overdue_is_reminded_on_the_first_overdue_day_only(today, first_overdue_day):
    assert reminders.became_overdue(due=date(2024, 6, 30), today=today) is first_overdue_day


@pytest.mark.parametrize(("day", "owed"), [(21, False), (22, True), (23, False), (24, True), (25, False), (26, False)])
def test_the_monthly_report_is_reminded_three_days_and_one_day_before_the_25th(day, owed):
    expected = date(2024, 6, 1) if owed else None
    assert reminders.report_period_owed(today=date(2024, 6, day)) == expected


def test_a_short_month_counts_back_from_its_reporting_day(settings):
    settings.TRACKER_REPORTING_DAY = 30
    assert reminders.report_period_owed(today=date(2024, 2, 26)) == date(2024, 2, 1)  # deadline 29 Feb


@pytest.mark.parametrize(
    ("response_due", "rule"),
    [
        (date(2024, 6, 13), "notice_due"),
        (date(2024, 6, 12), None),
        (date(2024, 6, 11), "notice_due"),
        (date(2024, 6, 10), None),
        (date(2024, 6, 9), "notice_overdue"),
    ],
)
def test_notices_are_reminded_before_and_once_after_their_response_date(response_due, rule):
    assert reminders.notice_rule(response_due=response_due, today=date(2024, 6, 10)) == rule


def test_it_finds_milestones_and_commitments_due_in_seven_days(make_commitment):
    c = make_commitment(due_date=date(2024, 6, 22))
    m = Milestone.objects.create(commitment=c, title="主体完工", due_date=date(2024, 6, 22))
    Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 6, 21))  # 6 days: not today
    assert _rules(date(2024, 6, 15)) == {
        ("milestone_due", f"milestone:{m.pk}"),
        ("commitment_due", f"commitment:{c.pk}"),
    }


def test_a_done_milestone_is_not_reminded(make_commitment):
    c = make_commitment(due_date=date(2024, 12, 31))
    Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 6, 16), done_on=date(2024, 6, 1))
    assert _rules(date(2024, 6, 15)) == set()


def test_the_day_after_the_due_date_an_unfinished_task_is_reminded_as_overdue(overdue_commitment):
    scan.scan(today=date(2025, 1, 1))
    assert _rules(date(2025, 1, 1)) == {("commitment_overdue", f"commitment:{overdue_commitment.pk}")}
    assert _rules(date(2025, 1, 2)) == set()


def test_a_report_still_owed_is_reminded_and_one_submitted_is_not(make_commitment, make_progress_report):
    owed = make_commitment()
    made = make_commitment()
    make_progress_report(made, period=date(2024, 6, 1), state="submitted")
    make_progress_report(owed, period=date(2024, 6, 1), state="draft")  # a draft is not a report
    assert _rules(date(2024, 6, 22)) == {("report_owed", f"report:{owed.pk}:2024-06")}


def test_a_task_not_yet_started_owes_no_report(make_commitment):
    make_commitment(start_date=date(2024, 7, 1))
    assert _rules(date(2024, 6, 22)) == set()


def test_only_issued_open_notices_are_reminded(make_commitment, dept_a):
    c = make_commitment(start_date=date(2024, 6, 1))
    issued = SupervisionNotice.objects.create(
        commitment=c, department=dept_a, reason="请说明", response_due=date(2024, 6, 3)
    )
    SupervisionNotice.objects.create(
        commitment=c, department=dept_a, reason="建议", response_due=date(2024, 6, 3), proposed=True
    )  # the department does not see proposals
    SupervisionNotice.objects.create(commitment=c, department=dept_a, reason="已答复", response_due=date(2024, 6, 3),
                                     state="responded", response="已整改")  # fmt: skip
    assert _rules(date(2024, 6, 2)) == {("notice_due", f"notice:{issued.pk}")}


def test_reminders_go_to_every_reporter_of_the_lead_department_only(make_commitment, reporter_a, reporter_a2,
                                                                    reporter_b, supervisor):  # fmt: skip
    make_commitment(due_date=date(2024, 6, 22))
    reminders.send(today=date(2024, 6, 15))
    assert set(OutboxMessage.objects.values_list("recipient__username", flat=True)) == {"reporter_a", "reporter_a2"}
    message = OutboxMessage.objects.get(recipient=reporter_a)
    assert "将于2024年06月22日到期（还有 7 天）" in message.body_text
    assert message.subject.startswith("【提醒】2024-")


def test_a_rerun_on_the_same_day_sends_nothing_new_and_the_next_reminder_day_does(make_commitment, reporter_a):
    make_commitment(due_date=date(2024, 6, 22))
    assert reminders.send(today=date(2024, 6, 15)) == (1, 1)
    assert reminders.send(today=date(2024, 6, 15)) == (1, 0)
    assert reminders.send(today=date(2024, 6, 21)) == (1, 1)
    assert OutboxMessage.objects.count() == 2


def test_selection_takes_a_fixed_number_of_queries(make_commitment, make_progress_report, django_assert_num_queries):
    for _ in range(5):
        c = make_commitment(due_date=date(2024, 6, 22))
        Milestone.objects.create(commitment=c, title="主体完工", due_date=date(2024, 6, 22), target_value=D(50))
    with django_assert_num_queries(3):  # milestones, commitments, notices (no report reminder on the 15th)
        assert len(reminders.select(today=date(2024, 6, 15))) == 10
