"""A published target, unit or due date moves only with a reason the public can read."""

from datetime import date
from decimal import Decimal as D

import pytest

from commitments import amendments, history
from commitments.amendments import AmendmentError
from commitments.models import Commitment, HistoryEntry


def test_changing_a_published_target_records_old_new_and_reason(make_commitment, admin_user):
    c = make_commitment(target_value=D(103))
    amendments.change_target(c, by=admin_user, reason="省里调整了改造计划", target_value=D(98))
    c.refresh_from_db()
    assert c.target_value == D(98)
    entry = history.public_changes(c).get()
    assert entry.action == "commitment.target_changed"
    assert entry.data == {"target_value": ["103", "98"]}
    assert entry.reason == "省里调整了改造计划"
    assert entry.actor == admin_user


def test_a_published_change_without_a_reason_is_refused_and_changes_nothing(make_commitment, admin_user):
    c = make_commitment(target_value=D(103))
    with pytest.raises(AmendmentError, match="必须填写原因"):
        amendments.change_target(c, by=admin_user, reason="  ", due_date=date(2025, 6, 30))
    c.refresh_from_db()
    assert c.due_date == date(2024, 12, 31)
    assert not HistoryEntry.objects.exists()


def test_a_due_date_before_the_start_is_refused(make_commitment, admin_user):
    c = make_commitment()
    with pytest.raises(AmendmentError, match="不能早于开始日期"):
        amendments.change_target(c, by=admin_user, reason="录入错误", due_date=date(2023, 1, 1))
    assert Commitment.objects.get(pk=c.pk).due_date == date(2024, 12, 31)


def test_the_same_value_again_records_nothing(make_commitment, admin_user):
    c = make_commitment(target_value=D(103))
    amendments.change_target(c, by=admin_user, reason="", target_value=D("103.0"))
    assert not HistoryEntry.objects.exists()


@pytest.mark.parametrize("state", ["adjusted", "suspended"])
def test_adjusting_or_suspending_sets_a_terminal_status_with_a_public_reason(make_commitment, admin_user, state):
    c = make_commitment()
    amendments.set_terminal(c, state=state, by=admin_user, reason="市政府常务会议决定")
    c.refresh_from_db()
    assert (c.status, c.terminal_reason) == (state, "市政府常务会议决定")
    assert history.public_changes(c).get().action == f"commitment.{state}"


def test_a_terminal_state_needs_a_reason(make_commitment, admin_user):
    c = make_commitment()
    with pytest.raises(AmendmentError):
        amendments.set_terminal(c, state="suspended", by=admin_user, reason="")
    assert Commitment.objects.get(pk=c.pk).terminal_state == ""


def test_the_database_refuses_a_terminal_state_without_a_reason(make_commitment):
    from django.db import IntegrityError, transaction

    c = make_commitment()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=c.pk).update(terminal_state="adjusted", terminal_reason="")
