"""The audit list (操作记录) names what happened in Chinese, in its column and its filter; the stable code
stays on the entry's own page for whoever needs it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commitments.admin.audit import ACTION_LABELS
from commitments.models import HistoryEntry

pytestmark = pytest.mark.django_db

# Every action the domain functions, the importer, the scan, the bulletin and the demo record.
ACTIONS = [
    "commitment.created", "commitment.changed", "commitment.target_changed", "commitment.published",
    "commitment.unpublished", "commitment.adjusted", "commitment.suspended", "commitment.investment_planned",
    "report.created", "report.changed", "report.submitted", "report.approved", "report.returned",
    "report.verified", "report.deleted", "report.imported", "evidence.added", "evidence.publicity_changed",
    "evidence.removed", "notice.issued", "notice.proposed", "notice.responded", "notice.closed",
    "milestone.changed", "milestone.rescheduled", "escalation.raised", "bulletin.published",
    "bulletin.regenerated", "demo.loaded",
]  # fmt: skip


def test_every_recorded_action_has_a_chinese_name():
    assert set(ACTIONS) <= set(ACTION_LABELS)
    assert all(not any("a" <= ch <= "z" for ch in ACTION_LABELS[a]) for a in ACTIONS)


def test_the_audit_list_and_its_filter_show_names_not_codes(admin_user):
    for i, action in enumerate(["report.approved", "notice.issued"]):
        HistoryEntry.objects.create(action=action, object_type="commitments.progressreport", object_id=str(i),
                                    object_repr=f"对象{i}")  # fmt: skip
    client = Client()
    client.force_login(admin_user)

    page = client.get(reverse("admin:commitments_historyentry_changelist")).text
    filtered = client.get(reverse("admin:commitments_historyentry_changelist"), {"action": "notice.issued"}).text

    assert "审核通过" in page and "下发督办" in page
    assert ">report.approved<" not in page and ">notice.issued<" not in page
    assert "对象1" in filtered and "对象0" not in filtered
