"""generate_data: deterministic for a seed, every status covered, figures as recompute derives them, and
never written twice (a second run into the same database is refused and writes nothing)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from commitments import figures
from commitments.data.generator import GeneratorError, generate
from commitments.models import Commitment, Milestone, ProgressReport, Section, WorkReport

TODAY = date(2026, 11, 28)
SMALL = {"reports": 2, "commitments_per_report": 40, "updates": 6}


COMMITMENT_FACTS = ["work_report__issuer", "code", "title", "quote", "kind", "comparator", "target_value", "unit",
                    "baseline_value", "start_date", "due_date", "is_public", "planned_investment", "terminal_state",
                    "lead_department__slug", *figures.DERIVED_FIELDS]  # fmt: skip
MILESTONE_FACTS = ["commitment__code", "title", "due_date", "target_value", "weight", "done_on"]
REPORT_FACTS = ["commitment__code", "period", "value", "investment_completed", "state", "milestone__title",
                "submitted_by__username", "submitted_at", "reviewed_at", "review_note", "verified",
                "verified_at"]  # fmt: skip


def fingerprint() -> str:
    """Every generated fact except surrogate ids and write times, in a stable order."""
    reports = WorkReport.objects.order_by("issuer", "year").values_list("issuer", "year", "title", "notes", "is_public")
    sections = Section.objects.order_by("work_report__issuer", "work_report__year", "key").values_list(
        "work_report__issuer", "key", "parent__key", "number", "heading", "level", "position"
    )
    commitments = Commitment.objects.order_by("work_report__issuer", "code").values_list(*COMMITMENT_FACTS)
    supporting = Commitment.supporting_departments.through.objects.order_by(
        "commitment__work_report__issuer", "commitment__code", "department__slug"
    ).values_list("commitment__code", "department__slug")
    milestones = Milestone.objects.order_by("commitment__work_report__issuer", "commitment__code", "position")
    progress = ProgressReport.objects.order_by("commitment__work_report__issuer", "commitment__code", "period", "pk")
    parts = [reports, sections, commitments, supporting, milestones.values_list(*MILESTONE_FACTS)]
    parts.append(progress.values_list(*REPORT_FACTS))
    return hashlib.sha256(repr([list(p) for p in parts]).encode()).hexdigest()


def generated_then_rolled_back(**options) -> str:
    with transaction.atomic():
        generate(**{**SMALL, "today": TODAY, **options})
        print_ = fingerprint()
        transaction.set_rollback(True)
    return print_


def test_it_writes_the_same_data_twice_for_the_same_seed(db):
    assert generated_then_rolled_back(seed=7) == generated_then_rolled_back(seed=7)


def test_a_different_seed_writes_different_data(db):
    assert generated_then_rolled_back(seed=7) != generated_then_rolled_back(seed=8)


def test_copy_and_bulk_create_write_the_same_data(db):
    assert generated_then_rolled_back(seed=3, method="copy") == generated_then_rolled_back(seed=3, method="orm")


def test_it_writes_the_sizes_asked_for(db):
    summary = generate(**SMALL, seed=1, today=TODAY)
    assert (WorkReport.objects.count(), Commitment.objects.count(), ProgressReport.objects.count()) == (2, 80, 480)
    assert (summary.reports, summary.commitments, summary.progress_reports) == (2, 80, 480)


def test_statuses_cover_every_value(db):
    generate(reports=2, commitments_per_report=60, updates=6, seed=1, today=TODAY)
    assert set(Commitment.objects.values_list("status", flat=True)) == set(Commitment.Status.values)


def test_reports_cover_every_state_and_kinds_every_kind(db):
    generate(**SMALL, seed=1, today=TODAY)
    assert set(ProgressReport.objects.values_list("state", flat=True)) == set(ProgressReport.State.values)
    assert set(Commitment.objects.values_list("kind", flat=True)) == set(Commitment.Kind.values)


def test_derived_figures_are_what_recompute_derives(db):
    generate(**SMALL, seed=2, today=TODAY)
    stored = {c.pk: [getattr(c, f) for f in figures.DERIVED_FIELDS] for c in Commitment.objects.all()}
    done = dict(Milestone.objects.values_list("pk", "done_on"))
    for commitment in Commitment.objects.all():
        figures.recompute(commitment, today=TODAY)
    assert {c.pk: [getattr(c, f) for f in figures.DERIVED_FIELDS] for c in Commitment.objects.all()} == stored
    assert dict(Milestone.objects.values_list("pk", "done_on")) == done


def test_status_dates_lie_in_the_past_and_overdue_ones_after_a_due_date(db):
    generate(**SMALL, seed=6, today=TODAY)
    rows = list(Commitment.objects.values_list("status", "status_since", "due_date"))
    assert all(since is None for status, since, _ in rows if status == Commitment.Status.NOT_STARTED)
    assert all(since <= TODAY for status, since, _ in rows if status != Commitment.Status.NOT_STARTED)
    overdue = [(since, due) for status, since, due in rows if status == Commitment.Status.OVERDUE]
    assert overdue and any(since < TODAY for since, _ in overdue)


def test_review_times_follow_submission_and_precede_the_data_date(db):
    generate(**SMALL, seed=4, today=TODAY)
    reports = list(ProgressReport.objects.all())
    for r in reports:
        if r.state == ProgressReport.State.DRAFT:
            assert r.submitted_at is None and r.reviewed_at is None
        else:
            assert r.submitted_at.date() <= TODAY
        if r.state in (ProgressReport.State.APPROVED, ProgressReport.State.RETURNED):
            assert r.submitted_at < r.reviewed_at and r.reviewed_at.date() <= TODAY and r.reviewed_by_id
        if r.state == ProgressReport.State.SUBMITTED:
            assert r.reviewed_at is None
        if r.verified:
            assert r.state == ProgressReport.State.APPROVED and r.reviewed_at < r.verified_at
    assert all(r.review_note for r in reports if r.state == ProgressReport.State.RETURNED)


def test_a_second_run_with_the_same_seed_is_refused_and_writes_nothing(db):
    generate(**SMALL, seed=5, today=TODAY)
    before = fingerprint()
    with pytest.raises(GeneratorError, match="模拟数据不会重复写入，未写入任何数据"):
        generate(**SMALL, seed=5, today=TODAY)
    assert fingerprint() == before


def test_the_command_refuses_bad_sizes_with_a_message_and_writes_nothing(db):
    with pytest.raises(CommandError, match="须为正整数"):
        call_command("generate_data", "--reports", "0", "--commitments-per-report", "5", "--updates", "1")
    assert not WorkReport.objects.exists() and not Commitment.objects.exists()


def test_the_command_prints_a_one_line_summary(db, capsys):
    call_command(
        "generate_data", "--reports", "1", "--commitments-per-report", "10", "--updates", "2",
        "--seed", "9", "--date", "2026-11-28",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "写入报告 1 份" in out and "任务 10 项" in out and "进展填报 20 份" in out
