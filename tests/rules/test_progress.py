"""Target math on the real report's targets (DESIGN.md "Targets and progress")."""

from datetime import date
from decimal import Decimal as D

import pytest

from commitments.rules.progress import MilestoneFact, compute_progress


@pytest.mark.parametrize(
    ("kind", "comparator", "target", "current", "baseline", "percent", "achievement", "met"),
    [
        # 实施103个老旧小区改造: current / target
        ("count", ">=", D(103), D(0), None, D("0.00"), D("0.00"), False),
        ("count", ">=", D(103), D(50), None, D("48.54"), D("48.54"), False),
        ("count", ">=", D(103), D(103), None, D("100.00"), D("100.00"), True),  # exactly at target
        ("count", ">=", D(2000), D(2620), None, D("100.00"), D("131.00"), True),  # over-achievement kept
        ("count", "=", D(5000), D(5000), None, D("100.00"), D("100.00"), True),  # a bare figure is a floor
        # 交易量突破28万吨 (baseline 23.7): (c − b)/(t − b), and 突破 needs strictly more
        ("level", ">", D(28), D("25.85"), D("23.7"), D("50.00"), D("50.00"), False),
        ("level", ">", D(28), D(28), D("23.7"), D("99.99"), D("100.00"), False),
        ("level", ">", D(28), D("28.1"), D("23.7"), D("100.00"), D("102.33"), True),
        ("level", ">=", D(870), D(700), D(750), D("0.00"), D("-41.67"), False),  # below the baseline
        # no baseline: current / target
        ("level", ">=", D(80), D(60), None, D("75.00"), D("75.00"), False),
        # lower is better (控制在…以内), with a baseline: (b − c)/(b − t)
        ("level", "<=", D(3), D(4), D(5), D("50.00"), D("50.00"), False),
        ("level", "<=", D(3), D(3), D(5), D("100.00"), D("100.00"), True),
        # lower is better without a baseline: target / current
        ("level", "<=", D(3), D(6), None, D("50.00"), D("50.00"), False),
        ("level", "<=", D(3), D(2), None, D("100.00"), D("150.00"), True),
        # 增长7%以上: year-to-date growth / target growth; negative growth shows 0 %
        ("growth", ">=", D(7), D("6.3"), D("6.3"), D("90.00"), D("90.00"), False),
        ("growth", ">=", D(7), D("7.0"), None, D("100.00"), D("100.00"), True),
        ("growth", ">=", D(7), D("-1.5"), None, D("0.00"), D("-21.43"), False),
        # 背街小巷亮化90%以上
        ("ratio", ">=", D(90), D(72), None, D("80.00"), D("80.00"), False),
        ("ratio", ">=", D(90), D(95), None, D("100.00"), D("105.56"), True),
    ],
)
def test_it_computes_progress_for_each_kind_and_comparator(
    kind, comparator, target, current, baseline, percent, achievement, met
):
    progress = compute_progress(kind=kind, comparator=comparator, target=target, current=current, baseline=baseline)
    assert progress.percent == percent
    assert progress.achievement_percent == achievement
    assert progress.met is met


def test_nothing_reported_is_zero_percent_and_unmet():
    progress = compute_progress(kind="count", comparator=">=", target=D(103), current=None)
    assert progress.percent == 0
    assert progress.achievement_percent is None
    assert not progress.met


def test_target_equal_to_baseline_does_not_divide_by_zero():
    assert compute_progress(kind="level", comparator=">=", target=D(5), current=D(5), baseline=D(5)).percent == 100
    assert compute_progress(kind="level", comparator=">=", target=D(5), current=D(4), baseline=D(5)).percent == 0


def _m(title, weight, done=None):
    return MilestoneFact(title=title, due_date=date(2024, 6, 30), weight=D(weight), done_on=done)


def test_milestone_progress_is_weight_of_done_milestones():
    milestones = [_m("筹备方案", 1, date(2024, 3, 1)), _m("举办", 3)]
    progress = compute_progress(kind="milestone", comparator=">=", target=None, current=None, milestones=milestones)
    assert progress.percent == D("25.00")
    assert not progress.met


def test_milestone_commitment_is_complete_when_every_milestone_is_done():
    milestones = [_m("筹备方案", 1, date(2024, 3, 1)), _m("举办", 3, date(2024, 10, 1))]
    progress = compute_progress(kind="milestone", comparator=">=", target=None, current=None, milestones=milestones)
    assert progress.met
    assert progress.percent == 100


def test_milestones_of_zero_weight_count_one_each():
    milestones = [_m("a", 0, date(2024, 3, 1)), _m("b", 0)]
    progress = compute_progress(kind="milestone", comparator=">=", target=None, current=None, milestones=milestones)
    assert progress.percent == 50


def test_a_qualitative_commitment_without_milestones_is_not_judged():
    progress = compute_progress(kind="milestone", comparator=">=", target=None, current=None, milestones=[])
    assert progress.achievement is None
    assert not progress.met


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown commitment kind"):
        compute_progress(kind="vibes", comparator=">=", target=D(1), current=D(1))
