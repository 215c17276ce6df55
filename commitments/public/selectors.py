"""Public selectors: fixed-query loaders of what the public may see (DESIGN.md "Who uses it", the public).

Everything starts from public commitments of public reports and approved progress reports only, so nothing
unapproved or internal can reach a page, an export or the API through a field, a filter, a count or an
ordering. Rates are read from the derived figures stored by ``figures.recompute``; nothing here recomputes
them. Every loader issues the same number of queries however many commitments there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Sum
from django.utils import timezone

from commitments import actions, history, reporting
from commitments.models import (
    Commitment,
    Department,
    Evidence,
    HistoryEntry,
    Milestone,
    ProgressReport,
    Section,
    WorkReport,
)
from commitments.public import charts
from commitments.rules.progress import compute_progress

Status = Commitment.Status
# The order the issue lists them in: what is done first, what needs attention next, terminal states last.
STATUS_ORDER = [
    Status.COMPLETED,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.OVERDUE,
    Status.NOT_STARTED,
    Status.ADJUSTED,
    Status.SUSPENDED,
]
TERMINAL = frozenset({Status.ADJUSTED, Status.SUSPENDED})
LATEST_UPDATES = 10
# Lists that grow with the number of reports are capped on a page, with the total and a link to the full list.
SUPPORTED_SHOWN = 20
NAMESAKES_SHOWN = 10
_TENTH = Decimal("0.1")


# The default order of public lists (the table, its CSV, the API): newest report first as the report switcher
# lists them (year, then the later import), then as the report reads. Deterministic, so pages never repeat or
# skip a row; indexes report_year_id and commitment_public_report serve it (bench finding 5).
NEWEST_FIRST = ("-work_report__year", "-work_report_id", "position", "code")


# --- What the public may see: every page, export, feed and API answer starts from one of these ---------------


def public_work_reports() -> QuerySet[WorkReport]:
    """Work reports the government has published, newest first."""
    return WorkReport.objects.filter(is_public=True).order_by("-year", "-pk")


def public_commitments() -> QuerySet[Commitment]:
    """Public commitments of public work reports."""
    return Commitment.objects.public()


def public_sections() -> QuerySet[Section]:
    """The section trees of public work reports."""
    return Section.objects.filter(work_report__is_public=True)


def public_milestones() -> QuerySet[Milestone]:
    """Milestones of public commitments."""
    return Milestone.objects.filter(commitment__in=public_commitments())


def leading_departments(commitments: QuerySet[Commitment]) -> QuerySet[Department]:
    """Departments that lead one of ``commitments``: a list of departments never hints at work not shown."""
    return Department.objects.filter(pk__in=commitments.order_by().values("lead_department_id"))


def public_progress_reports() -> QuerySet[ProgressReport]:
    """Approved progress reports of public commitments ("updates"); reviewers' and verifiers' notes are never
    loaded."""
    return (
        ProgressReport.objects.filter(
            state=ProgressReport.State.APPROVED, commitment__is_public=True, commitment__work_report__is_public=True
        )
        .defer("review_note", "verification_note", "submitted_by", "reviewed_by", "verified_by")
        .order_by("-period", "-reviewed_at", "-pk")
    )


def public_evidence() -> QuerySet[Evidence]:
    """Evidence the public may download: marked public, on an approved report of a public commitment."""
    return Evidence.objects.filter(
        is_public=True,
        progress_report__state=ProgressReport.State.APPROVED,
        progress_report__commitment__is_public=True,
        progress_report__commitment__work_report__is_public=True,
    )


def with_public_evidence() -> Prefetch:
    """Prefetch for approved reports: their public evidence as ``report.public_evidence`` (one query)."""
    return Prefetch("evidence", queryset=public_evidence(), to_attr="public_evidence")


def work_report_choices() -> list[WorkReport]:
    """Every public report, newest first: the report switcher (one query)."""
    return list(
        WorkReport.objects.filter(is_public=True)
        .only("id", "year", "issuer", "title", "notes")
        .order_by("-year", "-pk")
    )


class UnknownReport(LookupError):
    """A report id that is not a public report."""


ALL_REPORTS = "all"


def pick_report(work_reports: list[WorkReport], value: str | None, *, default_latest: bool = True) -> WorkReport | None:
    """The report a page shows: ``?report=<id>``, none for ``?report=all``, else the latest (or all)."""
    if value == ALL_REPORTS:
        return None
    if not value:
        return work_reports[0] if work_reports and default_latest else None
    chosen = next((r for r in work_reports if str(r.pk) == value.strip()), None)
    if chosen is None:
        raise UnknownReport(value)
    return chosen


@dataclass
class Capped:
    """The first rows of a list that grows with the data, and how many rows the whole list has."""

    rows: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def capped(qs: QuerySet, limit: int) -> Capped:
    """The first ``limit`` rows of ``qs`` and how many rows it has: two queries, however long the list.

    Not one query with ``COUNT(*) OVER ()``: a window needs every row before it yields the first, so the
    planner's newest-first walk through the report indexes, which stops after a few reports, became a walk of
    every public commitment (100,000 commitments, a department supporting 11,000: 150 ms, against 0.3 ms for
    the rows and 30 ms for the count). The count is always run, so the query count never depends on the data.
    """
    return Capped(list(qs[:limit]), qs.count())


# --- Rates ------------------------------------------------------------------------------------------------


def _percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_TENTH, ROUND_HALF_UP)


@dataclass
class StatusCount:
    value: str
    label: str
    count: int


@dataclass
class Tally:
    """Completion rate and average progress of a group of commitments (完成率 = completed / all).

    Averages of progress and of the expected pace (序时进度) leave out adjusted and suspended tasks: their
    progress no longer measures anything the government still promises.
    """

    counts: dict[str, int] = field(default_factory=dict)
    progress_sum: Decimal = Decimal(0)
    pace_sum: Decimal = Decimal(0)
    running: int = 0

    def add(self, *, status: str, n: int, progress: Decimal | None, pace: Decimal | None) -> None:
        self.counts[status] = self.counts.get(status, 0) + n
        if status not in TERMINAL:
            self.running += n
            self.progress_sum += progress or 0
            self.pace_sum += pace or 0

    def merge(self, other: Tally) -> None:
        for status, n in other.counts.items():
            self.counts[status] = self.counts.get(status, 0) + n
        self.running += other.running
        self.progress_sum += other.progress_sum
        self.pace_sum += other.pace_sum

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return self.counts.get(Status.COMPLETED, 0)

    @property
    def completion_rate(self) -> Decimal | None:
        return _percent(self.completed, self.total)

    @property
    def average_progress(self) -> Decimal | None:
        return _percent(self.progress_sum, self.running * 100) if self.running else None

    @property
    def average_pace(self) -> Decimal | None:
        return _percent(self.pace_sum, self.running * 100) if self.running else None

    @property
    def statuses(self) -> list[StatusCount]:
        return [StatusCount(s.value, s.label, self.counts.get(s, 0)) for s in STATUS_ORDER]


def tallies(qs: QuerySet[Commitment], *fields: str) -> dict[tuple, Tally]:
    """One grouped query: a Tally per distinct value of ``fields`` (the database counts, Python adds up)."""
    rows = (
        qs.order_by()
        .values(*fields, "status")
        .annotate(n=Count("pk"), progress=Sum("progress_percent"), pace=Sum("expected_pace_percent"))
    )
    result: dict[tuple, Tally] = {}
    for row in rows:
        group = tuple(row[f] for f in fields)
        result.setdefault(group, Tally()).add(
            status=row["status"], n=row["n"], progress=row["progress"], pace=row["pace"]
        )
    return result


def tally(qs: QuerySet[Commitment]) -> Tally:
    return tallies(qs).get((), Tally())


# --- Home page --------------------------------------------------------------------------------------------


@dataclass
class SectionRow:
    section: Section
    tally: Tally


@dataclass
class DepartmentRow:
    slug: str
    name: str
    tally: Tally


@dataclass
class HomePage:
    work_report: WorkReport | None
    work_reports: list[WorkReport]
    as_of: date
    summary: Tally
    sections: list[SectionRow]
    departments: list[DepartmentRow]
    compliance: list[reporting.DepartmentCompliance]
    updates: list[ProgressReport]


def section_rows(sections: list[Section], by_section: dict[int, Tally]) -> list[SectionRow]:
    """One row per section that holds commitments, each rate counting its sub-sections too."""
    subtree = {s.pk: Tally() for s in sections}
    parents = {s.pk: s.parent_id for s in sections}
    for pk, t in by_section.items():
        node = pk
        while node is not None and node in subtree:  # walk up: a commitment counts for every ancestor
            subtree[node].merge(t)
            node = parents[node]
    return [SectionRow(s, subtree[s.pk]) for s in sections if subtree[s.pk].total]


def department_rows(groups: dict[tuple, Tally]) -> list[DepartmentRow]:
    """Lead departments by completion rate, then average progress (unassigned tasks are not ranked)."""
    merged: dict[tuple, Tally] = {}
    for (*_other, slug, name, short), t in groups.items():
        if slug is not None:
            merged.setdefault((slug, short or name), Tally()).merge(t)
    rows = [DepartmentRow(slug, name, t) for (slug, name), t in merged.items()]
    rows.sort(key=lambda r: (-(r.tally.completion_rate or 0), -(r.tally.average_progress or 0), r.name))
    return rows


def report_months(work_report: WorkReport, *, today: date) -> list[date]:
    """The months of a report's year up to today: what departments have owed so far."""
    start, end = date(work_report.year, 1, 1), date(work_report.year, 12, 31)
    return reporting.months_between(start, min(today, end)) if today >= start else []


