"""The audit list (操作记录) names what happened in Chinese, in its column and its filter; the stable code
stays on the entry's own page for whoever needs it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from commitments import actions
from commitments.models import HistoryEntry

pytestmark = pytest.mark.django_db

# Every action the domain functions, the importer, the scan, the bulletin and the demo record.
ACTIONS = [
    "commitment.created", "commitment.changed", "commitment.target_changed", "commitment.published",
    "commitment.unpublished", "commitment.adjusted", "commitment.suspended", "commitment.investment_planned",
    "progress_report.created", "progress_report.changed", "progress_report.submitted", "progress_report.approved",
    "progress_report.returned", "progress_report.verified", "progress_report.deleted", "work_report.imported",
    "evidence.added", "evidence.publicity_changed", "evidence.removed", "notice.issued", "notice.proposed",
    "notice.responded", "notice.closed",
    "milestone.changed", "milestone.rescheduled", "escalation.raised", "bulletin.published",
    "bulletin.regenerated", "demo.loaded",
]  # fmt: skip


def test_every_recorded_action_has_a_chinese_name():
    assert set(ACTIONS) <= set(actions.ACTIONS)
    assert all(not any("a" <= ch <= "z" for ch in actions.label(a)) for a in ACTIONS)


def test_the_audit_list_and_its_filter_show_names_not_codes(admin_user):
    for i, action in enumerate(["progress_report.approved", "notice.issued"]):
        HistoryEntry.objects.create(action=action, object_type="commitments.progressreport", object_id=str(i),
                                    object_repr=f"对象{i}")  # fmt: skip
    client = Client()
    client.force_login(admin_user)

    page = client.get(reverse("admin:commitments_historyentry_changelist")).text
    filtered = client.get(reverse("admin:commitments_historyentry_changelist"), {"action": "notice.issued"}).text

    assert "审核通过" in page and "下发督办" in page
    assert ">report.approved<" not in page and ">notice.issued<" not in page
    assert "对象1" in filtered and "对象0" not in filtered


def test_an_entry_written_under_an_old_code_keeps_its_name_and_is_found_by_the_current_code(admin_user):
    HistoryEntry.objects.create(action="report.approved", object_type="commitments.progressreport", object_id="1",
                                object_repr="旧代码")  # fmt: skip
    HistoryEntry.objects.create(action="progress_report.approved", object_type="commitments.progressreport",
                                object_id="2", object_repr="新代码")  # fmt: skip
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:commitments_historyentry_changelist")

    listed = client.get(url).text
    filtered = client.get(url, {"action": "progress_report.approved"}).text

    assert actions.label("report.approved") == actions.label("progress_report.approved") == "审核通过"
    assert "旧代码" in filtered and "新代码" in filtered
    # Offered once in the filter, under the current code.
    assert listed.count('href="?action=progress_report.approved"') == 1 and "?action=report.approved" not in listed


def test_recording_an_unregistered_action_is_refused_before_anything_is_written(make_commitment):
    from commitments import history

    with pytest.raises(KeyError, match="not registered"):
        history.record(make_commitment(), "commitment.renamed")
    assert not HistoryEntry.objects.exists()


def test_exactly_the_public_actions_reach_the_public_change_log(make_commitment):
    from commitments import history

    c = make_commitment()
    for code in actions.ACTIONS:
        if not code.startswith("auth."):
            history.record(c, code)

    public = set(history.public_changes(c).values_list("action", flat=True))
    assert public == {"commitment.target_changed", "commitment.published", "commitment.adjusted",
                      "commitment.suspended"}  # fmt: skip
