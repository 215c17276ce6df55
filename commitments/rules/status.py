"""Derived status and expected pace (序时进度), DESIGN.md "Targets and progress": pure, time is an argument.

Status is never typed in by hand. In order: an administrator's terminal state (调整/暂缓); completed when
the target is met by approved figures; overdue when a milestone's or the commitment's due date has passed
unmet; not started while no progress is approved; lagging when behind the expected pace by more than the
tolerance; on track otherwise. (DESIGN.md lists lagging before not started; judged on no figures at all,
every task would be "lagging" from its first month and 未启动 would never show, so not started comes first.)
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from commitments.rules.progress import HUNDRED, ZERO, MilestoneFact, Progress, compute_progress
from commitments.vocabulary import Kind, Pace, Status

_CENT = Decimal("0.01")

NOT_STARTED, ON_TRACK, LAGGING, OVERDUE, COMPLETED = (
    Status.NOT_STARTED,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.OVERDUE,
    Status.COMPLETED,
)
AHEAD, ON_PACE, BEHIND = Pace.AHEAD, Pace.ON_PACE, Pace.BEHIND


@dataclass(frozen=True)
class CommitmentFacts:
    """Everything status needs to know of one commitment, as plain values."""

    kind: str
    comparator: str
    start_date: date
    due_date: date
    target: Decimal | None = None
    baseline: Decimal | None = None
    current: Decimal | None = None
    has_approved_progress: bool = False
    milestones: Sequence[MilestoneFact] = ()
    terminal_state: str = ""


@dataclass(frozen=True)
class Assessment:
    progress: Progress
    expected_pace: Decimal  # percent, 0–100
    pace: str  # ahead / on_pace / behind, "" where nothing can be judged
    status: str
    reason: str  # the status in words, for the public page


def _month_index(day: date) -> int:
    return day.year * 12 + day.month


def _is_whole_months(start: date, due: date) -> bool:
    return start.day == 1 and due.day == calendar.monthrange(due.year, due.month)[1]


def elapsed_share(*, start: date, due: date, today: date) -> Decimal:
    """Share of the period elapsed, in percent.

    A period of whole months counts months including the current one, as government schedules do:
    January to November is 11/12 = 91.67 % of a calendar-year task. Other periods count days.
    """
    if today < start:
        return ZERO
    if today >= due:
        return HUNDRED
    if _is_whole_months(start, due):
        total = _month_index(due) - _month_index(start) + 1
        elapsed = _month_index(today) - _month_index(start) + 1
    else:
        total = (due - start).days + 1
        elapsed = (today - start).days + 1
    return (Decimal(elapsed) * HUNDRED / Decimal(total)).quantize(_CENT, rounding=ROUND_HALF_UP)


def planned_value(
    *,
    start: date,
    due: date,
    target: Decimal,
    baseline: Decimal | None,
    milestones: Sequence[MilestoneFact],
    today: date,
) -> Decimal:
    """The value planned for today: a straight line through the interim targets of the milestones.

    The line starts at the baseline (0 without one) on the day before the start and ends at the target on
    the due date; each milestone with an interim target is a point on it.
    """
    origin = baseline if baseline is not None else ZERO
    points = [(start - timedelta(days=1), origin)]
    points += sorted((m.due_date, m.target_value) for m in milestones if m.target_value is not None)
    points.append((due, target))
    if today <= points[0][0]:
        return origin
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if today <= d1:
            span = (d1 - d0).days
            return v1 if span <= 0 else v0 + (v1 - v0) * Decimal((today - d0).days) / Decimal(span)
    return target


def expected_pace(*, facts: CommitmentFacts, today: date) -> Decimal:
    """序时进度 in percent: the planned milestone value for today where milestones carry interim targets,
    the planned milestone weight for qualitative tasks, else the share of the period elapsed.

    Growth targets are judged on the latest year-to-date figure against the target itself, not on a
    straight line, so their expected pace is the whole target from the start.
    """
    if today < facts.start_date:
        return ZERO
    if facts.kind == Kind.GROWTH:
        return HUNDRED
    if facts.kind == Kind.MILESTONE and facts.milestones:
        total = sum((m.weight for m in facts.milestones), ZERO)
        planned = sum((m.weight for m in facts.milestones if m.due_date <= today), ZERO)
        if total > ZERO:
            return (planned * HUNDRED / total).quantize(_CENT, rounding=ROUND_HALF_UP)
    if facts.target is not None and any(m.target_value is not None for m in facts.milestones):
        value = planned_value(
            start=facts.start_date,
            due=facts.due_date,
            target=facts.target,
            baseline=facts.baseline,
            milestones=facts.milestones,
            today=today,
        )
        planned = compute_progress(
            kind=facts.kind, comparator=facts.comparator, target=facts.target, current=value, baseline=facts.baseline
        )
        return min(max((planned.achievement or ZERO) * HUNDRED, ZERO), HUNDRED).quantize(_CENT)
    return elapsed_share(start=facts.start_date, due=facts.due_date, today=today)


def judge_pace(*, progress: Decimal, expected: Decimal, tolerance: Decimal) -> str:
    """超进度 / 达进度 / 欠进度: behind means more than ``tolerance`` points below the expected pace."""
    gap = progress - expected
    if gap < -tolerance:
        return BEHIND
    if gap > tolerance:
        return AHEAD
    return ON_PACE


def _milestone_is_met(m: MilestoneFact, facts: CommitmentFacts) -> bool:
    if m.is_done:
        return True
    if m.target_value is None or facts.current is None:
        return False
    # An interim target counts as reached when the approved figure reaches it.
    reached = compute_progress(
        kind=facts.kind,
        comparator=facts.comparator,
        target=m.target_value,
        current=facts.current,
        baseline=facts.baseline,
    )
    return reached.met


def _days(n: int) -> str:
    return f"{n} 天"


def assess(*, facts: CommitmentFacts, today: date, tolerance: Decimal = Decimal(5)) -> Assessment:
    """Derive progress, expected pace, pace and status of one commitment as of ``today``."""
    progress = compute_progress(
        kind=facts.kind,
        comparator=facts.comparator,
        target=facts.target,
        current=facts.current,
        baseline=facts.baseline,
        milestones=facts.milestones,
    )
    expected = expected_pace(facts=facts, today=today)
    judged = facts.has_approved_progress or today >= facts.start_date
    pace = judge_pace(progress=progress.percent, expected=expected, tolerance=tolerance) if judged else ""
    if progress.met:
        pace = AHEAD if expected < HUNDRED else ON_PACE

    if facts.terminal_state:
        return Assessment(progress, expected, pace, facts.terminal_state, "")
    if progress.met:
        return Assessment(progress, expected, pace, COMPLETED, "目标已完成")
    if today > facts.due_date:
        late = (today - facts.due_date).days
        return Assessment(progress, expected, pace, OVERDUE, f"已超过完成期限 {_days(late)}，目标未完成")
    missed = [m for m in facts.milestones if m.due_date < today and not _milestone_is_met(m, facts)]
    if missed:
        first = min(missed, key=lambda m: m.due_date)
        late = (today - first.due_date).days
        return Assessment(progress, expected, pace, OVERDUE, f"节点“{first.title}”已逾期 {_days(late)}")
    if not facts.has_approved_progress:
        # Nothing approved yet: 未启动 stays a meaningful bucket all year; a missed monthly report is what
        # escalates it (yellow), not a pace judged on no figures.
        return Assessment(progress, expected, pace, NOT_STARTED, "尚无经审核的进展")
    if pace == BEHIND:
        gap = (expected - progress.percent).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Assessment(progress, expected, pace, LAGGING, f"落后计划进度 {gap} 个百分点")
    return Assessment(progress, expected, pace, ON_TRACK, "按计划推进")
