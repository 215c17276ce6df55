"""Admin for background work: each user's inbox, escalations in reach, bulletins for supervisors only."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from commitments import bulletin, scan
from commitments.models import Escalation, OutboxMessage

INBOX = reverse("admin:commitments_outboxmessage_changelist")


@pytest.fixture
def groups(db):
    return roles.ensure_roles()


@pytest.fixture
def reporter_a(reporter_a, groups):
    reporter_a.groups.add(groups[roles.REPORTERS])
    return reporter_a


@pytest.fixture
def reporter_b(reporter_b, groups):
    reporter_b.groups.add(groups[roles.REPORTERS])
    return reporter_b


@pytest.fixture
def supervisor(supervisor, groups):
    return supervisor


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def messages_ab(reporter_a, reporter_b):
    def message(user, key):
        return OutboxMessage.objects.create(kind="reminder", dedupe_key=key, recipient=user, email=user.email,
                                            subject=f"给{user.username}的提醒", body_text="正文")  # fmt: skip

    return message(reporter_a, "a"), message(reporter_b, "b")


def test_a_reporter_sees_only_their_own_messages(messages_ab, reporter_a):
    page = _client(reporter_a).get(INBOX)
    assert page.status_code == 200
    assert "给reporter_a的提醒" in page.text and "给reporter_b的提醒" not in page.text


def test_reporter_b_cannot_open_reporter_a_s_message(messages_ab, reporter_b):
    mine_a, _ = messages_ab
    page = _client(reporter_b).get(reverse("admin:commitments_outboxmessage_change", args=[mine_a.pk]))
    assert page.status_code == 404


def test_a_supervisor_sees_every_message(messages_ab, supervisor):
    page = _client(supervisor).get(INBOX)
    assert "给reporter_a的提醒" in page.text and "给reporter_b的提醒" in page.text


def test_mark_as_read_marks_only_the_user_s_own_messages(messages_ab, supervisor, reporter_a):
    mine_a, mine_b = messages_ab
    ids = [mine_a.pk, mine_b.pk]
    _client(supervisor).post(INBOX, {"action": "mark_read", "_selected_action": ids})
    assert OutboxMessage.objects.filter(read_at__isnull=False).count() == 0  # neither is the supervisor's
    response = _client(reporter_a).post(INBOX, {"action": "mark_read", "_selected_action": [mine_a.pk]})
    assert response.status_code == 302
    assert list(OutboxMessage.objects.filter(read_at__isnull=False)) == [mine_a]


def test_nobody_edits_or_deletes_a_message(messages_ab, supervisor):
    mine_a, _ = messages_ab
    client = _client(supervisor)
    url = reverse("admin:commitments_outboxmessage_change", args=[mine_a.pk])
    client.post(url, {"subject": "改过"})
    assert OutboxMessage.objects.get(pk=mine_a.pk).subject == "给reporter_a的提醒"
    assert client.get(reverse("admin:commitments_outboxmessage_delete", args=[mine_a.pk])).status_code == 403


def test_escalations_are_listed_for_supervisors_and_closed_to_reporters(overdue_commitment, supervisor, reporter_a):
    scan.scan(today=date(2025, 1, 5))
    from commitments import escalation

    escalation.escalate_all(today=date(2025, 1, 5))
    url = reverse("admin:commitments_escalation_changelist")
    assert "due:2024-12-31" in _client(supervisor).get(url).text
    assert _client(reporter_a).get(url).status_code == 403  # the role carries no permission on escalations
    assert Escalation.objects.count() == 1


@pytest.fixture
def stored_bulletin(overdue_commitment):
    scan.scan(today=date(2025, 1, 1))
    return bulletin.publish(month=date(2024, 12, 1), today=date(2025, 1, 1))


@pytest.mark.parametrize(("kind", "content_type", "extension"), [
    ("workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ("document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
])  # fmt: skip
def test_a_supervisor_downloads_the_bulletin_as_an_attachment(stored_bulletin, supervisor, kind, content_type,
                                                              extension):  # fmt: skip
    url = reverse("admin:commitments_bulletin_download", args=[stored_bulletin.pk, kind])
    response = _client(supervisor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''2024%E5%B9%B412%E6%9C%88" in response["Content-Disposition"]  # 2024年12月…
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("persona", ["reporter_a", "reporter_b"])
def test_a_reporter_cannot_download_a_bulletin_even_with_the_model_permission(stored_bulletin, persona, request,
                                                                              groups):  # fmt: skip
    from django.contrib.auth.models import Permission

    user = request.getfixturevalue(persona)
    user.user_permissions.add(Permission.objects.get(codename="view_bulletin"))
    url = reverse("admin:commitments_bulletin_download", args=[stored_bulletin.pk, "workbook"])
    assert _client(user).get(url).status_code == 403
    assert _client(user).get(reverse("admin:commitments_bulletin_changelist")).status_code == 403


def test_the_public_is_sent_to_the_login_page(stored_bulletin, client):
    url = reverse("admin:commitments_bulletin_download", args=[stored_bulletin.pk, "document"])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_file_kind_is_not_found(stored_bulletin, supervisor):
    url = reverse("admin:commitments_bulletin_download", args=[stored_bulletin.pk, "source"])
    assert _client(supervisor).get(url).status_code == 404


def test_the_bulletin_list_shows_its_summary_and_links(stored_bulletin, supervisor):
    page = _client(supervisor).get(reverse("admin:commitments_bulletin_change", args=[stored_bulletin.pk]))
    assert page.status_code == 200
    assert "红色督办 1 项" in page.text and "Excel 工作簿" in page.text


@pytest.mark.parametrize("n", [1, 20])
def test_the_inbox_takes_the_same_queries_for_1_and_20_messages(n, reporter_a, django_assert_num_queries):
    for i in range(n):
        OutboxMessage.objects.create(kind="reminder", dedupe_key=f"k{i}", recipient=reporter_a, subject=f"提醒{i}",
                                     body_text="正文")  # fmt: skip
    client = _client(reporter_a)
    client.get(INBOX)  # warm the session
    # session, user, user and group permissions, the 督查室 check, two counts (filtered, total), the user's
    # departments (the admin's navigation), the page of messages with their recipients, the kind filter
    with django_assert_num_queries(10):
        assert client.get(INBOX).status_code == 200
