"""The escalation colour of a commitment (DESIGN.md "Reporting and escalation"): pure, time is an argument.

Red (红色督办) when a due date has passed unmet (status overdue); yellow (黄色催办) when the commitment is
behind its expected pace (欠进度) or its department missed a monthly report; blue (蓝色提醒) when a due date
falls within the next 7 days; otherwise none. The strongest colour wins. Completed, adjusted and suspended
commitments carry no colour. The supervisor's start page and the daily escalation both call ``colour``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from commitments.vocabulary import CLOSED_STATUSES, Colour, Pace, Status

BLUE, YELLOW, RED = Colour.BLUE, Colour.YELLOW, Colour.RED
LABELS = {c: c.label for c in Colour}
BLUE_WITHIN_DAYS = 7


def next_due(*, due_date: date, milestone_due_dates: Iterable[date], today: date) -> date | None:
    """The nearest due date still ahead (today included): an unfinished milestone's or the commitment's own."""
    ahead = [d for d in (*milestone_due_dates, due_date) if d >= today]
    return min(ahead, default=None)


def colour(*, status: str, pace: str, next_due: date | None, missed_report: bool, today: date) -> Colour | None:
    """blue / yellow / red, or None when nothing needs attention."""
    if status in CLOSED_STATUSES:
        return None
    if status == Status.OVERDUE:
        return RED
    # Before any approved figure a pace means nothing (status.py): only a missed report makes it yellow.
    if (pace == Pace.BEHIND and status != Status.NOT_STARTED) or missed_report:
        return YELLOW
    if next_due is not None and 0 <= (next_due - today).days <= BLUE_WITHIN_DAYS:
        return BLUE
    return None
