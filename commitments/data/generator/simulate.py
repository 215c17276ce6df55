"""One synthetic commitment and its year: target, milestones, monthly progress reports, derived figures.

Each commitment follows a scenario (completed, ahead, on pace, behind, stalled, missed, or an
administrator's adjustment or suspension) so that the derived statuses cover every value; the figures are
then derived by commitments.figures exactly as ``recompute`` derives them from approved reports.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from commitments import figures
from commitments.data.generator import vocabulary as words
from commitments.models import Commitment

SHANGHAI = ZoneInfo("Asia/Shanghai")
DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"

# Scenario weights for a report of the current year and for one of an earlier year (whose due date passed).
CURRENT = {
    "done": 12,
    "ahead": 12,
    "on_pace": 28,
    "behind": 16,
    "stalled": 14,
    "missed": 12,
    "adjusted": 4,
    "suspended": 2,
}
PAST = {"done": 55, "ahead": 5, "on_pace": 5, "behind": 10, "stalled": 5, "missed": 16, "adjusted": 3, "suspended": 1}
SPEED = {"ahead": 1.12, "on_pace": 1.0, "behind": 0.72, "missed": 0.45, "adjusted": 0.6, "suspended": 0.3}
QUARTERS = ((3, "一季度目标", 0.2), (6, "上半年目标", 0.45), (9, "前三季度目标", 0.72))


@dataclass(slots=True)
class MilestoneRow:
    id: int
    commitment_id: int
    title: str
    due_date: date
    target_value: Decimal | None
    weight: Decimal
    done_on: date | None
    position: int


@dataclass(slots=True)
class ReportRow:
    """A progress report; attribute names are ProgressReport's, so figures reads it like a model row."""

    id: int
    commitment_id: int
    milestone_id: int | None
    period: date
    value: Decimal | None
    investment_completed: Decimal | None
    narrative: str
    state: str
    submitted_by_id: int | None
    submitted_at: datetime | None
    reviewed_by_id: int | None = None
    reviewed_at: datetime | None = None
    review_note: str = ""
    verified: bool = False
    verified_by_id: int | None = None
    verified_at: datetime | None = None
    verification_note: str = ""


@dataclass
class Built:
    commitment: Commitment
    supporting: list[int]
    milestones: list[MilestoneRow]
    reports: list[ReportRow]


@dataclass
class Context:
    """What one report's commitments share: the year, the clock, the people and the next free ids."""

    year: int
    today: date
    now: datetime
    place: str
    departments: dict[str, int]
    reporters: dict[int, int]  # department id → reporter user id
    supervisor_id: int
    next_milestone_id: int
    next_report_id: int
    scenario_weights: dict[str, int] = field(default_factory=dict)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def quantize(value: float, decimals: int) -> Decimal:
    return Decimal(f"{value:.{decimals}f}")


def plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def choose_template(rng: random.Random) -> words.Template:
    _, templates, _ = rng.choices(words.KINDS, weights=[k[2] for k in words.KINDS])[0]
    return rng.choice(templates)


def commitment_fields(rng: random.Random, template: words.Template, ctx: Context) -> dict:
    """Target, baseline, wording and period of one promise drawn from a template."""
    filler = rng.choice(words.FILLERS.get(template.title, words.FILLERS.get("重点产业综合产值")))
    target = baseline = None
    n = ""
    if template.kind == "milestone":
        n = str(rng.randint(int(template.low), int(template.high))) if template.high else ""
    else:
        target = quantize(rng.uniform(template.low, template.high), template.decimals)
        if template.decimals == 0 and target == 0:
            target = Decimal(1)
        n = plain(target)
        if template.baseline:
            share = rng.uniform(*template.baseline)
            baseline = quantize(float(target) * share, template.decimals + 2)
    start = date(ctx.year, 1, 1)
    due = date(ctx.year, 12, 31) if rng.random() < 0.8 else month_end(date(ctx.year, rng.choice((6, 9, 10)), 1))
    return {
        "title": template.title.replace("{x}", filler)[:120],
        "quote": template.quote.format(n=n, x=filler, place=ctx.place),
        "kind": template.kind,
        "comparator": template.comparator,
        "target_value": target,
        "unit": template.unit,
        "baseline_value": baseline,
        "baseline_quote": f"上年完成{plain(baseline)}{template.unit}" if baseline is not None else "",
        "start_date": start,
        "due_date": due,
    }


