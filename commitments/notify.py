"""Notifications: one function per message kind, each rendering templates/emails/<kind>-* into the outbox.

An ``OutboxMessage`` is the in-app inbox entry and the e-mail at once. Its ``dedupe_key`` (kind, object,
day, recipient) is unique, so composing the same notification twice, or from two workers at once, stores
it once. Delivery is queued after the transaction commits; if the broker cannot take the task, the message
simply waits in the outbox for the ``deliver_pending`` sweep, so a broker outage loses nothing.

``deliver`` sends at most once per successful commit: it locks the row, returns if it was already sent,
sends, and stamps ``sent_at``. (A worker killed between the SMTP hand-over and the commit would send again
on retry: at-least-once, the most SMTP allows.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import SUPERVISORS
from commitments.models import (
    Bulletin,
    Commitment,
    Department,
    Escalation,
    OutboxMessage,
    ProgressReport,
    SupervisionNotice,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # the sweep stops retrying after this many failed sends; the admin shows last_error
SWEEP_MIN_AGE = timedelta(minutes=2)  # younger messages are still on their way through the broker
TRANSIENT_ERRORS = (SMTPException, ConnectionError, OSError)
BATCH_SIZE = 500  # rows per INSERT: a bounded statement on any database, few round trips


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str


def supervisors() -> list[Recipient]:
    """Active members of the 督查室 group."""
    users = get_user_model().objects.filter(groups__name=SUPERVISORS, is_active=True).order_by("pk")
    return [Recipient(pk, email) for pk, email in users.values_list("pk", "email")]


def department_members(department_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """Active reporters of each department (Department.members), in one query."""
    through = Department.members.through
    rows = (
        through.objects.filter(department_id__in=set(department_ids), user__is_active=True)
        .order_by("user_id")
        .values_list("department_id", "user_id", "user__email")
    )
    members: dict[int, list[Recipient]] = {}
    for department_id, user_id, email in rows:
        members.setdefault(department_id, []).append(Recipient(user_id, email))
    return members


def report_recipients(progress_report: ProgressReport) -> list[Recipient]:
    """Who hears how a report was reviewed: its submitter while still able to act on it (active, and a
    reporter of the lead department or a superuser who typed it in); otherwise the lead department's
    reporters, so a returned report is never left with nobody told to correct it."""
    department_id = progress_report.commitment.lead_department_id
    members = department_members([department_id]).get(department_id, []) if department_id else []
    submitter = progress_report.submitted_by if progress_report.submitted_by_id else None
    if submitter is None or not submitter.is_active:
        return members
    if submitter.is_superuser or any(r.user_id == submitter.pk for r in members):
        return [Recipient(submitter.pk, submitter.email)]
    return members


def admin_url(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _compose(
    kind: str, *, key: str, to: Recipient, context: dict, commitment_id: int | None = None
) -> OutboxMessage | None:
    """Store one message unless its key exists already; queue its delivery after commit. None if not new."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=key,
        defaults={
            "kind": kind,
            "recipient_id": to.user_id,
            "email": to.email,
            "subject": subject[:200],
            "body_text": render_to_string(f"emails/{kind}-body.txt", context),
            "body_html": render_to_string(f"emails/{kind}-body.html", context),
            "commitment_id": commitment_id,
        },
    )
    if not created:
        return None
    queue(message)
    return message


def queue(message: OutboxMessage) -> None:
    # robust: a broker that is down must not turn a committed transaction into an error page.
    transaction.on_commit(partial(dispatch, message.pk), robust=True)


# --- In bulk: the daily escalation composes thousands of messages at once ----------------------------------


