"""The daily status scan (DESIGN.md "Targets and progress", "Reporting and escalation").

Every commitment's derived figures are recomputed with the same pure functions as ``figures.recompute``,
but set-based: commitments are read in chunks, each chunk in a fixed number of queries whatever its size
(lock, commitments with their approved figures, milestones, one batched update), and only the rows whose
figures changed are written. ``status_since`` records the day a commitment became overdue or lagging.

Milestone completion (``done_on``) is not touched: it changes only when a report is approved, and the
approval's own recompute writes it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from commitments.figures import DERIVED_FIELDS, ApprovedFigures, apply_figures, assess_facts, facts_from
from commitments.models import Commitment, Milestone, ProgressReport
from commitments.public import cache as public_cache
from commitments.rules.progress import MilestoneFact

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
# The columns read per commitment: what the assessment needs and what it may change.
_READ_FIELDS = (
    "id",
    "kind",
    "comparator",
    "start_date",
    "due_date",
    "target_value",
    "baseline_value",
    "terminal_state",
    *DERIVED_FIELDS,
)
_FIGURES = ("scan_current", "scan_investment", "scan_last_approved", "scan_any")  # see _with_approved_figures
_NEWEST_FIRST = ("-period", "-reviewed_at", "-pk")  # as figures.approved_reports_prefetch orders them


@dataclass(frozen=True)
class ScanResult:
    checked: int = 0
    changed: int = 0
    became_overdue: int = 0
    became_lagging: int = 0

    def __add__(self, other: ScanResult) -> ScanResult:
        return ScanResult(
            self.checked + other.checked,
            self.changed + other.changed,
            self.became_overdue + other.became_overdue,
            self.became_lagging + other.became_lagging,
        )

    def __str__(self) -> str:
        return (
            f"检查 {self.checked} 项，更新 {self.changed} 项"
            f"（新增逾期 {self.became_overdue} 项，新增滞后 {self.became_lagging} 项）"
        )


def _with_approved_figures(qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """The four approved figures of each commitment as correlated subqueries: one query for a whole chunk.

    Each subquery is an index scan of report_commitment_state (commitment, state, -period).
    """
    approved = ProgressReport.objects.filter(commitment=OuterRef("pk"), state=ProgressReport.State.APPROVED)
    return qs.annotate(
        scan_current=Subquery(approved.filter(value__isnull=False).order_by(*_NEWEST_FIRST).values("value")[:1]),
        scan_investment=Subquery(
            approved.filter(investment_completed__isnull=False)
            .order_by(*_NEWEST_FIRST)
            .values("investment_completed")[:1]
        ),
        scan_last_approved=Subquery(
            approved.filter(reviewed_at__isnull=False).order_by(F("reviewed_at").desc()).values("reviewed_at")[:1]
        ),
        scan_any=Exists(approved),
    )


def milestone_facts_of(ids: list[int]) -> dict[int, tuple[MilestoneFact, ...]]:
    """Milestone facts of the commitments with ids in ``ids[0]..ids[-1]`` (ascending), in one query."""
    by_commitment: dict[int, list[MilestoneFact]] = defaultdict(list)
    rows = (
        Milestone.objects.filter(commitment_id__gte=ids[0], commitment_id__lte=ids[-1])
        .order_by("commitment_id", "due_date", "position")  # the model's ordering, as recompute sees them
        .values_list("commitment_id", "title", "due_date", "weight", "target_value", "done_on")
    )
    for commitment_id, title, due, weight, target, done in rows:
        by_commitment[commitment_id].append(
            MilestoneFact(title=title, due_date=due, weight=weight, target_value=target, done_on=done)
        )
    return {pk: tuple(facts) for pk, facts in by_commitment.items()}


def write_derived(commitments: list) -> None:
    """Write the derived fields of many commitments in one statement: not save(), because derived figures
    are not an edit (no history row, no updated_at), as in figures.recompute.

    On PostgreSQL one UPDATE … FROM unnest(arrays) writes a whole chunk (Django's bulk_update builds a CASE
    per row and field, about a hundred times slower at 2,000 rows); other databases use bulk_update.
    """
    if connection.vendor != "postgresql":
        rows = [Commitment(pk=c.pk, **{f: getattr(c, f) for f in DERIVED_FIELDS}) for c in commitments]
        Commitment.objects.bulk_update(rows, DERIVED_FIELDS, batch_size=500)
        return
    fields = [Commitment._meta.get_field(name) for name in DERIVED_FIELDS]
    columns = [f.column for f in fields]
    arrays = [[c.pk for c in commitments]]
    # Plain Python values: psycopg adapts Decimal, date and datetime itself, and the casts below give the
    # column types (Django's per-value preparation costs more than the whole statement here).
    arrays += [[getattr(c, f.name) for c in commitments] for f in fields]
    casts = ", ".join(["%s::bigint[]"] + [f"%s::{f.db_type(connection)}[]" for f in fields])
    assignments = ", ".join(f'"{col}" = v."{col}"' for col in columns)
    names = ", ".join(["id"] + [f'"{col}"' for col in columns])
    sql = (
        f'UPDATE "{Commitment._meta.db_table}" AS c SET {assignments} '  # noqa: S608 (names from the model)
        f"FROM unnest({casts}) AS v({names}) WHERE c.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


class _Row:
    """The columns of one commitment that the assessment reads and writes: what ``facts_from`` and
    ``apply_figures`` need of a commitment, at a third of a model instance's cost over 100,000 rows."""

    __slots__ = ("pk", *_READ_FIELDS[1:], *_FIGURES)

    def __init__(self, values: tuple) -> None:
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


