"""Public evidence downloads: attachments with a safe type, for approved and public evidence only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import ProgressReport

pytestmark = pytest.mark.django_db


def download(client, evidence):
    return client.get(reverse("public:evidence-download", args=[evidence.pk]))


def test_public_evidence_downloads_as_an_attachment_that_is_never_sniffed(client, make_commitment, approve, attach):
    evidence = attach(approve(make_commitment()))

    response = download(client, evidence)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_stored_type_outside_the_safe_list_downloads_as_bytes(client, make_commitment, approve, attach):
    evidence = attach(
        approve(make_commitment()), name="page.html", data=b"<script>x</script>", content_type="text/html"
    )

    response = download(client, evidence)

    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize(
    "state", [ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED, ProgressReport.State.RETURNED]
)
def test_evidence_of_an_unapproved_report_is_not_found(client, make_commitment, make_progress_report, attach, state):
    evidence = attach(make_progress_report(make_commitment(), state=state))

    assert download(client, evidence).status_code == 404


def test_evidence_not_marked_public_is_not_found(client, make_commitment, approve, attach):
    evidence = attach(approve(make_commitment()), public=False)

    assert download(client, evidence).status_code == 404


def test_evidence_of_a_commitment_that_is_not_public_is_not_found(client, make_commitment, approve, attach):
    evidence = attach(approve(make_commitment(is_public=False)))

    assert download(client, evidence).status_code == 404
