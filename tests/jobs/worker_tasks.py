"""Tasks only the integration tests' workers load: a marker, and a job that runs until released."""

import time

import redis
from celery import current_app, shared_task


def _redis() -> redis.Redis:
    return redis.Redis.from_url(current_app.conf.broker_url)


@shared_task
def mark(key: str) -> None:
    """Everything queued before this has been done (one solo worker takes tasks in order)."""
    _redis().set(key, "1", ex=600)


@shared_task(bind=True)
def slow_job(self, key: str) -> None:
    """Record each start, wait until released (at most 10 minutes), then record who finished."""
    client = _redis()
    client.rpush(f"{key}:runs", self.request.hostname)
    client.expire(f"{key}:runs", 600)
    deadline = time.monotonic() + 600
    while not client.exists(f"{key}:release") and time.monotonic() < deadline:
        time.sleep(0.1)
    client.set(f"{key}:done", self.request.hostname, ex=600)