def scan_chunk(ids: list[int], *, today: date) -> ScanResult:
    """Recompute the given commitments (ascending ids, locked by the caller) and write those that changed.

    The chunk is read by id range, which a long IN list would only slow down; rows in the range that the
    lock skipped are left alone.
    """
    wanted = set(ids)
    milestones = milestone_facts_of(ids)
    changed: list[_Row] = []
    became = {Commitment.Status.OVERDUE: 0, Commitment.Status.LAGGING: 0}
    in_range = Commitment.objects.filter(pk__gte=ids[0], pk__lte=ids[-1]).order_by()
    for values in _with_approved_figures(in_range).values_list(*_READ_FIELDS, *_FIGURES):
        row = _Row(values)
        if row.pk not in wanted:
            continue
        figures = ApprovedFigures(
            current=row.scan_current,
            investment=row.scan_investment,
            last_approved_at=row.scan_last_approved,
            any_approved=row.scan_any,
        )
        before = row.status
        assessment = assess_facts(facts_from(row, figures, milestones.get(row.pk, ())), today=today)
        if apply_figures(row, figures, assessment, today=today):
            changed.append(row)
            if row.status != before and row.status in became:
                became[row.status] += 1
    if changed:
        write_derived(changed)
    return ScanResult(len(ids), len(changed), became[Commitment.Status.OVERDUE], became[Commitment.Status.LAGGING])


def scan(*, today: date, chunk_size: int = CHUNK_SIZE) -> ScanResult:
    """Recompute progress, pace and status of every commitment as of ``today``; idempotent.

    Each chunk is its own transaction and locks its rows with SKIP LOCKED: a commitment whose report is
    being approved right now is left to the approval's recompute, which is newer than anything read here.
    """
    total = ScanResult()
    last_pk = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # JIT compiling costs about 20 ms per chunk on queries that run in 40: not worth it here.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            ids = list(
                Commitment.objects.filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:chunk_size]
            )
            if not ids:
                break
            # A second statement after the lock: it reads every report committed before the lock was taken.
            result = scan_chunk(ids, today=today)
            if result.changed:
                transaction.on_commit(public_cache.invalidate)  # public pages show the derived figures
        total += result
        last_pk = ids[-1]
    logger.info("status scan %s: %s", today.isoformat(), total)
    return total
