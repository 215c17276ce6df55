"""Target math (DESIGN.md "Targets and progress"): pure functions on plain values, no ORM.

Every quantified commitment has a kind, a comparator and a unit. ``achievement`` is the unclamped share of
the target reached (1.31 means 131 %, over-achievement shows); ``percent`` is clamped to 0–100 and is what
rates and status use. A figure that has not met its target never shows as 100 % (突破 needs strictly more).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from commitments.vocabulary import Comparator, Kind

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_ALMOST_DONE = Decimal("99.99")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class MilestoneFact:
    """What the math needs of a 时间节点."""

    title: str
    due_date: object  # datetime.date; kept loose so the module imports nothing but the stdlib
    weight: Decimal = ONE
    target_value: Decimal | None = None
    done_on: object | None = None

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class Progress:
    achievement: Decimal | None  # unclamped ratio of the target reached; None when nothing is reported
    met: bool

    @property
    def percent(self) -> Decimal:
        """Clamped 0–100 %, two decimals; below 100 % while the target is unmet."""
        if self.achievement is None:
            return ZERO
        value = min(max(self.achievement * HUNDRED, ZERO), HUNDRED)
        if not self.met:
            value = min(value, _ALMOST_DONE)
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)

    @property
    def achievement_percent(self) -> Decimal | None:
        if self.achievement is None:
            return None
        return (self.achievement * HUNDRED).quantize(_CENT, rounding=ROUND_HALF_UP)


def is_met(*, current: Decimal, target: Decimal, comparator: str) -> bool:
    """Whether a figure meets its target: 以上/力争达/bare → >=, 突破/超过 → strictly >, 以内/控制在 → <=."""
    if comparator == Comparator.GT:
        return current > target
    if comparator == Comparator.LTE:
        return current <= target
    return current >= target  # ">=" and "=" (a bare figure is treated as a floor)


def lower_is_better(comparator: str) -> bool:
    return comparator == Comparator.LTE


def _ratio(numerator: Decimal, denominator: Decimal, *, met: bool) -> Decimal:
    if denominator == ZERO:
        return ONE if met else ZERO
    return numerator / denominator


def level_progress(*, current: Decimal, target: Decimal, baseline: Decimal | None, comparator: str) -> Progress:
    """Level target (交易量突破28万吨, baseline 23.7): (c − b)/(t − b); c/t where there is no baseline.

    (c − b)/(t − b) equals (b − c)/(b − t), so lower-is-better with a baseline needs no branch. Without a
    baseline, lower-is-better reads t/c: a figure at half the ceiling has done twice what was asked.
    """
    met = is_met(current=current, target=target, comparator=comparator)
    if baseline is not None:
        return Progress(achievement=_ratio(current - baseline, target - baseline, met=met), met=met)
    if lower_is_better(comparator):
        return Progress(achievement=ONE if current == ZERO else _ratio(target, current, met=met), met=met)
    return Progress(achievement=_ratio(current, target, met=met), met=met)


def count_progress(*, current: Decimal, target: Decimal, comparator: str) -> Progress:
    """Count target (实施103个老旧小区改造): current / target."""
    met = is_met(current=current, target=target, comparator=comparator)
    return Progress(achievement=_ratio(current, target, met=met), met=met)


def growth_progress(*, current: Decimal, target: Decimal, comparator: str) -> Progress:
    """Growth target (增长7%以上): the latest year-to-date growth / target growth; negative growth is 0 %."""
    met = is_met(current=current, target=target, comparator=comparator)
    if lower_is_better(comparator):
        return Progress(achievement=ONE if current <= ZERO else _ratio(target, current, met=met), met=met)
    return Progress(achievement=_ratio(current, target, met=met), met=met)


def ratio_progress(*, current: Decimal, target: Decimal, comparator: str) -> Progress:
    """Ratio target (背街小巷亮化90%以上): current / target (target / current when lower is better)."""
    if lower_is_better(comparator):
        return level_progress(current=current, target=target, baseline=None, comparator=comparator)
    return count_progress(current=current, target=target, comparator=comparator)


def milestone_progress(*, milestones: Sequence[MilestoneFact]) -> Progress:
    """Qualitative commitment (举办第二届潜江裁缝节): weight of done milestones / total weight.

    Complete when every milestone is done. With no milestone at all nothing can be judged yet.
    """
    if not milestones:
        return Progress(achievement=None, met=False)
    total = sum((m.weight for m in milestones), ZERO)
    done = sum((m.weight for m in milestones if m.is_done), ZERO)
    met = all(m.is_done for m in milestones)
    if total == ZERO:  # all weights zero: count milestones instead
        return Progress(achievement=Decimal(sum(m.is_done for m in milestones)) / len(milestones), met=met)
    return Progress(achievement=done / total, met=met)


def compute_progress(
    *,
    kind: str,
    comparator: str,
    target: Decimal | None,
    current: Decimal | None,
    baseline: Decimal | None = None,
    milestones: Sequence[MilestoneFact] = (),
) -> Progress:
    """Progress of one commitment from its target and its latest approved figure (DESIGN.md table)."""
    if kind == Kind.MILESTONE:
        return milestone_progress(milestones=milestones)
    if current is None or target is None:
        return Progress(achievement=None, met=False)
    if kind == Kind.LEVEL:
        return level_progress(current=current, target=target, baseline=baseline, comparator=comparator)
    if kind == Kind.GROWTH:
        return growth_progress(current=current, target=target, comparator=comparator)
    if kind == Kind.RATIO:
        return ratio_progress(current=current, target=target, comparator=comparator)
    if kind == Kind.COUNT:
        return count_progress(current=current, target=target, comparator=comparator)
    raise ValueError(f"unknown commitment kind {kind!r}")
