"""Synthetic data at national scale: R reports × C commitments × U progress reports, in bulk.

``generate`` writes made-up 政府工作报告 (issuers and years), their section trees, a pool of departments
shared by every report, commitments of every kind with milestones, and monthly progress reports in mixed
states, so that the derived statuses (DESIGN.md "Targets and progress") cover every value. It is for load
tests and the benchmark (bench/README.md), never for production data.

Rules:
- Deterministic: the same seed and ``today`` write the same rows (ids included, in an empty database), on
  PostgreSQL through COPY and anywhere else through bulk_create.
- All or nothing, and never twice: if any issuer and year it would write already exists the run is
  refused with a GeneratorError and nothing is written; use an empty database or another size.
- Derived figures come from commitments.figures, as ``recompute`` derives them from approved reports.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as clock
from hashlib import sha256

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from accounts import roles
from commitments.data.generator import simulate
from commitments.data.generator import vocabulary as words
from commitments.data.generator.writers import Writer, writer_for
from commitments.models import Commitment, Department, Milestone, ProgressReport, Section, WorkReport
from commitments.public import cache as public_cache

SUPERVISOR = "sim-duchashi"
CHUNK = 1_000  # commitments built and written at a time: bounded memory at any size
MAX_REPORTS = len(words.FIRST) * len(words.SECOND) * len(words.SUFFIXES) * 4 // 3

COMMITMENT_COLUMNS = [
    "id", "work_report_id", "section_id", "code", "position", "title", "quote", "lead_department_id", "kind",
    "comparator", "target_value", "unit", "baseline_value", "baseline_quote", "start_date", "due_date",
    "is_public", "planned_investment", "terminal_state", "terminal_reason", "internal_note", "current_value",
    "progress_percent", "achievement_percent", "expected_pace_percent", "pace", "status", "status_reason",
    "status_since", "last_approved_at", "investment_completed", "created_at", "updated_at",
]  # fmt: skip
MILESTONE_COLUMNS = ["id", "commitment_id", "title", "due_date", "target_value", "weight", "done_on", "position"]
REPORT_COLUMNS = [
    "id", "commitment_id", "milestone_id", "period", "value", "investment_completed", "narrative", "state",
    "submitted_by_id", "submitted_at", "reviewed_by_id", "reviewed_at", "review_note", "verified",
    "verified_by_id", "verified_at", "verification_note", "created_at", "updated_at",
]  # fmt: skip
SUPPORT = Commitment.supporting_departments.through


class GeneratorError(Exception):
    """The generator cannot run as asked; the message is for the person running it, and nothing was written."""


@dataclass
class Summary:
    reports: int = 0
    sections: int = 0
    commitments: int = 0
    milestones: int = 0
    progress_reports: int = 0
    approved: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def issuers(*, seed: int, count: int, today: date) -> list[tuple[str, str, int]]:
    """(place, issuer, year) for ``count`` reports: every issuer this year, every third also last year."""
    if count > MAX_REPORTS:
        raise GeneratorError(f"报告数不能超过 {MAX_REPORTS} 份（模拟地名用尽），未写入任何数据")
    names = [a + b for a in words.FIRST for b in words.SECOND if a != b]
    places = [(name, suffix) for suffix in words.SUFFIXES for name in names]
    random.Random(f"issuers:{seed}").shuffle(places)
    pairs: list[tuple[str, str, int]] = []
    for k, (name, suffix) in enumerate(places):
        pairs.append((name, f"{name}{suffix}人民政府", today.year))
        if k % 3 == 2:
            pairs.append((name, f"{name}{suffix}人民政府", today.year - 1))
        if len(pairs) >= count:
            break
    return pairs[:count]


def ensure_people() -> tuple[dict[str, int], dict[int, int], int]:
    """The shared departments, one reporter per department and one supervisor (unusable passwords)."""
    roles.ensure_roles()
    User = get_user_model()
    departments: dict[str, int] = {}
    reporters: dict[int, int] = {}
    reporter_group = Group.objects.get(name=roles.REPORTERS)
    for d in words.DEPARTMENTS:
        department, _ = Department.objects.get_or_create(
            slug=d.slug, defaults={"name": d.name, "short_name": d.short, "kind": d.kind}
        )
        departments[d.slug] = department.pk
        user, created = User.objects.get_or_create(username=d.slug, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(reporter_group)
            department.members.add(user)
        reporters[department.pk] = user.pk
    supervisor, created = User.objects.get_or_create(username=SUPERVISOR, defaults={"is_staff": True})
    if created:
        supervisor.set_unusable_password()
        supervisor.save(update_fields=["password"])
        supervisor.groups.add(Group.objects.get(name=roles.SUPERVISORS))
    return departments, reporters, supervisor.pk


def section_rows(report_id: int, year: int, next_id: int) -> tuple[list[tuple], dict]:
    """The section tree of one report: 二、 → main targets and four chapters → their themes."""
    rows = [(next_id, report_id, None, "2", "二、", f"{year}年重点工作", 1, 0)]
    ids = {(None, None): next_id}
    top = next_id
    rows.append((next_id + 1, report_id, top, "2.0", "", "经济社会发展的主要预期目标", 2, 1))
    ids[(0, 0)] = next_id + 1
    nid = next_id + 2
    for c, (number, heading, themes) in enumerate(words.CHAPTERS, start=1):
        chapter_id = nid
        rows.append((chapter_id, report_id, top, f"2.{c}", number, heading, 2, len(rows)))
        nid += 1
        for t, theme in enumerate(themes, start=1):
            rows.append((nid, report_id, chapter_id, f"2.{c}.{t}", "", theme, 3, len(rows)))
            ids[(c, t)] = nid
            nid += 1
    return rows, ids


def _row(obj, columns: list[str]) -> tuple:
    return tuple(getattr(obj, c) for c in columns)


class _Run:
    """One generation: hands out ids, builds commitments a chunk at a time and writes them."""

    def __init__(self, *, writer: Writer, seed: int, today: date, updates: int, per_report: int) -> None:
        self.writer, self.seed, self.today, self.updates, self.per_report = writer, seed, today, updates, per_report
        self.now = datetime.combine(today, clock(8, 0), tzinfo=simulate.SHANGHAI)  # data as of this morning
        self.summary = Summary()

    def write_reports(self, pairs: list[tuple[str, str, int]]) -> list[tuple[int, int, str, dict]]:
        report_id = self.writer.next_id(WorkReport)
        section_id = self.writer.next_id(Section)
        reports, sections, out = [], [], []
        for place, issuer, year in pairs:
            text = f"{year}年{issuer[:-4]}政府工作报告（模拟数据）"
            reports.append(
                (report_id, year, issuer, f"{year}年{issuer[:-4]}政府工作报告", text, sha256(text.encode()).hexdigest(),
                 f"模拟数据：由 generate_data 按种子 {self.seed} 生成，仅用于容量和性能测试。", True, self.now)
            )  # fmt: skip
            rows, ids = section_rows(report_id, year, section_id)
            sections += rows
            section_id += len(rows)
            out.append((report_id, year, place, ids))
            report_id += 1
        columns = ["id", "year", "issuer", "title", "source_text", "source_hash", "notes", "is_public", "created_at"]
        self.summary.reports = self.writer.write(WorkReport, columns, reports)
        section_columns = ["id", "work_report_id", "parent_id", "key", "number", "heading", "level", "position"]
        self.summary.sections = self.writer.write(Section, section_columns, sections)
        return out

    def commitments(self, reports: list[tuple[int, int, str, dict]], people) -> Iterator[simulate.Built]:
        departments, reporters, supervisor_id = people
        pk = self.writer.next_id(Commitment)
        ctx = None
        for report_id, year, place, sections in reports:
            rng = random.Random(f"{self.seed}:{report_id - reports[0][0]}")
            weights = simulate.CURRENT if year == self.today.year else simulate.PAST
            ctx = simulate.Context(
                year, self.today, self.now, place, departments, reporters, supervisor_id,
                ctx.next_milestone_id if ctx else self.writer.next_id(Milestone),
                ctx.next_report_id if ctx else self.writer.next_id(ProgressReport),
                weights,
            )  # fmt: skip
            for position in range(1, self.per_report + 1):
                yield simulate.build(
                    rng, ctx=ctx, pk=pk, report_id=report_id, sections=sections, position=position,
                    updates=self.updates,
                )  # fmt: skip
                pk += 1

    def write_chunk(self, chunk: list[simulate.Built]) -> None:
        s = self.summary
        for b in chunk:
            b.commitment.created_at = b.commitment.updated_at = self.now
            s.statuses[b.commitment.status] += 1
        s.commitments += self.writer.write(
            Commitment, COMMITMENT_COLUMNS, (_row(b.commitment, COMMITMENT_COLUMNS) for b in chunk)
        )
        support = (("commitment_id", "department_id"), [(b.commitment.pk, d) for b in chunk for d in b.supporting])
        self.writer.write(SUPPORT, support[0], support[1])
        s.milestones += self.writer.write(
            Milestone, MILESTONE_COLUMNS, (_row(m, MILESTONE_COLUMNS) for b in chunk for m in b.milestones)
        )
        rows = []
        for b in chunk:
            for r in b.reports:
                stamp = r.submitted_at or self.now
                rows.append((*_row(r, REPORT_COLUMNS[:-2]), stamp, r.reviewed_at or stamp))
                s.approved += r.state == simulate.APPROVED
        s.progress_reports += self.writer.write(ProgressReport, REPORT_COLUMNS, rows)


def generate(
    *, reports: int, commitments_per_report: int, updates: int, seed: int, today: date, method: str = "auto"
) -> Summary:
    """Write ``reports`` synthetic reports of ``commitments_per_report`` commitments with ``updates`` progress
    reports each, as of ``today``. ``method``: "copy" (PostgreSQL COPY), "orm" (bulk_create) or "auto"."""
    if min(reports, commitments_per_report) < 1 or updates < 0 or commitments_per_report > 999:
        raise GeneratorError("报告数和每份报告的任务数须为正整数（任务数至多 999），填报数不能为负，未写入任何数据")
    started = time.perf_counter()
    pairs = issuers(seed=seed, count=reports, today=today)
    writer = writer_for(method)
    tables = [m._meta.db_table for m in (WorkReport, Section, Commitment, SUPPORT, Milestone, ProgressReport)]
    with transaction.atomic():
        writer.lock(tables)
        existing = WorkReport.objects.filter(issuer__in={p[1] for p in pairs}, year__in={p[2] for p in pairs})
        clash = next((r for r in existing if (r.issuer, r.year) in {(p[1], p[2]) for p in pairs}), None)
        if clash is not None:
            raise GeneratorError(
                f"数据库中已有《{clash.title}》（{clash.issuer}，{clash.year}年）：模拟数据不会重复写入，"
                "未写入任何数据。请使用空数据库，或换一个种子或规模。"
            )
        run = _Run(writer=writer, seed=seed, today=today, updates=updates, per_report=commitments_per_report)
        people = ensure_people()
        written = run.write_reports(pairs)
        chunk: list[simulate.Built] = []
        for built in run.commitments(written, people):
            chunk.append(built)
            if len(chunk) >= CHUNK:
                run.write_chunk(chunk)
                chunk = []
        if chunk:
            run.write_chunk(chunk)
        for model in (WorkReport, Section, Commitment, SUPPORT, Milestone, ProgressReport):
            writer.finish(model)
        transaction.on_commit(public_cache.invalidate)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, or the planner guesses about a million rows it has never seen.
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    run.summary.seconds = time.perf_counter() - started
    return run.summary