def insert_new(model: type[models.Model], rows: list[dict], *, unique: tuple[str, ...], returning: tuple[str, ...],
               batch_size: int = BATCH_SIZE) -> list[tuple]:  # fmt: skip
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING …``: the rows this statement created, in batches.

    A row whose key exists, or that a concurrent transaction commits first (the insert waits for it), is
    skipped and not returned; so the caller knows which rows are its own to announce, as ``created`` of
    ``get_or_create`` tells it one row at a time. ``rows`` map field attnames to Python values; ``auto_now``
    fields are not filled in, so pass them. The returned tuples hold the database's values, unconverted.
    """
    if not rows:
        return []
    opts, qn = model._meta, connection.ops.quote_name
    # Every column but the id, as Model.save writes them: a field missing from the rows gets its default.
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    rows = [{f.attname: row[f.attname] if f.attname in row else f.get_default() for f in fields} for row in rows]
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "  # noqa: S608 (names from the model)
    tail = (
        f" ON CONFLICT ({', '.join(qn(opts.get_field(n).column) for n in unique)}) DO NOTHING"
        f" RETURNING {', '.join(qn(opts.get_field(n).column) for n in returning)}"
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    created: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params = [f.get_db_prep_save(row[f.attname], connection) for row in batch for f in fields]
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            created += [tuple(r) for r in cursor.fetchall()]
    return created


def addressed(kind: str, *, context: dict, keys: Iterable[tuple[str, Recipient]],
              commitment_id: int | None = None) -> list[dict]:  # fmt: skip
    """One notification's outbox rows, one per (dedupe key, recipient). Rendered once: the text names no
    recipient, so every copy is the one ``_compose`` would render for each."""
    keys = list(keys)
    if not keys:
        return []
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{kind}-subject.txt", context).split())[:200]
    body_text = render_to_string(f"emails/{kind}-body.txt", context)
    body_html = render_to_string(f"emails/{kind}-body.html", context)
    return [
        {
            "dedupe_key": key,
            "kind": kind,
            "recipient_id": to.user_id,
            "email": to.email,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "commitment_id": commitment_id,
        }
        for key, to in keys
    ]


def store(rows: list[dict]) -> int:
    """Put messages in the outbox unless their key exists; queue delivery of those stored, after commit.

    A fixed number of statements however many rows; the count of messages stored now is returned.
    """
    now = timezone.now()
    created = insert_new(
        OutboxMessage, [{**row, "created_at": now} for row in rows], unique=("dedupe_key",), returning=("id",)
    )
    ids = sorted(pk for (pk,) in created)
    if ids:
        transaction.on_commit(partial(dispatch_all, ids), robust=True)
    return len(ids)


def dispatch_all(message_ids: list[int]) -> int:
    """Hand messages to workers in order; how many were handed over. At the first broker failure the rest
    are left to the ``deliver_pending`` sweep: each further try would wait its timeout on the same dead broker."""
    from commitments.tasks import deliver_message

    done = 0
    try:
        # One producer, and its messages sent BATCH_SIZE to a Redis round trip (kombu's publish batch):
        # 120,000 messages of a first run take half the time they take one by one.
        with deliver_message.app.producer_or_acquire() as producer:
            for start in range(0, len(message_ids), BATCH_SIZE):
                batch = message_ids[start : start + BATCH_SIZE]
                with producer.batch(max_size=BATCH_SIZE):
                    for message_id in batch:
                        deliver_message.apply_async((message_id,), producer=producer)
                done += len(batch)
    except Exception as exc:  # kombu/redis raise several classes here, as in dispatch
        logger.warning(
            "%s of %s messages not queued (%s: %s); the delivery sweep will send them",
            len(message_ids) - done, len(message_ids), type(exc), exc,
        )  # fmt: skip
    return done


def dispatch(message_id: int) -> bool:
    """Hand one message to a worker; False (and logged) when the broker cannot be reached."""
    from commitments.tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception as exc:  # kombu/redis raise several classes here; the sweep will deliver it
        logger.warning("message %s not queued (%s: %s); the delivery sweep will send it", message_id, type(exc), exc)
        return False
    return True


def _send(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(message.subject, message.body_text, settings.DEFAULT_FROM_EMAIL, [message.email])
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send()


def deliver(message_id: int) -> bool:
    """Send one message by e-mail once; True if it was sent now. A message without an address is delivered
    to the inbox only. A transient failure is recorded on the row and raised again for the task's retry."""
    failure: Exception | None = None
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return False  # deleted, or sent by an earlier or parallel delivery
        message.attempts += 1
        try:
            if message.email:
                _send(message)
        except TRANSIENT_ERRORS as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            failure = exc
        else:
            message.sent_at, message.last_error = timezone.now(), ""
        message.save(update_fields=["attempts", "last_error", "sent_at"])
    if failure is not None:
        raise failure
    logger.info("message %s (%s) delivered to %s", message_id, message.kind, message.email or "inbox")
    return True


def pending(*, now) -> QuerySet[OutboxMessage]:
    """Unsent messages old enough to have missed their own delivery task, and not yet given up on."""
    return OutboxMessage.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=now - SWEEP_MIN_AGE
    ).order_by("pk")


def mark_read(messages: QuerySet[OutboxMessage], *, user, now) -> int:
    """Mark the user's own unread messages read; others' messages are never marked for them."""
    return messages.filter(recipient=user, read_at__isnull=True).update(read_at=now)


# --- One function per kind --------------------------------------------------------------------------------


