"""Inline SVG charts built on the server: readable without JavaScript, in print and by screen readers.

The trajectory chart's two lines come from the same pure rules as the derived status (status.expected_pace,
progress.compute_progress), so the chart can never disagree with the 序时进度 shown beside it.

Every chart carries a <title> and a <desc> with the figures in words, referenced by aria-labelledby, so a
screen reader announces what a sighted reader sees; pages also show the same figures as text or a table.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from commitments import reporting
from commitments.models import Commitment, ProgressReport
from commitments.rules.progress import MilestoneFact, compute_progress
from commitments.rules.status import CommitmentFacts, expected_pace

# Fill colours of status bars: each keeps at least 3:1 against the white page (WCAG non-text contrast).
STATUS_COLOURS = {
    "completed": "#1e7e34",
    "on_track": "#1a5fb4",
    "lagging": "#b35900",
    "overdue": "#c5221f",
    "not_started": "#6b7178",
    "adjusted": "#7b2f9e",
    "suspended": "#4e5d66",
}
PLANNED_COLOUR, ACTUAL_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#4e5d66", "#0b6e4f", "#d0d5da", "#202124"


@dataclass(frozen=True)
class Trajectory:
    """Planned progress (序时进度) by month end and actual approved progress by reporting month, in percent."""

    planned: list[tuple[date, Decimal]]
    actual: list[tuple[date, Decimal]]
    start: date
    due: date
    today: date


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def trajectory(commitment: Commitment, milestones: list, approved: list[ProgressReport], *, today: date) -> Trajectory:
    """The chart's two lines, from the same pure rules as the derived status (status.expected_pace)."""
    facts = [MilestoneFact(m.title, m.due_date, m.weight, m.target_value) for m in milestones]
    base = CommitmentFacts(
        kind=commitment.kind,
        comparator=commitment.comparator,
        start_date=commitment.start_date,
        due_date=commitment.due_date,
        target=commitment.target_value,
        baseline=commitment.baseline_value,
        milestones=facts,
    )
    months = reporting.months_between(commitment.start_date, commitment.due_date)
    days = sorted({min(month_end(m), commitment.due_date) for m in months})
    planned = [(d, expected_pace(facts=base, today=d)) for d in days]

    actual, current, done = {}, None, {}
    for r in sorted(approved, key=lambda r: (r.period, r.reviewed_at or r.created_at, r.pk)):
        day = month_end(r.period)
        current = r.value if r.value is not None else current
        if r.milestone_id:
            done.setdefault(r.milestone_id, day)
        reached = compute_progress(
            kind=commitment.kind,
            comparator=commitment.comparator,
            target=commitment.target_value,
            current=current,
            baseline=commitment.baseline_value,
            milestones=[
                MilestoneFact(m.title, m.due_date, m.weight, m.target_value, done.get(m.pk)) for m in milestones
            ],
        )
        actual[day] = reached.percent
    return Trajectory(planned, sorted(actual.items()), commitment.start_date, commitment.due_date, today)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _pct(value: Decimal) -> str:
    return f"{_num(float(value))}%"


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _frame(*, uid: str, width: int, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        uid,
        width,
        height,
        title,
        desc,
        body,
    )


def status_bars(*, uid: str, statuses, total: int) -> SafeString:
    """Horizontal bars, one per status, each with its label and count written beside it."""
    row, label_w, bar_w = 30, 86, 420
    height = row * len(statuses) + 8
    desc = "；".join(f"{s.label} {s.count} 项" for s in statuses) + f"；共 {total} 项。"
    parts = []
    for i, s in enumerate(statuses):
        y = 4 + i * row
        w = 0 if not total else bar_w * s.count / total
        parts.append(
            format_html(
                '<text x="0" y="{}" fill="{}" font-size="15">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="18" fill="{}" rx="2"></rect>'
                '<text x="{}" y="{}" fill="{}" font-size="15">{} 项</text>',
                y + 15,
                TEXT_COLOUR,
                s.label,
                label_w,
                y + 2,
                _num(w),
                STATUS_COLOURS.get(s.value, "#6b7178"),
                _num(label_w + w + 6),
                y + 15,
                TEXT_COLOUR,
                s.count,
            )
        )
    return _frame(
        uid=uid,
        width=label_w + bar_w + 60,
        height=height,
        title="各状态任务数",
        desc=desc,
        body=mark_safe("".join(parts)),
    )


