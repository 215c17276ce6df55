"""An administrator's edit of a commitment (commitments.breakdown): history, the reason rule, recompute."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from commitments import breakdown
from commitments.amendments import AmendmentError
from commitments.models import Commitment, HistoryEntry
from commitments.public import cache as public_cache

TODAY = date(2024, 6, 28)


def test_plain_changes_are_recorded_with_old_and_new_values(make_commitment, admin_user, dept_b):
    commitment = make_commitment()

    breakdown.update(
        commitment,
        by=admin_user,
        values={"title": "老旧小区改造", "lead_department": dept_b},
        today=TODAY,
        ip="10.1.1.1",
    )

    entry = HistoryEntry.objects.get(action="commitment.changed")
    assert entry.data["lead_department"] == ["住建局", "城管局"]
    assert (entry.actor, entry.ip_address, entry.is_public) == (admin_user, "10.1.1.1", False)


def test_a_published_target_needs_a_reason_and_nothing_changes_without_one(make_commitment, admin_user):
    commitment = make_commitment()

    with pytest.raises(AmendmentError, match="变更原因"):
        breakdown.update(commitment, by=admin_user, values={"target_value": Decimal(90), "title": "改"}, today=TODAY)

    commitment.refresh_from_db()
    assert (commitment.target_value, commitment.title) != (Decimal(90), "改")
    assert not HistoryEntry.objects.filter(action__startswith="commitment.").exists()


def test_a_target_change_is_public_and_recomputes_the_figures(
    make_commitment, make_progress_report, admin_user, django_capture_on_commit_callbacks
):
    commitment = make_commitment(target_value=Decimal(100))
    make_progress_report(commitment, state="approved", value=Decimal(50))
    before = public_cache.version()

    with django_capture_on_commit_callbacks(execute=True):
        breakdown.update(
            commitment, by=admin_user, values={"target_value": Decimal(50)}, reason="计划调整", today=TODAY
        )

    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.COMPLETED
    assert HistoryEntry.objects.get(action="commitment.target_changed").is_public
    assert public_cache.version() > before


def test_publishing_and_retargeting_an_unpublished_task_needs_no_reason(make_commitment, admin_user):
    commitment = make_commitment(is_public=False)

    breakdown.update(commitment, by=admin_user, values={"is_public": True, "target_value": Decimal(80)}, today=TODAY)

    commitment.refresh_from_db()
    assert (commitment.is_public, commitment.target_value) == (True, Decimal(80))
    assert HistoryEntry.objects.filter(action="commitment.published").exists()


def test_a_due_date_before_the_start_is_refused(make_commitment, admin_user):
    commitment = make_commitment(is_public=False)

    with pytest.raises(AmendmentError, match="早于开始日期"):
        breakdown.update(commitment, by=admin_user, values={"due_date": date(2023, 12, 31)}, today=TODAY)