def escalation_raised(escalation: Escalation, commitment: Commitment, *, to: list[Recipient]) -> int:
    """蓝色提醒 / 黄色催办 / 红色督办 to the lead department's reporters, once per escalation."""
    return store(escalation_messages(escalation, commitment, to=to))


def escalation_messages(escalation: Escalation, commitment: Commitment, *, to: list[Recipient]) -> list[dict]:
    """The rows of ``escalation_raised``, for ``store`` to write many escalations' messages at once."""
    context = {
        "escalation": escalation,
        "level": escalation.get_level_display(),
        "commitment": commitment,
        "url": admin_url("admin:commitments_commitment_change", commitment.pk),
    }
    keys = ((f"escalation:{escalation.pk}:u{r.user_id}", r) for r in to)
    return addressed("escalation", context=context, keys=keys, commitment_id=commitment.pk)


def notice_proposed(notice: SupervisionNotice, commitment: Commitment, *, to: list[Recipient]) -> int:
    """A red item's proposed 督办 to supervisors, once per proposal."""
    return store(notice_messages(notice, commitment, to=to))


def notice_messages(notice: SupervisionNotice, commitment: Commitment, *, to: list[Recipient]) -> list[dict]:
    """The rows of ``notice_proposed``, for ``store``."""
    context = {
        "notice": notice,
        "commitment": commitment,
        "url": admin_url("admin:commitments_supervisionnotice_change", notice.pk),
    }
    keys = ((f"notice-proposed:{notice.pk}:u{r.user_id}", r) for r in to)
    return addressed("notice-proposed", context=context, keys=keys, commitment_id=commitment.pk)


def notice_issued(notice: SupervisionNotice, commitment: Commitment, *, to: list[Recipient]) -> int:
    """督办通知 to the notified department's reporters, once per notice (issued directly or confirmed)."""
    context = {
        "notice": notice,
        "commitment": commitment,
        "url": admin_url("admin:commitments_supervisionnotice_change", notice.pk),
    }
    keys = ((f"notice-issued:{notice.pk}:u{r.user_id}", r) for r in to)
    return store(addressed("notice-issued", context=context, keys=keys, commitment_id=commitment.pk))


def _review_key(kind: str, progress_report: ProgressReport, user_id: int) -> str:
    # A report can be returned, resubmitted and returned again: each review is its own event, told by the
    # review's time (set under the report's row lock), so a retried call stores nothing new.
    return f"{kind}:{progress_report.pk}:{progress_report.reviewed_at.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}:u{user_id}"


def report_reviewed(progress_report: ProgressReport, *, to: list[Recipient]) -> int:
    """填报被退回 (with the supervisor's note) or 填报已通过, once per review of the report."""
    kind = "report-returned" if progress_report.state == ProgressReport.State.RETURNED else "report-approved"
    context = {
        "progress_report": progress_report,
        "commitment": progress_report.commitment,
        "url": admin_url("admin:commitments_progressreport_change", progress_report.pk),
    }
    keys = ((_review_key(kind, progress_report, r.user_id), r) for r in to)
    return store(addressed(kind, context=context, keys=keys, commitment_id=progress_report.commitment_id))


def reminder(item, *, today: date, to: list[Recipient]) -> int:
    """A daily reminder (reminders.Reminder) to a department's reporters, once per rule, object and day."""
    context = {"item": item, "today": today, "url": settings.SITE_URL + item.admin_path}
    return _count(
        _compose(
            "reminder",
            key=f"reminder:{item.rule}:{item.object_key}:{today}:u{r.user_id}",
            to=r,
            context=context,
            commitment_id=item.commitment_id,
        )
        for r in to
    )


def weekly_digest(digest, *, to: list[Recipient]) -> int:
    """The supervisors' weekly digest (digest.Digest), once per week."""
    context = {"digest": digest, "url": admin_url("admin:index")}
    return _count(_compose("digest", key=f"digest:{digest.week_start}:u{r.user_id}", to=r, context=context) for r in to)


def bulletin_ready(bulletin: Bulletin, *, to: list[Recipient]) -> int:
    """The monthly 督查通报 is ready for download, once per month."""
    context = {
        "bulletin": bulletin,
        "summary": bulletin.data.get("overall", {}),
        "url": admin_url("admin:commitments_bulletin_change", bulletin.pk),
    }
    return _count(
        _compose("bulletin", key=f"bulletin:{bulletin.month:%Y-%m}:u{r.user_id}", to=r, context=context) for r in to
    )


def _count(created: Iterable[OutboxMessage | None]) -> int:
    return sum(1 for m in created if m is not None)
