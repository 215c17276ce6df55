"""Every job run twice leaves the same database and outbox as run once; two at once send nothing twice."""

import threading
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F

from commitments import bulletin, digest, escalation, reminders, scan
from commitments.figures import DERIVED_FIELDS
from commitments.models import (
    Bulletin,
    Commitment,
    Escalation,
    HistoryEntry,
    Milestone,
    OutboxMessage,
    SupervisionNotice,
)
from commitments.tasks import deliver_pending

DAY = date(2025, 1, 22)  # three days before the reporting day, a Wednesday


def snapshot() -> dict:
    return {
        "commitments": list(Commitment.objects.order_by("pk").values("pk", *DERIVED_FIELDS)),
        "milestones": list(Milestone.objects.order_by("pk").values("pk", "done_on")),
        "escalations": list(Escalation.objects.order_by("pk").values()),
        "notices": list(SupervisionNotice.objects.order_by("pk").values()),
        "outbox": list(OutboxMessage.objects.order_by("pk").values("dedupe_key", "recipient_id", "subject",
                                                                  "body_text", "sent_at", "attempts")),
        "history": list(HistoryEntry.objects.order_by("pk").values("action", "object_id", "data")),
        "bulletins": list(Bulletin.objects.values("month", "data", "workbook", "document")),
        "mail": [(m.subject, tuple(m.to)) for m in mail.outbox],
    }  # fmt: skip


@pytest.fixture
def city(make_commitment, make_progress_report, dept_a, dept_b, reporter_a, reporter_b, supervisor):
    """Work of every kind: overdue, lagging, due in 7 days, a notice due soon, a report awaiting review."""
    overdue = make_commitment(title="逾期任务", due_date=date(2024, 12, 31))
    make_progress_report(overdue, period=date(2024, 12, 1), value=D(50), state="approved")
    lagging = make_commitment(title="滞后任务", lead_department=dept_b, due_date=date(2025, 12, 31),
                              start_date=date(2025, 1, 1))  # fmt: skip
    make_progress_report(lagging, period=date(2025, 1, 1), value=D(1), state="approved")
    soon = make_commitment(title="即将到期", due_date=date(2025, 1, 29), start_date=date(2025, 1, 1))
    Milestone.objects.create(commitment=soon, title="验收", due_date=DAY + timedelta(days=1))
    make_progress_report(soon, period=date(2025, 1, 1), value=D(99), state="submitted")
    SupervisionNotice.objects.create(commitment=overdue, department=dept_a, reason="请说明",
                                     response_due=DAY + timedelta(days=3))  # fmt: skip
    return overdue, lagging, soon


JOBS = {
    "scan and escalation": lambda: (scan.scan(today=DAY), escalation.escalate_all(today=DAY)),
    "reminders": lambda: reminders.send(today=DAY),
    "digest": lambda: digest.send(today=DAY),
    "bulletin": lambda: bulletin.publish(month=date(2024, 12, 1), today=DAY),
    "delivery sweep": lambda: deliver_pending(),
}


@pytest.mark.parametrize("job", list(JOBS))
def test_running_a_job_twice_gives_what_running_it_once_gives(city, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        JOBS["scan and escalation"]()  # the day's state the other jobs read
        OutboxMessage.objects.update(sent_at=None, created_at=F("created_at") - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        JOBS[job]()
    once = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        JOBS[job]()
    assert snapshot() == once


def test_the_day_s_jobs_produce_what_the_design_expects(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for job in JOBS.values():
            job()
    kinds = sorted(OutboxMessage.objects.values_list("kind", "recipient__username"))
    assert kinds == [
        ("bulletin", "supervisor"),
        ("digest", "supervisor"),
        ("escalation", "reporter_a"),  # red: the overdue task
        ("escalation", "reporter_a"),  # blue: the milestone due tomorrow
        ("escalation", "reporter_b"),  # yellow: behind pace
        ("notice-proposed", "supervisor"),
        ("reminder", "reporter_a"),  # the milestone due in 1 day
        ("reminder", "reporter_a"),  # the commitment due in 7 days
        ("reminder", "reporter_a"),  # the notice due in 3 days
    ]  # every January report is in: nothing owed
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def _in_parallel(job, n: int = 2) -> list:
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(job())
        except Exception as exc:  # re-raised in the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_escalations_at_once_raise_each_colour_and_notice_once(city):
    scan.scan(today=DAY)
    _in_parallel(lambda: escalation.escalate_all(today=DAY))
    assert Escalation.objects.count() == 3
    assert SupervisionNotice.objects.filter(proposed=True).count() == 1
    assert OutboxMessage.objects.count() == 4  # three departments' messages and one to the supervisor
    assert len({m for m in OutboxMessage.objects.values_list("dedupe_key", flat=True)}) == 4


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_store_each_reminder_once(city):
    scan.scan(today=DAY)
    _in_parallel(lambda: reminders.send(today=DAY))
    assert OutboxMessage.objects.filter(kind="reminder").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_bulletin_runs_at_once_keep_one_row_and_one_message(city, settings, tmp_path):
    scan.scan(today=DAY)
    _in_parallel(lambda: bulletin.publish(month=date(2024, 12, 1), today=DAY))
    assert Bulletin.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="bulletin").count() == 1
    assert HistoryEntry.objects.filter(action__startswith="bulletin.").count() == 1