def plan_milestones(rng: random.Random, c: Commitment, template: words.Template, ctx: Context) -> list[MilestoneRow]:
    """Quarterly interim targets for most quantified promises; the template's steps for qualitative ones."""
    rows: list[MilestoneRow] = []
    if template.kind == "milestone":
        total = months_between(c.start_date, c.due_date)
        for k, title in enumerate(template.steps):
            due = month_end(add_months(c.start_date, max(round((k + 1) * total / len(template.steps)) - 1, 0)))
            weight = Decimal(rng.choice((1, 1, 2, 3)))
            rows.append(MilestoneRow(ctx.next_milestone_id, c.pk, title, min(due, c.due_date), None, weight, None, k))
            ctx.next_milestone_id += 1
        return rows
    if template.kind == "growth" or rng.random() < 0.4:
        return rows  # growth is judged on the year-to-date figure; some counts carry no plan either
    origin = float(c.baseline_value if c.baseline_value is not None else 0)
    for k, (month, title, share) in enumerate(QUARTERS):
        due = month_end(date(ctx.year, month, 1))
        if due >= c.due_date:
            break
        interim = quantize(origin + (float(c.target_value) - origin) * share, template.decimals + 2)
        rows.append(MilestoneRow(ctx.next_milestone_id, c.pk, title, due, interim, Decimal(1), None, k))
        ctx.next_milestone_id += 1
    return rows


def figure_at(c: Commitment, share: float, scenario: str, rng: random.Random) -> Decimal:
    """The cumulative figure reported when ``share`` of the way to the target (1 means just met)."""
    target = float(c.target_value)
    if c.kind == "growth":
        gap = {"done": 0.6, "ahead": 0.3, "on_pace": -0.15, "behind": -2.2, "missed": -3.0}.get(scenario, -1.5)
        return quantize(target + gap + rng.uniform(-0.1, 0.1), 1)
    if c.comparator == "<=" and c.baseline_value is None:
        return quantize(target * (1 + 0.2 * (1 - share)) - (0.01 if share >= 1 else 0), 2)
    origin = float(c.baseline_value) if c.baseline_value is not None else 0.0
    value = origin + (target - origin) * share
    if share >= 1:  # over the line, whichever way the line runs
        value += (target - origin) * 0.02 + (0.01 if c.comparator != "<=" else -0.01)
    return quantize(value, 2) if c.kind != "count" or c.unit in ("公里", "万亩") else Decimal(round(value))


def moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=SHANGHAI)


