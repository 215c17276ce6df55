"""An audit entry names its time in Asia/Shanghai, as the list beside it does: the admin's page title and
breadcrumb showed the UTC time (17:38 on the 28th for an entry listed at 01:38 on the 29th)."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from commitments.models import HistoryEntry

pytestmark = pytest.mark.django_db


def test_an_entry_is_named_by_its_local_time(admin_user):
    # Audit rows cannot be changed once written: the clock is set for the insert instead.
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 11, 28, 17, 38, tzinfo=UTC)):
        entry = HistoryEntry.objects.create(
            action="progress_report.approved", actor_name="duchashi", object_type="commitments.progressreport",
            object_id="1", object_repr="2024-2-1-15 2026-11 已通过",
        )  # fmt: skip
    entry.refresh_from_db()

    assert str(entry).startswith("2026-11-29 01:38 ")

    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:commitments_historyentry_change", args=[entry.pk])).text
    assert "2026-11-29 01:38" in page and "2026-11-28 17:38" not in page
