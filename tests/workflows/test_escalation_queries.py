"""The daily escalation in bulk: its statements do not grow with the number of new colours, and a dead
broker costs one failed hand-over per chunk, not one per message."""

import logging
from datetime import date
from decimal import Decimal as D

import pytest
from django.core import mail

from commitments import escalation, scan
from commitments.models import Escalation, HistoryEntry, OutboxMessage, SupervisionNotice

DAY = date(2025, 1, 5)  # every task below is past its due date of 2024-12-31


@pytest.fixture
def make_overdue(make_commitment, make_progress_report):
    """n of dept_a's count tasks, at 50 of 103 when the year ended: red on DAY once scanned."""

    def make(n: int) -> None:
        for _ in range(n):
            c = make_commitment()
            make_progress_report(c, period=date(2024, 11, 1), value=D(50), state="approved")
        scan.scan(today=DAY)

    return make


@pytest.mark.parametrize("n", [1, 20])
def test_the_first_run_s_queries_do_not_grow_with_new_red_items(
    n, make_overdue, reporter_a, reporter_a2, supervisor, django_assert_num_queries
):
    make_overdue(n)
    # Per chunk: savepoint, open commitments, their milestones, their reports of the month, their
    # escalations; INSERT escalations … RETURNING, the new ones' commitments with departments, INSERT
    # notices, INSERT their simple-history rows, UPDATE escalations' notice, department members,
    # supervisors, INSERT history entries, INSERT messages … RETURNING, release. Then the empty chunk
    # (savepoint, select, release) and resolving what closed (savepoint, update, release).
    with django_assert_num_queries(21):
        result = escalation.escalate_all(today=DAY)
    assert (result.raised["red"], result.notices, result.messages) == (n, n, 3 * n)


def test_the_bulk_run_writes_one_notice_two_entries_and_a_message_per_recipient(
    make_overdue, dept_a, reporter_a, reporter_a2, supervisor
):
    make_overdue(3)
    escalation.escalate_all(today=DAY)
    raised = list(Escalation.objects.select_related("notice", "commitment").order_by("pk"))
    assert [(e.level, e.trigger, e.created_on) for e in raised] == [("red", "due:2024-12-31", DAY)] * 3
    assert all(e.notice.commitment == e.commitment and e.notice.department == dept_a for e in raised)
    assert all(e.notice.history.get().history_type == "+" for e in raised)
    actions = list(
        HistoryEntry.objects.filter(action__in=["escalation.raised", "notice.proposed"])
        .order_by("pk")
        .values_list("action", "object_id", "commitment_id")
    )
    assert actions == [
        entry
        for e in raised
        for entry in (
            ("escalation.raised", str(e.pk), e.commitment_id),
            ("notice.proposed", str(e.notice_id), e.commitment_id),
        )
    ]
    keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert keys == {
        key
        for e in raised
        for key in (
            f"escalation:{e.pk}:u{reporter_a.pk}",
            f"escalation:{e.pk}:u{reporter_a2.pk}",
            f"notice-proposed:{e.notice_id}:u{supervisor.pk}",
        )
    }
    assert OutboxMessage.objects.filter(attempts=0, last_error="", sent_at=None, read_at=None).count() == 9


def test_a_rerun_after_a_partial_run_announces_only_the_colours_it_creates(
    make_overdue, reporter_a, supervisor, django_capture_on_commit_callbacks
):
    make_overdue(2)
    with django_capture_on_commit_callbacks(execute=True):
        escalation.escalate_all(today=DAY, chunk_size=1)
    first = Escalation.objects.order_by("pk").first()
    first.delete()  # as if the first run had stopped after one chunk: one colour is missing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = escalation.escalate_all(today=DAY)
    assert (result.raised["red"], result.notices, result.messages) == (1, 1, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["reporter_a@example.org", "supervisor@example.org"]


def test_a_dead_broker_is_tried_once_per_chunk_and_the_messages_wait_for_the_sweep(
    make_overdue, reporter_a, supervisor, broker_down, django_capture_on_commit_callbacks, caplog
):
    make_overdue(3)
    with (
        caplog.at_level(logging.WARNING, logger="commitments.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = escalation.escalate_all(today=DAY)
    assert result.messages == 6
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 6
    warnings = [r.getMessage() for r in caplog.records if r.name == "commitments.notify"]
    assert len(warnings) == 1 and warnings[0].startswith("6 of 6 messages not queued")
    assert SupervisionNotice.objects.count() == 3
