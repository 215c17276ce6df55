"""Celery entry points (STYLE.md rule 15): each reads the clock once and calls one domain function.

Idempotency lives in the domain (unique escalation and message keys, one bulletin row per month), so a
redelivered task (late acknowledgement, a dead worker's task restored by the broker) does no harm. Tasks
retry with backoff only on transient faults: database disconnects, SMTP and network errors. The schedule
is in commitments/schedules.py; the management commands run_scan, run_reminders, send_digest and
send_bulletin are the same calls for a person at a terminal.
"""

from __future__ import annotations

import json
import logging
from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from commitments import bulletin, digest, escalation, notify, reminders, scan

logger = logging.getLogger(__name__)

TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
_RETRY = {"retry_backoff": True, "retry_backoff_max": 300, "retry_jitter": True}


def _day(day: str | None) -> date:
    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, max_retries=3, time_limit=300, soft_time_limit=270, **_RETRY)
def run_daily_scan(day: str | None = None) -> str:
    """07:00: recompute every commitment's status, then escalate (blue/yellow/red)."""
    today = _day(day)
    scanned = scan.scan(today=today)
    escalated = escalation.escalate_all(today=today)
    summary = f"{today}: {scanned}；{escalated}"
    logger.info("run_daily_scan %s", summary)
    return summary


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, max_retries=3, time_limit=300, soft_time_limit=270, **_RETRY)
def send_reminders(day: str | None = None) -> str:
    """08:00: due dates, overdue, owed monthly reports and notices to the departments."""
    today = _day(day)
    items, messages = reminders.send(today=today)
    summary = f"{today}: {items} 项提醒，{messages} 条新消息"
    logger.info("send_reminders %s", summary)
    return summary


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, max_retries=3, time_limit=120, soft_time_limit=100, **_RETRY)
def send_weekly_digest(day: str | None = None) -> str:
    """Monday 08:30: the supervisors' digest."""
    today = _day(day)
    messages = digest.send(today=today)
    summary = f"{today}: {messages} 条新消息"
    logger.info("send_weekly_digest %s", summary)
    return summary


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, max_retries=3, time_limit=300, soft_time_limit=270, **_RETRY)
def publish_monthly_bulletin(month: str | None = None, day: str | None = None) -> str:
    """The 1st: the 督查通报 of the month before (or of ``month``, YYYY-MM)."""
    today = _day(day)
    first = date.fromisoformat(f"{month}-01") if month else bulletin.previous_month(today.replace(day=1))
    published = bulletin.publish(month=first, today=today)
    summary = f"{published}: {published.data['overall']['total']} 项任务，红色督办 {len(published.data['red'])} 项"
    logger.info("publish_monthly_bulletin %s", summary)
    return summary


@shared_task(
    autoretry_for=(OSError, *TRANSIENT_DB_ERRORS),  # SMTPException and ConnectionError are OSErrors
    max_retries=5,
    time_limit=60,
    soft_time_limit=50,
    **_RETRY,
)
def deliver_message(message_id: int) -> bool:
    """Send one outbox message by e-mail, once."""
    return notify.deliver(message_id)


@shared_task(autoretry_for=TRANSIENT_DB_ERRORS, max_retries=3, time_limit=60, soft_time_limit=50, **_RETRY)
def deliver_pending() -> int:
    """Every 5 minutes: hand the messages that never reached a worker (broker down at the time) to one now."""
    ids = list(notify.pending(now=timezone.now()).values_list("pk", flat=True)[:1000])
    for pk in ids:
        notify.dispatch(pk)
    if ids:
        logger.info("deliver_pending: %d unsent messages dispatched", len(ids))
    return len(ids)


@shared_task(time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Every minute: a worker answered, and beat is sending. The health check reads the timestamp."""
    import redis
    from celery import current_app, current_task

    from tracker.celery import HEARTBEAT_KEY

    url = current_app.conf.broker_url or ""
    if not url.startswith(("redis://", "rediss://")):
        return  # eager mode: no separate worker to watch
    beat = {"at": timezone.now().isoformat(), "worker": current_task.request.hostname or ""}
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    client.set(HEARTBEAT_KEY, json.dumps(beat), ex=24 * 3600)
