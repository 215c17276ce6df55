"""The database refuses to change or delete an approved report, whatever path the write takes."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from commitments.models import ProgressReport


@pytest.fixture
def approved(make_commitment, make_progress_report):
    return make_progress_report(make_commitment(), value=D(50), state="approved")


@pytest.mark.parametrize(
    ("field", "value"), [("value", D(99)), ("state", "submitted"), ("narrative", "改写"), ("period", date(2024, 7, 1))]
)
def test_an_approved_report_cannot_be_changed_through_the_orm(approved, field, value):
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.filter(pk=approved.pk).update(**{field: value})
    approved.refresh_from_db()
    assert approved.value == D(50) and approved.state == "approved"


def test_an_approved_report_cannot_be_changed_or_deleted_through_sql(approved):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE commitments_progressreport SET value = 1 WHERE id = %s", [approved.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM commitments_progressreport WHERE id = %s", [approved.pk])
    assert ProgressReport.objects.filter(pk=approved.pk, value=D(50)).exists()


def test_an_approved_report_can_still_be_verified_on_site(approved, supervisor):
    ProgressReport.objects.filter(pk=approved.pk).update(
        verified=True, verified_by=supervisor, verified_at=timezone.now(), verification_note="现场核实无误"
    )
    approved.refresh_from_db()
    assert approved.verified


def test_a_draft_can_be_changed_and_deleted(make_commitment, make_progress_report):
    draft = make_progress_report(make_commitment(), state="draft")
    ProgressReport.objects.filter(pk=draft.pk).update(value=D(60))
    draft.delete()
    assert not ProgressReport.objects.filter(pk=draft.pk).exists()


def test_a_returned_report_needs_a_review_note(make_commitment, make_progress_report):
    report = make_progress_report(make_commitment(), state="submitted")
    with pytest.raises(DatabaseError), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(state="returned", review_note="")
