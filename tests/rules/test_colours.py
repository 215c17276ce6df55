"""The escalation colour (commitments.escalation_rules.colour): red overdue, yellow behind or a missed report,
blue a due date within 7 days."""

from __future__ import annotations

from datetime import date

import pytest

from commitments.rules.colours import BLUE, RED, YELLOW, colour, next_due

TODAY = date(2024, 12, 20)


@pytest.mark.parametrize(
    ("status", "pace", "due", "missed", "expected"),
    [
        ("overdue", "behind", date(2024, 12, 25), True, RED),  # the strongest colour wins
        ("lagging", "behind", None, False, YELLOW),
        ("on_track", "on_pace", None, True, YELLOW),  # 未按时填报
        ("not_started", "behind", None, False, None),  # no figure yet: pace alone says nothing
        ("not_started", "behind", None, True, YELLOW),
        ("on_track", "ahead", date(2024, 12, 27), False, BLUE),  # 7 days ahead
        ("on_track", "ahead", date(2024, 12, 28), False, None),  # 8 days ahead
        ("on_track", "ahead", TODAY, False, BLUE),
        ("completed", "ahead", date(2024, 12, 21), True, None),
        ("suspended", "", date(2024, 12, 21), True, None),
        ("adjusted", "", None, False, None),
    ],
)
def test_colour(status, pace, due, missed, expected):
    assert colour(status=status, pace=pace, next_due=due, missed_report=missed, today=TODAY) == expected


def test_next_due_is_the_nearest_date_still_ahead():
    dates = [date(2024, 6, 30), date(2024, 12, 22), date(2024, 12, 24)]

    assert next_due(due_date=date(2024, 12, 31), milestone_due_dates=dates, today=TODAY) == date(2024, 12, 22)
    assert next_due(due_date=date(2024, 12, 1), milestone_due_dates=[], today=TODAY) is None
