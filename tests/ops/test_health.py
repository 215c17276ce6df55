"""/healthz/: database, Redis and a recent worker heartbeat; 503 when any is missing."""

import json
import uuid
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from commitments import tasks
from commitments.ops import health

URL = reverse("public:health")


@pytest.fixture(autouse=True)
def own_heartbeat_key(monkeypatch):
    # A key of this test's own: parallel test runs share the Redis database.
    key, url = f"test:heartbeat:{uuid.uuid4().hex}", settings.CELERY_BROKER_URL
    monkeypatch.setattr(health, "HEARTBEAT_KEY", key)
    monkeypatch.setattr("tracker.celery.HEARTBEAT_KEY", key)
    yield key
    redis.Redis.from_url(url).delete(key)


def test_it_is_healthy_after_a_worker_beat(client, db):
    tasks.heartbeat.apply()
    response = client.get(URL)
    body = response.json()
    assert response.status_code == 200, body
    assert (body["database"], body["redis"], body["worker"]["status"]) == ("ok", "ok", "ok")
    assert body["worker"]["age_seconds"] < 5
    assert "warnings" not in body  # the machine's Redis is noeviction
    assert "no-cache" in response["Cache-Control"]


def test_it_is_unhealthy_when_no_worker_ever_answered(client, db):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "never seen"}


def test_it_is_unhealthy_when_the_last_beat_is_too_old(client, db, own_heartbeat_key):
    old = {"at": (timezone.now() - timedelta(minutes=10)).isoformat(), "worker": "celery@gone"}
    redis.Redis.from_url(settings.CELERY_BROKER_URL).set(own_heartbeat_key, json.dumps(old))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "stale"
    assert response.json()["worker"]["name"] == "celery@gone"


def test_it_names_redis_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["redis"]) == ("ok", "error: ConnectionError")
    assert body["worker"] == {"status": "unknown"}


def test_the_embedded_default_has_no_worker_to_watch(client, db, settings):
    settings.REDIS_URL, settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "", "memory://", True
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker": {"status": "eager"}}