def latest_updates(*, work_report: WorkReport | None = None, limit: int = LATEST_UPDATES) -> list[ProgressReport]:
    qs = public_progress_reports().select_related("commitment__work_report").order_by("-reviewed_at", "-pk")
    if work_report is not None:
        qs = qs.filter(commitment__work_report=work_report)
    return list(qs[:limit])


def home_page(*, report_value: str | None, today: date) -> HomePage:
    """Home: seven queries (reports, sections, one grouped tally, compliance (3), latest updates)."""
    work_reports = work_report_choices()
    work_report = pick_report(work_reports, None if report_value == ALL_REPORTS else report_value)
    if work_report is None:
        return HomePage(None, work_reports, today, Tally(), [], [], [], [])
    qs = public_commitments().filter(work_report=work_report)
    groups = tallies(qs, "section_id", "lead_department__slug", "lead_department__name", "lead_department__short_name")
    summary, by_section = Tally(), {}
    for (section_id, *_rest), t in groups.items():
        summary.merge(t)
        by_section.setdefault(section_id, Tally()).merge(t)
    sections = list(Section.objects.filter(work_report=work_report).order_by("position", "pk"))
    compliance = reporting.department_compliance(
        commitments=qs, months=report_months(work_report, today=today), today=today, approved_only=True
    )
    return HomePage(
        work_report=work_report,
        work_reports=work_reports,
        as_of=today,
        summary=summary,
        sections=section_rows(sections, by_section),
        departments=department_rows(groups),
        compliance=[c for c in compliance if c.due],
        updates=latest_updates(work_report=work_report),
    )


