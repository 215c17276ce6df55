"""The inbox names each kind of message in Chinese (列表、筛选和详情), never by its internal code."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts import roles
from commitments.admin.background import KIND_LABELS
from commitments.models import OutboxMessage

INBOX = reverse("admin:commitments_outboxmessage_changelist")
CODES = ["reminder", "escalation", "notice-proposed", "notice-issued", "report-approved", "report-returned",
         "digest", "bulletin"]  # fmt: skip


@pytest.fixture
def inbox(db, reporter_a):
    reporter_a.groups.add(roles.ensure_roles()[roles.REPORTERS])
    for code in CODES:
        OutboxMessage.objects.create(kind=code, dedupe_key=code, recipient=reporter_a, subject=f"消息{code}")
    client = Client()
    client.force_login(reporter_a)
    return client


def test_every_kind_the_system_sends_has_a_chinese_label():
    # notify renders templates/emails/<kind>-subject.txt for every kind it sends.
    emails = settings.BASE_DIR / "templates" / "emails"
    sent = {path.name.removesuffix("-subject.txt") for path in emails.glob("*-subject.txt")}
    assert sent == set(CODES) == set(KIND_LABELS)


def test_the_inbox_list_and_its_filter_show_the_labels_not_the_codes(inbox):
    page = inbox.get(INBOX).text

    for code in CODES:
        assert KIND_LABELS[code] in page
        assert f">{code}<" not in page  # neither a cell nor a filter choice shows the code


def test_the_filter_narrows_to_one_kind(inbox):
    page = inbox.get(INBOX, {"kind": "notice-issued"}).text

    assert "消息notice-issued" in page and "消息reminder" not in page


def test_a_message_shows_its_kind_in_chinese(inbox):
    message = OutboxMessage.objects.get(kind="report-returned")

    page = inbox.get(reverse("admin:commitments_outboxmessage_change", args=[message.pk])).text

    assert "填报被退回" in page and ">report-returned<" not in page
