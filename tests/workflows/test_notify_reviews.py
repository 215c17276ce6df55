"""督办通知 and review results reach the department: once per notice, once per review, after commit, in the
recipients' own inbox only, and without the broker."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from commitments import notify, reviews, supervision
from commitments.models import OutboxMessage, ProgressReport, SupervisionNotice

TODAY = date(2025, 1, 6)
DUE = date(2025, 1, 20)
INBOX = reverse("admin:commitments_outboxmessage_changelist")


def _inbox(kind: str) -> list[tuple[str, str]]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("recipient__username", "email"))


@pytest.fixture
def commitment(make_commitment):
    return make_commitment(title="老旧小区改造")


def _issue(commitment, supervisor, reason="请说明进度滞后原因及整改措施"):
    return supervision.issue_notice(commitment, by=supervisor, reason=reason, response_due=DUE, today=TODAY)


def _submitted(make_progress_report, commitment, reporter, **fields):
    report = make_progress_report(commitment, period=date(2024, 12, 1), **fields)
    return reviews.submit(report, by=reporter)


# --- 督办通知 ---------------------------------------------------------------------------------------------------


def test_an_issued_notice_tells_each_reporter_of_the_lead_department_once_after_commit(
    commitment, supervisor, reporter_a, reporter_a2, reporter_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notice = _issue(commitment, supervisor)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1  # one hand-over to the broker for all the department's messages
    assert _inbox("notice-issued") == [("reporter_a", "reporter_a@example.org"), ("reporter_a2", "a2@example.org")]
    message = OutboxMessage.objects.get(recipient=reporter_a)
    assert message.dedupe_key == f"notice-issued:{notice.pk}:u{reporter_a.pk}"
    assert message.commitment_id == commitment.pk
    assert message.subject == f"【督办通知】{commitment.code} 老旧小区改造"
    url = f"/admin/commitments/supervisionnotice/{notice.pk}/change/"
    for body in (message.body_text, message.body_html):
        assert "督办通知" in body and "请说明进度滞后原因及整改措施" in body and "2025年1月20日" in body
        assert url in body
    assert sorted(m.to[0] for m in mail.outbox) == ["a2@example.org", "reporter_a@example.org"]
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_telling_the_department_again_about_the_same_notice_stores_nothing(
    commitment, supervisor, reporter_a, reporter_a2
):
    notice = _issue(commitment, supervisor)
    members = notify.department_members([notice.department_id])[notice.department_id]
    assert notify.notice_issued(notice, commitment, to=members) == 0
    assert OutboxMessage.objects.filter(kind="notice-issued").count() == 2


def test_a_second_notice_on_the_same_task_is_a_message_of_its_own(commitment, supervisor, reporter_a):
    first, second = _issue(commitment, supervisor), _issue(commitment, supervisor, reason="仍未整改")
    keys = set(OutboxMessage.objects.filter(kind="notice-issued").values_list("dedupe_key", flat=True))
    assert keys == {f"notice-issued:{n.pk}:u{reporter_a.pk}" for n in (first, second)}


def test_inactive_reporters_hear_nothing_and_one_without_an_address_gets_the_inbox_entry_only(
    commitment, supervisor, reporter_a, reporter_a2, django_capture_on_commit_callbacks
):
    type(reporter_a).objects.filter(pk=reporter_a2.pk).update(is_active=False)
    type(reporter_a).objects.filter(pk=reporter_a.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _issue(commitment, supervisor)
    assert _inbox("notice-issued") == [("reporter_a", "")]
    assert mail.outbox == []
    assert OutboxMessage.objects.get().sent_at is not None  # delivered to the inbox


def test_a_proposed_notice_reaches_the_department_when_a_supervisor_confirms_it_once(
    commitment, dept_a, supervisor, reporter_a
):
    notice = SupervisionNotice.objects.create(commitment=commitment, department=dept_a, reason="红色督办：已逾期",
                                              response_due=DUE, proposed=True)  # fmt: skip
    assert _inbox("notice-issued") == []
    supervision.confirm_proposal(notice, by=supervisor, response_due=DUE, today=TODAY)
    supervision.confirm_proposal(notice, by=supervisor, response_due=DUE, today=TODAY)  # a double click
    assert _inbox("notice-issued") == [("reporter_a", "reporter_a@example.org")]
    assert "红色督办：已逾期" in OutboxMessage.objects.get().body_text


def test_a_refused_notice_tells_nobody(commitment, supervisor, reporter_a):
    with pytest.raises(supervision.SupervisionError):
        _issue(commitment, supervisor, reason="  ")
    assert not OutboxMessage.objects.exists()


def test_user_text_is_escaped_in_the_html_body_only(make_commitment, supervisor, reporter_a):
    commitment = make_commitment(title="A&B<改造>")
    _issue(commitment, supervisor, reason='<script>alert("x")</script>\n第二行')
    message = OutboxMessage.objects.get()
    assert message.subject == f"【督办通知】{commitment.code} A&B<改造>"
    assert '<script>alert("x")</script>\n第二行' in message.body_text
    assert "<script>" not in message.body_html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>第二行" in message.body_html
    assert "A&amp;B&lt;改造&gt;" in message.body_html


def test_the_notification_costs_the_same_queries_for_two_reporters_or_six(
    commitment, supervisor, reporter_a, reporter_a2, dept_a, django_user_model
):
    def issue_counting() -> int:
        with CaptureQueriesContext(connection) as captured:
            _issue(commitment, supervisor)
        return len(captured)

    _issue(commitment, supervisor)  # the supervisor's role is then cached on the user, as within a request
    two = issue_counting()
    for i in range(4):
        dept_a.members.add(django_user_model.objects.create_user(username=f"more{i}", email=f"m{i}@example.org"))
    six = issue_counting()
    assert two == six
    assert OutboxMessage.objects.filter(kind="notice-issued").count() == 2 + 2 + 6


# --- 填报被退回 / 填报已通过 ------------------------------------------------------------------------------------


def test_a_returned_report_tells_its_submitter_with_the_note(
    commitment,
    make_progress_report,
    supervisor,
    reporter_a,
    reporter_a2,
    reporter_b,
    django_capture_on_commit_callbacks,
):
    report = _submitted(make_progress_report, commitment, reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        reviews.return_report(report, by=supervisor, reason="请补充验收照片")
    assert _inbox("report-returned") == [("reporter_a", "reporter_a@example.org")]  # not reporter_a2
    message = OutboxMessage.objects.get()
    assert message.subject == f"【填报被退回】{commitment.code} 老旧小区改造（2024年12月）"
    for body in (message.body_text, message.body_html):
        assert "请补充验收照片" in body and "2024年12月" in body
        assert f"/admin/commitments/progressreport/{report.pk}/change/" in body
    assert [m.to for m in mail.outbox] == [["reporter_a@example.org"]]


def test_each_return_after_a_resubmission_is_told_again(commitment, make_progress_report, supervisor, reporter_a):
    report = _submitted(make_progress_report, commitment, reporter_a)
    reviews.return_report(report, by=supervisor, reason="第一次：缺照片")
    reviews.submit(report, by=reporter_a)
    report = reviews.return_report(report, by=supervisor, reason="第二次：数据不符")
    returned = OutboxMessage.objects.filter(kind="report-returned").order_by("pk")
    notes = list(returned.values_list("body_text", flat=True))
    assert len(notes) == 2
    assert "第一次：缺照片" in notes[0] and "第二次：数据不符" in notes[1]
    # A retried notification of the same return stores nothing new.
    assert notify.report_reviewed(report, to=notify.report_recipients(report)) == 0
    assert OutboxMessage.objects.filter(kind="report-returned").count() == 2


def test_a_refused_return_tells_nobody(commitment, make_progress_report, supervisor, reporter_a):
    report = _submitted(make_progress_report, commitment, reporter_a)
    with pytest.raises(reviews.ReviewError):
        reviews.return_report(report, by=supervisor, reason="")
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("gone", ["inactive", "moved"])
def test_when_the_submitter_is_gone_the_department_s_reporters_are_told(
    gone, commitment, make_progress_report, supervisor, reporter_a, reporter_a2, dept_a, dept_b
):
    report = _submitted(make_progress_report, commitment, reporter_a)
    if gone == "inactive":
        type(reporter_a).objects.filter(pk=reporter_a.pk).update(is_active=False)
    else:
        dept_a.members.remove(reporter_a)
        dept_b.members.add(reporter_a)
    reviews.return_report(ProgressReport.objects.get(pk=report.pk), by=supervisor, reason="请补充")
    assert _inbox("report-returned") == [("reporter_a2", "a2@example.org")]


def test_an_approval_tells_the_submitter_once(commitment, make_progress_report, supervisor, reporter_a):
    report = _submitted(make_progress_report, commitment, reporter_a)
    reviews.approve(report, by=supervisor, today=TODAY, note="数据准确")
    reviews.approve(report, by=supervisor, today=TODAY)  # a double click is a no-op
    assert _inbox("report-approved") == [("reporter_a", "reporter_a@example.org")]
    message = OutboxMessage.objects.get()
    assert message.subject == f"【填报已通过】{commitment.code} 老旧小区改造（2024年12月）"
    assert "审核意见：数据准确" in message.body_text


# --- In the admin ---------------------------------------------------------------------------------------------


@pytest.fixture
def groups(db):
    return roles.ensure_roles()


def _client(user, groups, role=None) -> Client:
    if role:
        user.groups.add(groups[role])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def redis_down(settings, broker_down):
    dead = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.REDIS_URL = settings.CELERY_BROKER_URL = dead


def test_a_reporter_of_another_department_cannot_see_these_messages(
    commitment, make_progress_report, supervisor, reporter_a, reporter_b, groups
):
    _issue(commitment, supervisor)
    reviews.return_report(_submitted(make_progress_report, commitment, reporter_a), by=supervisor, reason="请补充")
    mine = OutboxMessage.objects.filter(recipient=reporter_a)
    assert sorted(mine.values_list("kind", flat=True)) == ["notice-issued", "report-returned"]

    client_b = _client(reporter_b, groups, roles.REPORTERS)
    page = client_b.get(INBOX)
    assert page.status_code == 200
    assert "【督办通知】" not in page.text and "【填报被退回】" not in page.text
    for message in mine:
        assert client_b.get(reverse("admin:commitments_outboxmessage_change", args=[message.pk])).status_code == 404

    page = _client(reporter_a, groups, roles.REPORTERS).get(INBOX)
    assert "【督办通知】" in page.text and "【填报被退回】" in page.text


def test_issuing_and_returning_in_the_admin_succeed_with_redis_down(
    redis_down, commitment, make_progress_report, supervisor, reporter_a, groups, django_capture_on_commit_callbacks
):
    client = _client(supervisor, groups)
    due = timezone.localdate() + timedelta(days=10)
    report = _submitted(make_progress_report, commitment, reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(reverse("admin:commitments_supervisionnotice_add"),
                             {"commitment": commitment.pk, "reason": "进度滞后", "response_due": due})  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        returned = client.post(reverse("admin:commitments_progressreport_review", args=[report.pk]),
                               {"decision": "return", "note": "请补充验收照片"})  # fmt: skip
    assert (issued.status_code, returned.status_code) == (302, 302)
    assert SupervisionNotice.objects.get().reason == "进度滞后"
    assert ProgressReport.objects.get(pk=report.pk).state == "returned"
    # Stored, not sent: the delivery sweep sends them once the broker is back.
    assert _inbox("notice-issued") == _inbox("report-returned") == [("reporter_a", "reporter_a@example.org")]
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2
    assert mail.outbox == []