def plan_reports(
    rng: random.Random, c: Commitment, milestones: list[MilestoneRow], scenario: str, updates: int, ctx: Context
) -> list[ReportRow]:
    """``updates`` monthly reports from the start to this month, in mixed states, oldest first."""
    last_month = min(c.due_date, ctx.today).replace(day=1)
    months = months_between(c.start_date, last_month) if last_month >= c.start_date else 0
    if months <= 0 or updates <= 0:
        return []
    total = months_between(c.start_date, c.due_date)
    reporter = ctx.reporters[c.lead_department_id]
    periods = [add_months(c.start_date, i * months // updates) for i in range(updates)]
    approved_periods = [p for p in periods if p < ctx.today.replace(day=1)] or periods
    end_share = months_between(c.start_date, approved_periods[-1]) / total
    pending = list(milestones) if c.kind == "milestone" else []
    rows: list[ReportRow] = []
    seen: dict[date, int] = {}
    for i, period in enumerate(periods):
        elapsed = months_between(c.start_date, period) / total
        if scenario == "done":
            share = elapsed / end_share
        else:
            share = min(elapsed * SPEED.get(scenario, 1.0), 0.985 if scenario != "ahead" else 1.2)
        offset = seen.get(period, 0)
        seen[period] = offset + 1
        submitted = moment(period.replace(day=min(18 + rng.randint(0, 7) + 2 * offset, 28)), rng)
        state = APPROVED
        if scenario == "stalled":
            state = rng.choice((DRAFT, SUBMITTED, RETURNED))
        elif i == len(periods) - 1 and period >= ctx.today.replace(day=1):
            state = rng.choice((DRAFT, SUBMITTED, SUBMITTED))
        elif rng.random() < 0.05 and i < len(periods) - 1:
            state = RETURNED
        reviewed = submitted + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
        if submitted > ctx.now:
            state = DRAFT
        elif reviewed > ctx.now and state in (APPROVED, RETURNED):
            state = SUBMITTED
        value = investment = None
        milestone_id = None
        if c.kind != "milestone":
            value = figure_at(c, share, scenario, rng)
        if c.planned_investment is not None:
            investment = quantize(float(c.planned_investment) * min(share, 1.05), 2)
        if pending and state == APPROVED and milestone_due_by(pending[0], period, scenario):
            milestone_id = pending.pop(0).id
        elif pending and state != APPROVED and rng.random() < 0.5:
            milestone_id = pending[0].id
        row = ReportRow(
            ctx.next_report_id,
            c.pk,
            milestone_id,
            period,
            value,
            investment,
            rng.choice(words.NARRATIVES),
            state,
            reporter,
            None if state == DRAFT else submitted,
        )
        ctx.next_report_id += 1
        if state in (APPROVED, RETURNED):
            row.reviewed_by_id, row.reviewed_at = ctx.supervisor_id, reviewed
        if state == RETURNED:
            row.review_note = rng.choice(words.RETURN_NOTES)
        if state == APPROVED and rng.random() < 0.08:
            verified = reviewed + timedelta(days=rng.randint(3, 20))
            if verified <= ctx.now:
                row.verified, row.verified_by_id, row.verified_at = True, ctx.supervisor_id, verified
                row.verification_note = words.VERIFY_NOTE
        rows.append(row)
    return rows


def milestone_due_by(m: MilestoneRow, period: date, scenario: str) -> bool:
    """Whether a report for ``period`` completes milestone ``m`` in this scenario (done: always)."""
    if scenario == "done":
        return True
    lag = {"ahead": -1, "on_pace": 0, "behind": 2, "missed": 4, "adjusted": 2, "suspended": 6}.get(scenario, 0)
    return add_months(m.due_date.replace(day=1), lag) <= period


def apply_done(milestones: list[MilestoneRow], reports: list[ReportRow]) -> None:
    """A milestone is done on the day the first approved report naming it was approved (figures' rule)."""
    by_id = {m.id: m for m in milestones}
    for r in reports:
        if r.state == APPROVED and r.milestone_id in by_id:
            day = r.reviewed_at.astimezone(SHANGHAI).date()
            m = by_id[r.milestone_id]
            m.done_on = day if m.done_on is None else min(m.done_on, day)


def derive(c: Commitment, milestones: list[MilestoneRow], reports: list[ReportRow], *, today: date) -> None:
    """Fill the derived fields exactly as figures.recompute would from these rows."""
    # What prefetch_related("milestones") would have stored: figures reads commitment.milestones.all().
    c._prefetched_objects_cache = {"milestones": milestones}
    approved = sorted(
        (r for r in reports if r.state == APPROVED), key=lambda r: (r.period, r.reviewed_at, r.id), reverse=True
    )
    assessment = figures.assess_commitment(c, approved, today=today)
    figures.apply_assessment(c, approved, assessment, today=today)
    del c._prefetched_objects_cache
    c.status_since = status_since(c, milestones, today=today)


def status_since(c: Commitment, milestones: list[MilestoneRow], *, today: date) -> date | None:
    """A plausible day the status began (the first missed due date for overdue, the approval for completed),
    not "today" for all: a bulletin's "new since last month" must find last month's changes only."""
    if c.status == "overdue":
        missed = [m.due_date for m in milestones if m.done_on is None and m.due_date < today]
        return min([*missed, c.due_date]) + timedelta(days=1) if missed or c.due_date < today else today
    if c.status == "completed" and c.last_approved_at is not None:
        return c.last_approved_at.astimezone(SHANGHAI).date()
    if c.status in ("on_track", "lagging"):
        return max(today.replace(day=1), c.start_date)
    if c.status in ("adjusted", "suspended"):
        return min(date(c.start_date.year, 7, 1), today)
    return None


def build(
    rng: random.Random, *, ctx: Context, pk: int, report_id: int, sections: dict, position: int, updates: int
) -> Built:
    """One commitment of a report with its milestones, reports and derived figures."""
    template = choose_template(rng)
    fields = commitment_fields(rng, template, ctx)
    area_departments = words.AREA_DEPARTMENTS[template.area]
    lead = area_departments[0] if rng.random() < 0.6 else rng.choice(area_departments)
    others = [ctx.departments[s] for s in area_departments if s != lead]
    supporting = sorted(rng.sample(others, k=min(len(others), rng.choice((0, 1, 1, 2)))))
    main_target = template.kind == "growth" or template.title == "地区生产总值"
    chapter, theme = (0, 0) if main_target else rng.choice(words.AREA_SECTIONS[template.area])
    c = Commitment(
        pk=pk,
        work_report_id=report_id,
        section_id=sections[(chapter, theme)],
        code=f"{ctx.year}-2-{chapter}-{position:03d}",
        position=position,
        lead_department_id=ctx.departments[lead],
        is_public=rng.random() >= 0.03,
        **fields,
    )
    if not c.is_public:
        c.internal_note = "内部：牵头单位待市政府常务会议确认，暂不公开。"
    if template.invest and rng.random() < 0.6:
        c.planned_investment = quantize(rng.uniform(2, 60), 1)
    scenario = pick(rng, ctx.scenario_weights)
    if scenario in ("adjusted", "suspended"):
        c.terminal_state = scenario
        c.terminal_reason = (
            "经政府常务会议研究，任务内容调整并入其他重点工作统一实施。"
            if scenario == "adjusted"
            else "受上级政策和项目审批进度影响，经研究暂缓实施。"
        )
    milestones = plan_milestones(rng, c, template, ctx)
    reports = plan_reports(rng, c, milestones, scenario, updates, ctx)
    apply_done(milestones, reports)
    derive(c, milestones, reports, today=ctx.today)
    return Built(c, supporting, milestones, reports)
