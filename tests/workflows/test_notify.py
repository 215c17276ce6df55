"""Outbox delivery: once, retried on transient failures, and never lost while the broker is down."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from commitments import escalation, notify, reviews, scan
from commitments.models import Commitment, OutboxMessage, ProgressReport
from commitments.tasks import deliver_pending


@pytest.fixture
def message(reporter_a):
    return OutboxMessage.objects.create(kind="reminder", dedupe_key="reminder:x:1", recipient=reporter_a,
                                        email=reporter_a.email, subject="【提醒】测试", body_text="正文",
                                        body_html="<p>正文</p>")  # fmt: skip


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1


def test_it_sends_a_message_once_with_text_and_html(message):
    assert notify.deliver(message.pk) is True
    assert notify.deliver(message.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.to, sent.body) == ("【提醒】测试", ["reporter_a@example.org"], "正文")
    assert sent.alternatives[0].content == "<p>正文</p>"
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1


def test_a_message_without_an_address_is_delivered_to_the_inbox_only(message):
    OutboxMessage.objects.filter(pk=message.pk).update(email="")
    assert notify.deliver(message.pk) is True
    assert mail.outbox == []
    assert OutboxMessage.objects.get(pk=message.pk).sent_at is not None


def test_a_failed_send_stays_unsent_with_its_error_for_the_retry(message, smtp_down):
    with pytest.raises(OSError):
        notify.deliver(message.pk)
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error


def test_composing_the_same_notification_twice_stores_it_once(overdue_commitment, reporter_a):
    scan.scan(today=date(2025, 1, 5))
    escalation.escalate_all(today=date(2025, 1, 5))
    raised = overdue_commitment.escalations.get()
    again = notify.escalation_raised(raised, overdue_commitment, to=[notify.Recipient(reporter_a.pk, reporter_a.email)])
    assert again == 0
    assert OutboxMessage.objects.filter(kind="escalation").count() == 1


def test_the_sweep_picks_unsent_messages_older_than_two_minutes_that_are_not_given_up(message):
    now = timezone.now()
    assert list(notify.pending(now=now)) == []
    later = now + timedelta(minutes=3)
    assert list(notify.pending(now=later)) == [message]
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=notify.MAX_ATTEMPTS)
    assert list(notify.pending(now=later)) == []


def test_inbox_subjects_are_not_html_escaped(make_commitment, reporter_a):
    c = make_commitment(title="A&B<改造>", due_date=date(2024, 6, 22))
    from commitments import reminders

    reminders.send(today=date(2024, 6, 15))
    message = OutboxMessage.objects.get()
    assert message.subject == f"【提醒】{c.code} A&B<改造>"
    assert "A&amp;B&lt;改造&gt;" in message.body_html


def test_approval_commits_while_the_broker_is_down_and_the_sweep_sends_later(
    overdue_commitment, make_progress_report, reporter_a, supervisor, broker_down, django_capture_on_commit_callbacks
):
    report = make_progress_report(overdue_commitment, period=date(2024, 12, 1), value=60, state="submitted")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # The approval and the escalation it leads to: the messages are queued on commit, to a dead broker.
        reviews.approve(report, by=supervisor, today=date(2025, 1, 5))
        escalation.escalate_all(today=date(2025, 1, 5))
    assert ProgressReport.objects.get(pk=report.pk).state == "approved"
    assert Commitment.objects.get(pk=overdue_commitment.pk).current_value == 60
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert sorted(unsent.values_list("kind", flat=True)) == ["escalation", "notice-proposed", "report-approved"]
    assert mail.outbox == []
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))

    from tracker.celery import app

    app.conf.broker_url, app.conf.task_always_eager = "memory://", True  # the broker is back
    assert deliver_pending() == 3
    assert unsent.count() == 0
    assert len(mail.outbox) == 3
