"""Who sees what (commitments.permissions). reporter_a (住建局) leads; reporter_b (城管局) supports or is a stranger."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from commitments import permissions
from commitments.models import SupervisionNotice

APPROVED, DRAFT, SUBMITTED = "approved", "draft", "submitted"


def test_reporter_sees_led_and_supported_commitments_only(make_commitment, reporter_a, reporter_b, dept_b):
    led = make_commitment()
    supported = make_commitment()
    supported.supporting_departments.add(dept_b)
    stranger = make_commitment(lead_department=None)

    assert set(permissions.commitments_visible_to(reporter_b)) == {supported}
    assert set(permissions.commitments_visible_to(reporter_a)) == {led, supported}
    assert stranger not in permissions.commitments_visible_to(reporter_a)


def test_supporting_department_reads_approved_reports_only(make_commitment, make_progress_report, reporter_b, dept_b):
    commitment = make_commitment()
    commitment.supporting_departments.add(dept_b)
    approved = make_progress_report(commitment, state=APPROVED)
    make_progress_report(commitment, state=DRAFT)
    make_progress_report(commitment, state=SUBMITTED, period=approved.period.replace(month=7))

    assert list(permissions.reports_visible_to(reporter_b)) == [approved]


def test_lead_department_sees_its_reports_in_every_state(make_commitment, make_progress_report, reporter_a):
    commitment = make_commitment()
    reports = {make_progress_report(commitment, state=s) for s in (DRAFT, SUBMITTED, APPROVED)}

    assert set(permissions.reports_visible_to(reporter_a)) == reports


def test_reporter_b_has_no_access_to_dept_a_drafts(make_commitment, make_progress_report, reporter_b):
    report = make_progress_report(make_commitment(), state=DRAFT)

    assert not permissions.reports_visible_to(reporter_b).filter(pk=report.pk).exists()
    assert not permissions.can_view_report(reporter_b, report)
    assert not permissions.can_edit_report(reporter_b, report)


@pytest.mark.parametrize("who", ["anonymous", "inactive", "no_department"])
def test_users_without_a_role_see_nothing(who, make_commitment, make_progress_report, reporter_a, django_user_model):
    make_progress_report(make_commitment(), state=APPROVED)
    user = {
        "anonymous": AnonymousUser(),
        "inactive": reporter_a,
        "no_department": django_user_model.objects.create_user(username="nobody"),
    }[who]
    if who == "inactive":
        reporter_a.is_active = False

    assert not permissions.commitments_visible_to(user).exists()
    assert not permissions.reports_visible_to(user).exists()
    assert not permissions.is_supervisor(user)


def test_supervisor_sees_everything(make_commitment, make_progress_report, supervisor):
    report = make_progress_report(make_commitment(lead_department=None), state=DRAFT)

    assert permissions.is_supervisor(supervisor)
    assert report in permissions.reports_visible_to(supervisor)


def test_nobody_may_edit_an_approved_report(make_commitment, make_progress_report, reporter_a, supervisor, admin_user):
    report = make_progress_report(make_commitment(), state=APPROVED)

    assert not any(permissions.can_edit_report(u, report) for u in (reporter_a, supervisor, admin_user))


def test_reporter_edits_own_draft_and_returned_reports(make_commitment, make_progress_report, reporter_a):
    commitment = make_commitment()

    assert permissions.can_edit_report(reporter_a, make_progress_report(commitment, state=DRAFT))
    assert permissions.can_edit_report(reporter_a, make_progress_report(commitment, state="returned"))
    assert not permissions.can_edit_report(reporter_a, make_progress_report(commitment, state=SUBMITTED))


def test_supervisors_do_not_report(make_commitment, supervisor):
    """Whoever approves figures must not be the one who typed them in."""
    assert not permissions.can_report_on(supervisor, make_commitment())
    assert not permissions.commitments_reportable_by(supervisor).exists()


def test_reportable_commitments_exclude_supported_and_suspended_ones(make_commitment, reporter_a, reporter_b, dept_b):
    led = make_commitment()
    make_commitment(terminal_state="suspended", terminal_reason="暂缓实施")
    make_commitment(lead_department=dept_b).supporting_departments.add(reporter_a.departments.get())

    assert list(permissions.commitments_reportable_by(reporter_a)) == [led]


def test_department_sees_issued_notices_not_proposals(make_commitment, reporter_a, reporter_b, dept_a):
    commitment = make_commitment()
    issued = SupervisionNotice.objects.create(
        commitment=commitment, department=dept_a, reason="进度滞后", response_due="2024-07-01"
    )
    SupervisionNotice.objects.create(
        commitment=commitment, department=dept_a, reason="系统建议", response_due="2024-07-01", proposed=True
    )

    assert list(permissions.notices_visible_to(reporter_a)) == [issued]
    assert not permissions.notices_visible_to(reporter_b).exists()