def trajectory_line(*, uid: str, trajectory) -> SafeString:
    """Actual approved progress against the planned trajectory (序时进度), both in percent of the target."""
    width, height, left, right, top, bottom = 640, 280, 48, 20, 14, 40
    start, due = trajectory.start, trajectory.due
    span = max((due - start).days, 1)
    top_value = max([Decimal(100), *(v for _d, v in trajectory.actual)])

    def x(d: date) -> float:
        return left + (width - left - right) * min(max((d - start).days, 0), span) / span

    def y(v: Decimal) -> float:
        return top + (height - top - bottom) * (1 - float(v) / float(top_value))

    grid = format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="{3}"></line>'
        '<text x="{4}" y="{5}" fill="{6}" font-size="13" text-anchor="end">{7}%</text>',
        (
            (left, width - right, _num(y(Decimal(v))), GRID_COLOUR, left - 6, _num(y(Decimal(v)) + 4), TEXT_COLOUR, v)
            for v in (0, 25, 50, 75, 100)
        ),
    )
    every = max(1, len(trajectory.planned) // 12 + (1 if len(trajectory.planned) % 12 else 0))
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" fill="{}" font-size="13" text-anchor="middle">{}</text>',
        (
            (
                _num(x(d)),
                height - bottom + 18,
                TEXT_COLOUR,
                f"{d.month}月" if i % 12 else f"{d.year % 100:02d}年{d.month}月",
            )
            for i, (d, _v) in enumerate(trajectory.planned)
            if i % every == 0
        ),
    )
    planned = " ".join(f"{_num(x(d))},{_num(y(v))}" for d, v in trajectory.planned)
    actual = " ".join(f"{_num(x(d))},{_num(y(v))}" for d, v in trajectory.actual)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>',
        ((_num(x(d)), _num(y(v)), ACTUAL_COLOUR) for d, v in trajectory.actual),
    )
    today = ""
    if start <= trajectory.today <= due:
        today = format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" stroke-dasharray="2 3"></line>'
            '<text x="{0}" y="{4}" fill="{3}" font-size="12" text-anchor="middle">今天</text>',
            _num(x(trajectory.today)),
            top,
            height - bottom,
            TEXT_COLOUR,
            top + 10,
        )
    body = format_html(
        '{}{}{}<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="7 5"></polyline>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"></polyline>{}',
        grid,
        ticks,
        today,
        planned,
        PLANNED_COLOUR,
        actual,
        ACTUAL_COLOUR,
        dots,
    )
    return _frame(
        uid=uid, width=width, height=height, title="实际进度与计划进度对比", desc=describe(trajectory), body=body
    )


def describe(trajectory) -> str:
    """The chart in words: the planned figure for today (or the due date) and every approved figure."""
    day = min(max(trajectory.today, trajectory.start), trajectory.due)
    planned_now = next(
        (v for d, v in trajectory.planned if d >= day), trajectory.planned[-1][1] if trajectory.planned else 0
    )
    words = [f"虚线为计划进度（序时进度），截至{_day(day)}应完成 {_pct(planned_now)}。"]
    if trajectory.actual:
        points = "，".join(f"{d.year}年{d.month}月 {_pct(v)}" for d, v in trajectory.actual)
        words.append(f"实线为经审核的实际进度：{points}。")
    else:
        words.append("尚无经审核的实际进度。")
    return "".join(words)
