"""The public selectors: the one home of what the public may see. Pages, exports, feeds and the API start from
these, so each is proven here against everything that must stay hidden: drafts, submitted and returned
reports, private evidence, commitments and work reports not made public."""

from __future__ import annotations

from datetime import date

import pytest

from commitments.models import Evidence, Milestone, ProgressReport, Section, WorkReport
from commitments.public import selectors

pytestmark = pytest.mark.django_db
APPROVED, SUBMITTED = ProgressReport.State.APPROVED, ProgressReport.State.SUBMITTED


def _evidence(progress_report, *, public: bool) -> Evidence:
    return Evidence.objects.create(
        progress_report=progress_report, file="evidence/x.pdf", original_name="a.pdf",
        content_type="application/pdf", size=1, sha256="0" * 64, is_public=public,
    )  # fmt: skip


@pytest.fixture
def hidden_work_report(db):
    report = WorkReport.objects.create(year=2025, issuer="未公开市人民政府", title="草稿报告", is_public=False)
    section = Section.objects.create(work_report=report, key="2", heading="重点工作")
    return report, section


def test_only_public_evidence_of_approved_reports_of_public_commitments_is_public(
    make_commitment, make_progress_report, hidden_work_report
):
    hidden, hidden_section = hidden_work_report
    shown = _evidence(make_progress_report(make_commitment(), state=APPROVED), public=True)
    private_file = _evidence(make_progress_report(make_commitment(), state=APPROVED), public=False)
    _evidence(make_progress_report(make_commitment(), state=SUBMITTED), public=True)
    _evidence(make_progress_report(make_commitment(is_public=False), state=APPROVED), public=True)
    in_hidden_report = make_commitment(work_report=hidden, section=hidden_section)
    _evidence(make_progress_report(in_hidden_report, state=APPROVED), public=True)

    assert list(selectors.public_evidence()) == [shown]
    # An approved update is public even where its file is not; the unapproved and the hidden ones never are.
    assert set(selectors.public_progress_reports()) == {shown.progress_report, private_file.progress_report}


def test_only_public_commitments_of_public_work_reports_and_what_hangs_on_them_are_public(
    make_commitment, work_report, section, hidden_work_report, dept_a, dept_b
):
    hidden, hidden_section = hidden_work_report
    public = make_commitment()
    private = make_commitment(is_public=False, lead_department=dept_b)
    in_hidden_report = make_commitment(work_report=hidden, section=hidden_section, lead_department=dept_b)
    for c in (public, private, in_hidden_report):
        Milestone.objects.create(commitment=c, title=f"节点{c.pk}", due_date=date(2024, 6, 30))

    assert list(selectors.public_work_reports()) == [work_report]
    assert list(selectors.public_commitments()) == [public]
    assert list(selectors.public_sections()) == [section]
    assert [m.commitment for m in selectors.public_milestones()] == [public]
    # dept_b leads only work the public does not see: it is never listed.
    assert list(selectors.leading_departments(selectors.public_commitments())) == [dept_a]
    assert [r.pk for r in selectors.work_report_choices()] == [work_report.pk]
