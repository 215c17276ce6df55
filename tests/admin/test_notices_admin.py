"""督办 in the admin: the supervisor issues and closes, the department answers, overdue notices stand out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import SupervisionNotice
from tests.admin.conftest import snapshot


def _url(name: str, *args) -> str:
    return reverse(f"admin:commitments_{name}", args=args)


@pytest.fixture
def notice(make_commitment, dept_a, supervisor):
    return SupervisionNotice.objects.create(
        commitment=make_commitment(), department=dept_a, reason="请说明进度滞后原因", issued_by=supervisor,
        response_due=timezone.localdate() + timedelta(days=5),
    )  # fmt: skip


def test_the_supervisor_issues_a_notice(make_commitment, client_supervisor, dept_a):
    commitment = make_commitment()
    due = timezone.localdate() + timedelta(days=10)

    response = client_supervisor.post(
        _url("supervisionnotice_add"), {"commitment": commitment.pk, "reason": "进度滞后", "response_due": due}
    )

    assert response.status_code == 302
    notice = SupervisionNotice.objects.get()
    assert (notice.department, notice.response_due, notice.state) == (dept_a, due, "open")


@pytest.mark.parametrize(
    ("reason", "days", "message"), [("", 10, "请填写督办事由"), ("进度滞后", -1, "答复期限不能早于今天")]
)
def test_a_bad_notice_gets_a_message_and_writes_nothing(reason, days, message, make_commitment, client_supervisor):
    due = timezone.localdate() + timedelta(days=days)
    before = snapshot()

    response = client_supervisor.post(
        _url("supervisionnotice_add"), {"commitment": make_commitment().pk, "reason": reason, "response_due": due}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_the_department_responds_in_the_admin(notice, client_a, reporter_a):
    response = client_a.post(_url("supervisionnotice_change", notice.pk), {"response": "已增派人员，月底完成"})

    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.state, notice.response, notice.responded_by) == ("responded", "已增派人员，月底完成", reporter_a)


def test_an_empty_response_is_refused(notice, client_a):
    response = client_a.post(_url("supervisionnotice_change", notice.pk), {"response": ""})

    assert "请填写答复内容" in response.content.decode()
    notice.refresh_from_db()
    assert notice.state == "open"


def test_an_answered_notice_is_read_only_for_the_department(notice, client_a):
    client_a.post(_url("supervisionnotice_change", notice.pk), {"response": "已答复"})

    response = client_a.post(_url("supervisionnotice_change", notice.pk), {"response": "改答复"})

    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.response == "已答复"


def test_the_supervisor_closes_the_notice(notice, client_supervisor, supervisor):
    response = client_supervisor.post(_url("supervisionnotice_close", notice.pk), {"note": "整改到位"})

    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.state, notice.closed_by) == ("closed", supervisor)


def test_nobody_deletes_a_notice(notice, client_admin):
    assert client_admin.post(_url("supervisionnotice_delete", notice.pk), {"post": "yes"}).status_code == 403
    assert SupervisionNotice.objects.filter(pk=notice.pk).exists()


def test_overdue_notices_stand_out_in_the_list(notice, client_supervisor):
    SupervisionNotice.objects.filter(pk=notice.pk).update(response_due=date(2024, 1, 5))

    page = client_supervisor.get(_url("supervisionnotice_changelist")).content.decode()

    assert "2024-01-05（逾期未答复）" in page


def test_a_proposal_is_issued_by_the_supervisor_before_the_department_sees_it(notice, client_supervisor, client_a):
    SupervisionNotice.objects.filter(pk=notice.pk).update(proposed=True)
    assert client_a.get(_url("supervisionnotice_change", notice.pk)).status_code == 404

    due = timezone.localdate() + timedelta(days=7)
    client_supervisor.post(_url("supervisionnotice_confirm", notice.pk), {"response_due": due})

    assert client_a.get(_url("supervisionnotice_change", notice.pk)).status_code == 200
