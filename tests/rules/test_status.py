"""Derived status and 序时进度 (DESIGN.md "Targets and progress"): time is an argument, no freezegun."""

from datetime import date
from decimal import Decimal as D

import pytest

from commitments.rules.progress import MilestoneFact
from commitments.rules.status import CommitmentFacts, assess, elapsed_share, expected_pace, planned_value

YEAR = {"start_date": date(2024, 1, 1), "due_date": date(2024, 12, 31)}


def facts(**overrides) -> CommitmentFacts:
    values = {"kind": "count", "comparator": ">=", "target": D(103), **YEAR}
    values.update(overrides)
    return CommitmentFacts(**values)


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (date(2023, 12, 31), D("0")),
        (date(2024, 1, 15), D("8.33")),
        (date(2024, 6, 1), D("50.00")),
        (date(2024, 11, 25), D("91.67")),  # January to November is 11/12
        (date(2024, 12, 31), D("100")),
        (date(2025, 3, 1), D("100")),
    ],
)
def test_expected_pace_of_a_calendar_year_task_counts_months(today, share):
    assert elapsed_share(start=date(2024, 1, 1), due=date(2024, 12, 31), today=today) == share


def test_expected_pace_of_a_period_not_in_whole_months_counts_days():
    assert elapsed_share(start=date(2024, 3, 10), due=date(2024, 3, 19), today=date(2024, 3, 14)) == D("50.00")


def test_expected_pace_follows_interim_milestone_targets():
    milestones = (
        MilestoneFact(title="一季度", due_date=date(2024, 3, 31), target_value=D(10)),
        MilestoneFact(title="二季度", due_date=date(2024, 6, 30), target_value=D(50)),
        MilestoneFact(title="三季度", due_date=date(2024, 9, 30), target_value=D(90)),
    )
    f = facts(target=D(100), milestones=milestones)
    assert expected_pace(facts=f, today=date(2024, 6, 30)) == D("50.00")
    # halfway between the Q2 (50) and Q3 (90) points: a straight line between planned values
    value = planned_value(
        start=f.start_date,
        due=f.due_date,
        target=f.target,
        baseline=None,
        milestones=milestones,
        today=date(2024, 8, 15),
    )
    assert D(69) < value < D(71)


def test_expected_pace_of_a_qualitative_task_is_the_planned_milestone_weight():
    milestones = (
        MilestoneFact(title="方案", due_date=date(2024, 3, 31), weight=D(1)),
        MilestoneFact(title="开工", due_date=date(2024, 6, 30), weight=D(1)),
        MilestoneFact(title="完工", due_date=date(2024, 12, 31), weight=D(2)),
    )
    f = facts(kind="milestone", target=None, milestones=milestones)
    assert expected_pace(facts=f, today=date(2024, 7, 1)) == D("50.00")


def test_growth_is_judged_on_the_year_to_date_figure_not_on_a_straight_line():
    # In March a growth of 7.2 % against a target of 7 % is already complete, not "ahead of a 25 % line".
    f = facts(kind="growth", target=D(7), current=D("7.2"), has_approved_progress=True)
    assert assess(facts=f, today=date(2024, 3, 20)).status == "completed"
    behind = facts(kind="growth", target=D(7), current=D("5.6"), has_approved_progress=True)
    result = assess(facts=behind, today=date(2024, 3, 20))
    assert result.expected_pace == 100
    assert result.status == "lagging"


def test_it_is_not_started_without_approved_progress_early_in_the_period():
    assert assess(facts=facts(), today=date(2024, 1, 10)).status == "not_started"


def test_it_is_on_track_within_the_tolerance():
    # June: expected 50 %; 48/103 = 46.6 % is 3.4 points behind, inside a 5-point tolerance.
    f = facts(current=D(48), has_approved_progress=True)
    result = assess(facts=f, today=date(2024, 6, 15), tolerance=D(5))
    assert (result.status, result.pace) == ("on_track", "on_pace")


def test_it_is_lagging_beyond_the_tolerance_with_the_gap_in_words():
    f = facts(current=D(30), has_approved_progress=True)  # 29.13 % against 50 %
    result = assess(facts=f, today=date(2024, 6, 15), tolerance=D(5))
    assert (result.status, result.pace) == ("lagging", "behind")
    assert result.reason == "落后计划进度 21 个百分点"


def test_it_is_ahead_of_pace_beyond_the_tolerance():
    f = facts(current=D(80), has_approved_progress=True)
    assert assess(facts=f, today=date(2024, 6, 15)).pace == "ahead"


def test_it_is_completed_when_the_target_is_met_by_approved_figures():
    f = facts(current=D(103), has_approved_progress=True)
    assert assess(facts=f, today=date(2024, 10, 1)).status == "completed"


def test_tupo_at_exactly_the_target_is_not_complete():
    f = facts(kind="level", comparator=">", target=D(28), baseline=D("23.7"), current=D(28), has_approved_progress=True)
    result = assess(facts=f, today=date(2024, 11, 1))
    assert result.status != "completed"
    assert result.progress.percent < 100


def test_it_is_overdue_after_the_due_date_unmet():
    f = facts(current=D(90), has_approved_progress=True)
    result = assess(facts=f, today=date(2025, 1, 15))
    assert result.status == "overdue"
    assert result.reason == "已超过完成期限 15 天，目标未完成"


def test_a_missed_milestone_makes_it_overdue_and_names_the_milestone():
    milestones = (MilestoneFact(title="主体完工", due_date=date(2024, 6, 30)),)
    f = facts(kind="milestone", target=None, milestones=milestones)
    result = assess(facts=f, today=date(2024, 7, 15))
    assert result.status == "overdue"
    assert result.reason == "节点“主体完工”已逾期 15 天"


def test_a_milestone_with_an_interim_target_is_met_by_the_approved_figure():
    milestones = (MilestoneFact(title="上半年", due_date=date(2024, 6, 30), target_value=D(50)),)
    f = facts(current=D(55), has_approved_progress=True, milestones=milestones)
    assert assess(facts=f, today=date(2024, 7, 15)).status != "overdue"


def test_on_the_due_date_itself_it_is_not_yet_overdue():
    f = facts(current=D(90), has_approved_progress=True)
    assert assess(facts=f, today=date(2024, 12, 31)).status != "overdue"


@pytest.mark.parametrize("terminal", ["adjusted", "suspended"])
def test_terminal_states_win_over_everything(terminal):
    f = facts(current=D(0), terminal_state=terminal)
    assert assess(facts=f, today=date(2025, 6, 1)).status == terminal


def test_completed_wins_over_a_passed_due_date():
    f = facts(current=D(110), has_approved_progress=True)
    assert assess(facts=f, today=date(2025, 6, 1)).status == "completed"


def test_without_approved_progress_it_stays_not_started_even_when_behind_pace():
    result = assess(facts=facts(), today=date(2024, 8, 10))
    assert (result.status, result.pace) == ("not_started", "behind")


def test_without_approved_progress_a_passed_milestone_still_makes_it_overdue():
    milestones = (MilestoneFact(title="开工", due_date=date(2024, 3, 31)),)
    assert assess(facts=facts(milestones=milestones), today=date(2024, 4, 2)).status == "overdue"
