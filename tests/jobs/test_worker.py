"""Integration: real Celery workers against the real Redis and the test database.

Each run uses a queue and key prefix of its own, so parallel runs never take each other's tasks. The
tasks go through the broker exactly as beat would send them; the results are read from the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from commitments.models import Escalation, OutboxMessage, SupervisionNotice
from tests.jobs.test_idempotency import snapshot
from tracker.celery import app

pytestmark = pytest.mark.worker
ROOT = Path(__file__).resolve().parents[2]


# Generous bounds: on a busy two-core CI machine a worker has taken over 40 s to start. Each wait polls a
# signal (a Redis key, a row) and ends as soon as it is there; the bound only catches a hang.
PATIENCE = 300


def _wait(condition, *, timeout: float = PATIENCE, what: str = "", procs=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            raise AssertionError(f"a worker exited (code {dead[0].returncode}) while waiting for {what}")
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Workers:
    """Starts workers on one private queue and sends them tasks; stops every worker it started."""

    def __init__(self, tmp: Path):
        self.prefix = f"test-{uuid.uuid4().hex[:12]}"
        self.tmp = tmp
        self.procs: list[subprocess.Popen] = []
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        self._saved = app.conf.broker_transport_options, app._pool
        app.conf.broker_transport_options = {**self._saved[0], "global_keyprefix": f"{self.prefix}:"}
        self._reset_pool()

    @staticmethod
    def _reset_pool() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    def start(self, name: str, **env: str) -> subprocess.Popen:
        db = connection.settings_dict
        full_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "TEST_BROKER_PREFIX": self.prefix,
            **env,
        }
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests/jobs/worker_main.py"), name],
                                env=full_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        self.procs.append(proc)
        self.barrier()  # it consumes: it is up
        return proc

    def send(self, task: str, *args) -> None:
        app.send_task(task, args=list(args), queue=self.prefix)

    def barrier(self, *, timeout: float = PATIENCE) -> None:
        """Wait until every task sent so far has been done."""
        key = f"{self.prefix}:mark:{uuid.uuid4().hex}"
        self.send("tests.jobs.worker_tasks.mark", key)
        alive = [p for p in self.procs if p.poll() is None]
        _wait(lambda: self.redis.exists(key), timeout=timeout, what="the worker", procs=alive)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text()

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        app.conf.broker_transport_options, app._pool = self._saved
        app.amqp._producer_pool = None
        keys = list(self.redis.scan_iter(f"{self.prefix}:*"))
        if keys:
            self.redis.delete(*keys)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One solo worker for the module's tests (a worker takes about two seconds to start)."""
    workers = Workers(tmp_path_factory.mktemp("worker"))
    try:
        workers.start("w1")
        yield workers
    finally:
        workers.stop()


@pytest.fixture
def workload(overdue_commitment, reporter_a, supervisor):
    return overdue_commitment


def _delivered() -> bool:
    return OutboxMessage.objects.exists() and not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_scan_and_the_reminders_run_on_a_worker_and_deliver_through_it(worker, workload):
    worker.send("commitments.tasks.run_daily_scan", "2025-01-01")
    worker.send("commitments.tasks.send_reminders", "2025-01-01")
    worker.barrier()
    _wait(_delivered, what="the deliveries the jobs queued")
    assert Escalation.objects.get().trigger == "due:2024-12-31"
    assert SupervisionNotice.objects.get().proposed is True
    sent = sorted(OutboxMessage.objects.values_list("kind", "recipient__username"))
    assert sent == [("escalation", "reporter_a"), ("notice-proposed", "supervisor"), ("reminder", "reporter_a")]
    log = worker.log("w1")
    assert "run_daily_scan 2025-01-01: 检查 1 项，更新 1 项" in log
    assert "delivered to reporter_a@example.org" in log


@pytest.mark.django_db(transaction=True)
def test_jobs_sent_twice_through_the_broker_change_nothing_the_second_time(worker, workload):
    jobs = [("commitments.tasks.run_daily_scan", "2025-01-01"), ("commitments.tasks.send_reminders", "2025-01-01"),
            ("commitments.tasks.send_weekly_digest", "2025-01-01"),
            ("commitments.tasks.publish_monthly_bulletin", "2024-12", "2025-01-01")]  # fmt: skip
    for task, *args in jobs:
        worker.send(task, *args)
    worker.barrier()
    _wait(_delivered, what="the first deliveries")
    once = snapshot()
    for task, *args in jobs:
        worker.send(task, *args)
    worker.barrier()
    assert snapshot() == once
    assert OutboxMessage.objects.count() == 5  # escalation, notice, reminder, digest, bulletin


@pytest.mark.django_db(transaction=True)
def test_a_job_of_a_worker_killed_mid_task_is_done_by_another_worker(tmp_path):
    workers = Workers(tmp_path)
    try:
        key = f"{workers.prefix}:job"
        first = workers.start("first")
        workers.send("tests.jobs.worker_tasks.slow_job", key)
        _wait(lambda: workers.redis.llen(f"{key}:runs") == 1, what="the first worker to start the job", procs=[first])
        first.send_signal(signal.SIGKILL)  # no warm shutdown: the message stays unacknowledged in Redis
        first.wait(60)
        # The second worker sweeps for unacknowledged messages older than its visibility timeout, shortened
        # from ten minutes to two seconds for the test.
        # Released before the second worker starts: a solo worker that took the redelivered job first would
        # otherwise hold it and never answer the start-up barrier queued behind it.
        workers.redis.set(f"{key}:release", "1", ex=600)
        second = workers.start("second", TEST_VISIBILITY_TIMEOUT="2")
        _wait(lambda: workers.redis.get(f"{key}:done") is not None, what="the job to be redone", procs=[second])
        runs = [r.decode() for r in workers.redis.lrange(f"{key}:runs", 0, -1)]
        assert [r.split("@")[0] for r in runs] == ["first", "second"]
        assert workers.redis.get(f"{key}:done").decode().startswith("second@")
    finally:
        workers.stop()
