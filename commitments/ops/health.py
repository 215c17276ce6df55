"""The health check for load balancers and monitoring: JSON, 200 when all is well, 503 otherwise.

It reports the database, each Redis in use (cache and broker), and whether a worker answered recently:
beat sends the ``heartbeat`` task every minute and a worker writes the time into the broker's Redis, so a
stale heartbeat means no worker or no beat. Without REDIS_URL (the embedded default) Celery runs inside
the web process and there is no worker to watch. A broker Redis that may evict keys is reported as a warning.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tracker.celery import HEARTBEAT_KEY, eviction_warning

HEARTBEAT_MAX_AGE = timedelta(minutes=3)  # three missed beats


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any database failure is a health failure, reported not raised
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _redis_urls() -> dict[str, str]:
    urls = {}
    if settings.REDIS_URL:
        urls["redis"] = settings.REDIS_URL
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")) and broker != settings.REDIS_URL:
        urls["broker"] = broker
    return urls


def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)


def _ping(url: str) -> str:
    import redis

    try:
        _client(url).ping()
    except redis.RedisError as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _worker(broker_url: str, *, now: datetime) -> dict:
    import redis

    try:
        raw = _client(broker_url).get(HEARTBEAT_KEY)
    except redis.RedisError:
        return {"status": "unknown"}
    if raw is None:
        return {"status": "never seen"}
    beat = json.loads(raw)
    age = (now - datetime.fromisoformat(beat["at"])).total_seconds()
    status = "ok" if age <= HEARTBEAT_MAX_AGE.total_seconds() else "stale"
    return {"status": status, "last_seen": beat["at"], "age_seconds": round(age), "name": beat.get("worker", "")}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, Redis and worker liveness; 503 when any of them is down."""
    body: dict = {"database": _database()}
    ok = body["database"] == "ok"
    warnings = []
    for name, url in _redis_urls().items():
        body[name] = _ping(url)
        ok = ok and body[name] == "ok"
        # Only the broker must keep every key; a cache of its own may evict.
        is_broker = url == settings.CELERY_BROKER_URL
        if body[name] == "ok" and is_broker and (warning := eviction_warning(url)):
            warnings.append(f"{name}: {warning}")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        body["worker"] = {"status": "eager"}
    else:
        body["worker"] = _worker(settings.CELERY_BROKER_URL, now=timezone.now())
        ok = ok and body["worker"]["status"] == "ok"
    if warnings:
        body["warnings"] = warnings
    return JsonResponse(body, status=200 if ok else 503)
