"""Atom feeds of approved updates, overall and per report."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from commitments.models import ProgressReport

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ElementTree.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own response, not untrusted input: the standard parser is fine here.
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314


def test_the_feed_lists_approved_updates_only(client, make_commitment, approve, make_progress_report):
    c = make_commitment()
    approve(c, narrative="六月进展")
    make_progress_report(c, narrative="草稿进展", state=ProgressReport.State.DRAFT)
    make_progress_report(c, narrative="退回进展", state=ProgressReport.State.RETURNED)

    found = entries(client.get(reverse("public:feed")))

    assert len(found) == 1
    assert "六月进展" in found[0].find(f"{ATOM}summary").text


def test_a_report_feed_lists_that_report_only(client, work_report, make_commitment, approve, second_report):
    later, later_section = second_report
    approve(make_commitment(), narrative="二〇二四年的进展")
    approve(make_commitment(work_report=later, section=later_section, code="2025-1"), narrative="二〇二五年的进展")

    found = entries(client.get(reverse("public:report-feed", args=[work_report.pk])))

    assert [e.find(f"{ATOM}summary").text for e in found] == ["累计完成：50 个。二〇二四年的进展"]


def test_markup_in_a_narrative_reaches_a_feed_reader_as_text(client, make_commitment, approve):
    approve(make_commitment(), narrative="<script>x</script>")

    summary = entries(client.get(reverse("public:feed")))[0].find(f"{ATOM}summary")

    # The summary is HTML: once the XML is read, the reader must still see escaped markup.
    assert summary.get("type") == "html" and "&lt;script&gt;" in summary.text


def test_the_feed_of_a_report_that_is_not_public_is_not_found(client, work_report, make_commitment):
    work_report.is_public = False
    work_report.save()

    assert client.get(reverse("public:report-feed", args=[work_report.pk])).status_code == 404