# --- Commitment page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One entry of the public change log, in words."""

    at: object
    action: str
    fields: list[tuple[str, object, object]]
    reason: str


@dataclass
class CommitmentPage:
    commitment: Commitment
    path: list[Section]
    milestones: list
    updates: list[ProgressReport]
    changes: list[Change]
    trajectory: charts.Trajectory
    namesakes: Capped  # the same code in other public reports, newest report first
    as_of: date

    @property
    def investment_percent(self) -> Decimal | None:
        c = self.commitment
        if not c.planned_investment or c.investment_completed is None:
            return None
        return _percent(c.investment_completed, c.planned_investment)


_STATUS_LABELS = dict(Commitment.Terminal.choices)


def _field_label(name: str) -> str:
    try:
        return str(Commitment._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: show its code rather than fail the page
        return name


def describe_change(entry: HistoryEntry) -> Change:
    rows = []
    for name, value in (entry.data or {}).items():
        old, new = value if isinstance(value, list) and len(value) == 2 else (None, value)
        if name == "terminal_state":
            old, new = _STATUS_LABELS.get(old, old), _STATUS_LABELS.get(new, new)
        rows.append((_field_label(name), old, new))
    return Change(entry.at, actions.label(entry.action), rows, entry.reason)


@dataclass(frozen=True)
class MilestoneRow:
    """A 时间节点 as the public sees it: done when a report named it or an approved figure reached it."""

    title: str
    due_date: date
    target_value: Decimal | None
    done_on: date | None
    late: bool


def milestone_rows(commitment: Commitment, milestones: list, approved: list[ProgressReport], *, today: date):
    oldest_first = sorted(approved, key=lambda r: (r.period, r.reviewed_at or r.created_at, r.pk))
    rows = []
    for m in milestones:
        done = m.done_on
        if done is None and m.target_value is not None:
            # An interim target counts as reached when an approved figure reaches it (status.assess agrees).
            for r in oldest_first:
                reached = compute_progress(
                    kind=commitment.kind,
                    comparator=commitment.comparator,
                    target=m.target_value,
                    current=r.value,
                    baseline=commitment.baseline_value,
                )
                if r.value is not None and reached.met:
                    done = timezone.localdate(r.reviewed_at) if r.reviewed_at else charts.month_end(r.period)
                    break
        rows.append(MilestoneRow(m.title, m.due_date, m.target_value, done, done is None and m.due_date < today))
    return rows


def commitment_page(code: str, *, report_value: str | None, today: date) -> CommitmentPage | None:
    """A commitment by code (the latest public report's unless ``?report=`` says): nine queries."""
    qs = (
        public_commitments()
        .filter(code=code)
        .select_related("work_report", "section", "lead_department")
        .prefetch_related(
            "supporting_departments",
            "milestones",
            Prefetch(
                "progress_reports",
                queryset=public_progress_reports().prefetch_related(with_public_evidence()),
                to_attr="approved_reports",
            ),
        )
        .defer("internal_note")
        .order_by("-work_report__year", "-work_report_id")
    )
    if report_value:
        if not report_value.isdigit():
            return None
        qs = qs.filter(work_report_id=int(report_value))
    commitment = qs.first()
    if commitment is None:
        return None
    sections = {s.pk: s for s in Section.objects.filter(work_report_id=commitment.work_report_id)}
    path, node = [], sections.get(commitment.section_id)
    while node is not None:
        path.insert(0, node)
        node = sections.get(node.parent_id)
    milestones = list(commitment.milestones.all())
    approved = commitment.approved_reports
    # Codes repeat in every report of a series (one per report: the code is unique within a report), so
    # the list is capped; the commitment_code index finds them.
    namesakes = capped(
        public_commitments()
        .filter(code=code)
        .exclude(pk=commitment.pk)
        .select_related("work_report")
        .only("id", "code", "title", "work_report__id", "work_report__year", "work_report__title")
        .order_by("-work_report__year", "-work_report_id"),
        NAMESAKES_SHOWN,
    )
    return CommitmentPage(
        commitment=commitment,
        path=path,
        milestones=milestone_rows(commitment, milestones, approved, today=today),
        updates=approved,
        changes=[describe_change(e) for e in history.public_changes(commitment)],
        trajectory=charts.trajectory(commitment, milestones, approved, today=today),
        namesakes=namesakes,
        as_of=today,
    )


# --- Lists: department and section pages -----------------------------------------------------------------


def listing(qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """What a table row shows: report, section and lead department in the same query, newest report first."""
    return (
        qs.select_related("work_report", "section", "lead_department")
        .defer("internal_note", "baseline_quote")
        .order_by(*NEWEST_FIRST)
    )


def department_index() -> list[DepartmentRow]:
    """Every department leading a public commitment, with its rates over all public reports (one query)."""
    groups = tallies(
        public_commitments(), "lead_department__slug", "lead_department__name", "lead_department__short_name"
    )
    return sorted(department_rows(groups), key=lambda r: r.name)


def department(slug: str) -> Department | None:
    """A department with a public page: it leads or supports at least one public commitment."""
    public = public_commitments()
    return (
        Department.objects.filter(slug=slug)
        .filter(
            Exists(public.filter(lead_department=OuterRef("pk")))
            | Exists(public.filter(supporting_departments=OuterRef("pk")))
        )
        .first()
    )


def supported_by(
    department: Department, *, work_report: WorkReport | None = None, limit: int = SUPPORTED_SHOWN
) -> Capped:
    """Public commitments a department supports (配合单位) in one report or all: the newest few and the total.

    A department of a province supports thousands across reports, so its page shows the first ``limit`` (newest
    report first, in report order) and links to the commitment list filtered by ``supporter`` (two queries).
    """
    qs = public_commitments().filter(supporting_departments=department)
    if work_report is not None:
        qs = qs.filter(work_report=work_report)
    # Only what a row shows.
    qs = (
        qs.select_related("work_report", "lead_department")
        .only(
            "id",
            "code",
            "title",
            "status",
            "work_report__id",
            "work_report__year",
            "work_report__title",
            "lead_department__id",
            "lead_department__name",
            "lead_department__slug",
        )
        .order_by(*NEWEST_FIRST)
    )
    return capped(qs, limit)


def section_subtree(work_report: WorkReport, key: str) -> tuple[Section | None, list[Section], list[Section]]:
    """A section, its path from the root, and the ids of it and every section below it (one query)."""
    sections = list(Section.objects.filter(work_report=work_report).order_by("position", "pk"))
    by_pk = {s.pk: s for s in sections}
    section = next((s for s in sections if s.key == key), None)
    if section is None:
        return None, [], []
    path, node = [], section
    while node is not None:
        path.insert(0, node)
        node = by_pk.get(node.parent_id)
    children: dict[int | None, list[Section]] = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    below, stack = [], [section]
    while stack:
        node = stack.pop()
        below.append(node)
        stack.extend(children.get(node.pk, []))
    return section, path, below
