"""Uploaded files are served as attachments with a safe content type and nosniff, never rendered inline;
an HTML or SVG file disguised as a PNG is refused at upload, and nothing is written."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from commitments import evidence
from commitments.data.demo import png_bytes
from commitments.models import Evidence

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
SAFE_TYPES = {"application/pdf", "image/jpeg", "image/png", "application/octet-stream"}


@pytest.fixture
def reporter(reporter_a):
    reporter_a.groups.add(roles.ensure_roles()[roles.REPORTERS])
    return reporter_a


def _stored(progress_report, data: bytes, *, content_type: str, name: str, is_public: bool = True) -> Evidence:
    """An evidence row as the database may hold it, including a content type no upload would produce today."""
    return Evidence.objects.create(
        progress_report=progress_report,
        file=ContentFile(data, name=f"x{name[name.rfind('.') :]}"),
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        is_public=is_public,
    )


def _assert_served_safely(response) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"].split(";")[0] in SAFE_TYPES
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("data", "stored_type"), [(png_bytes(seed=3), "image/png"), (HTML, "text/html")])
def test_public_evidence_is_an_attachment_with_a_safe_type(
    client, make_commitment, make_progress_report, data, stored_type
):
    report = make_progress_report(make_commitment(), state="approved")
    item = _stored(report, data, content_type=stored_type, name="现场照片.png")
    response = client.get(reverse("public:evidence-download", args=[item.pk]))
    _assert_served_safely(response)
    assert b"".join(response.streaming_content) == data


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_evidence_of_an_unapproved_report_is_not_public(client, make_commitment, make_progress_report, state):
    item = _stored(make_progress_report(make_commitment(), state=state), png_bytes(seed=4), content_type="image/png",
                   name="a.png")  # fmt: skip
    assert client.get(reverse("public:evidence-download", args=[item.pk])).status_code == 404


def test_the_admin_download_is_an_attachment_with_a_safe_type(client, reporter, make_commitment, make_progress_report):
    item = _stored(
        make_progress_report(make_commitment(), state="draft"), HTML, content_type="text/html", name="a.html"
    )
    client.force_login(reporter)
    response = client.get(reverse("admin:commitments_evidence_download", args=[item.pk]))
    _assert_served_safely(response)
    assert "text/html" not in response["Content-Type"]


def test_another_departments_reporter_cannot_download_the_file(
    client, reporter_b, make_commitment, make_progress_report
):
    reporter_b.groups.add(roles.ensure_roles()[roles.REPORTERS])
    item = _stored(make_progress_report(make_commitment(), state="draft"), png_bytes(seed=5), content_type="image/png",
                   name="a.png")  # fmt: skip
    client.force_login(reporter_b)
    assert client.get(reverse("admin:commitments_evidence_download", args=[item.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "name"),
    [(HTML, "photo.png"), (SVG, "photo.png"), (SVG, "chart.svg"), (HTML, "report.pdf")],
    ids=["html-as-png", "svg-as-png", "svg", "html-as-pdf"],
)
def test_html_or_svg_in_disguise_is_refused_and_nothing_is_written(
    reporter, make_commitment, make_progress_report, media, data, name
):
    report = make_progress_report(make_commitment(), state="draft")
    upload = SimpleUploadedFile(name, data, content_type="image/png")
    with pytest.raises(evidence.EvidenceError, match="不是允许的类型"):
        evidence.attach(report, upload, by=reporter)
    assert not Evidence.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
