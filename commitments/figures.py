"""Derived figures stored on Commitment (current value, progress, pace, status): one function writes them.

``recompute`` reads approved reports only, so nothing unapproved ever moves a public figure. Views,
admin, tasks and commands call it; nothing else writes the derived fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from commitments.models import Commitment, Milestone, ProgressReport
from commitments.public import cache as public_cache
from commitments.rules.progress import MilestoneFact
from commitments.rules.status import Assessment, CommitmentFacts, assess

DERIVED_FIELDS = [
    "current_value",
    "progress_percent",
    "achievement_percent",
    "expected_pace_percent",
    "pace",
    "status",
    "status_reason",
    "status_since",
    "last_approved_at",
    "investment_completed",
]


def approved_reports_prefetch() -> Prefetch:
    """Approved reports newest first, for recompute and public pages (one query for any number)."""
    return Prefetch(
        "progress_reports",
        queryset=ProgressReport.objects.filter(state=ProgressReport.State.APPROVED).order_by(
            "-period", "-reviewed_at", "-pk"
        ),
        to_attr="approved_reports",
    )


def milestone_facts(commitment: Commitment) -> tuple[MilestoneFact, ...]:
    return tuple(
        MilestoneFact(
            title=m.title, due_date=m.due_date, weight=m.weight, target_value=m.target_value, done_on=m.done_on
        )
        for m in commitment.milestones.all()
    )


@dataclass(frozen=True)
class ApprovedFigures:
    """All the derived fields need of a commitment's approved reports. The status scan reads these four
    values straight from SQL (scan.py), recompute() from the report rows: both then share the code below."""

    current: Decimal | None = None  # latest approved cumulative value
    investment: Decimal | None = None  # latest approved investment completed
    last_approved_at: datetime | None = None
    any_approved: bool = False


def approved_figures(approved: list[ProgressReport]) -> ApprovedFigures:
    """The figures of approved reports given newest first."""
    return ApprovedFigures(
        current=next((r.value for r in approved if r.value is not None), None),
        investment=next((r.investment_completed for r in approved if r.investment_completed is not None), None),
        last_approved_at=max((r.reviewed_at for r in approved if r.reviewed_at), default=None),
        any_approved=bool(approved),
    )


def facts_from(
    commitment: Commitment, figures: ApprovedFigures, milestones: tuple[MilestoneFact, ...]
) -> CommitmentFacts:
    """Plain facts of a commitment from its approved figures and milestones."""
    return CommitmentFacts(
        kind=commitment.kind,
        comparator=commitment.comparator,
        start_date=commitment.start_date,
        due_date=commitment.due_date,
        target=commitment.target_value,
        baseline=commitment.baseline_value,
        current=figures.current,
        has_approved_progress=figures.any_approved,
        milestones=milestones,
        terminal_state=commitment.terminal_state,
    )


def facts_for(commitment: Commitment, approved: list[ProgressReport]) -> CommitmentFacts:
    """Plain facts of a commitment from its approved reports (newest first)."""
    return facts_from(commitment, approved_figures(approved), milestone_facts(commitment))


def assess_facts(facts: CommitmentFacts, *, today: date) -> Assessment:
    return assess(facts=facts, today=today, tolerance=Decimal(settings.TRACKER_PACE_TOLERANCE))


def assess_commitment(commitment: Commitment, approved: list[ProgressReport], *, today: date) -> Assessment:
    return assess_facts(facts_for(commitment, approved), today=today)


def apply_figures(commitment: Commitment, figures: ApprovedFigures, assessment: Assessment, *, today: date) -> bool:
    """Copy an assessment onto the commitment's derived fields; True when anything changed."""
    before = [getattr(commitment, f) for f in DERIVED_FIELDS]
    if assessment.status != commitment.status:
        commitment.status_since = today
    commitment.current_value = figures.current
    commitment.progress_percent = assessment.progress.percent
    commitment.achievement_percent = assessment.progress.achievement_percent
    commitment.expected_pace_percent = assessment.expected_pace
    commitment.pace = assessment.pace
    commitment.status = assessment.status
    commitment.status_reason = assessment.reason
    commitment.last_approved_at = figures.last_approved_at
    commitment.investment_completed = figures.investment
    return before != [getattr(commitment, f) for f in DERIVED_FIELDS]


def apply_assessment(
    commitment: Commitment, approved: list[ProgressReport], assessment: Assessment, *, today: date
) -> bool:
    """Copy an assessment onto the commitment's derived fields; True when anything changed."""
    return apply_figures(commitment, approved_figures(approved), assessment, today=today)


def sync_milestones(commitment: Commitment, approved: list[ProgressReport]) -> None:
    """A milestone is done on the day the first approved report naming it was approved."""
    done: dict[int, date] = {}
    for r in approved:
        if r.milestone_id:
            day = timezone.localdate(r.reviewed_at) if r.reviewed_at else r.period
            done[r.milestone_id] = min(day, done.get(r.milestone_id, day))
    for m in commitment.milestones.all():
        if m.done_on != done.get(m.pk):
            m.done_on = done.get(m.pk)
            Milestone.objects.filter(pk=m.pk).update(done_on=m.done_on)


def recompute(commitment: Commitment, *, today: date) -> Commitment:
    """Recompute one commitment's derived figures and status from its approved reports and save them."""
    commitment = Commitment.objects.prefetch_related("milestones", approved_reports_prefetch()).get(pk=commitment.pk)
    approved = commitment.approved_reports
    sync_milestones(commitment, approved)
    assessment = assess_commitment(commitment, approved, today=today)
    if apply_assessment(commitment, approved, assessment, today=today):
        # update() rather than save(): derived figures are not an edit and must not clutter the history.
        Commitment.objects.filter(pk=commitment.pk).update(**{f: getattr(commitment, f) for f in DERIVED_FIELDS})
        transaction.on_commit(public_cache.invalidate)  # public pages show the derived figures
    return commitment
