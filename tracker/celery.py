"""The Celery app. Configuration comes from Django settings (CELERY_*).

The beat schedule lives in the database (django-celery-beat) so that an administrator can edit it in the
admin; its default rows are declared once, in commitments/schedules.py, and seeded after every migrate.
Operations (how many workers, the broker's Redis): docs/operations.md.
"""

from __future__ import annotations

import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

logger = logging.getLogger("tracker.celery")

# DjangoTask gives every task delay_on_commit: nothing is queued for a transaction that rolls back.
app = Celery("tracker", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# commitments.tasks (scheduled work) and commitments.importers.tasks (report uploads).
app.autodiscover_tasks(["commitments", "commitments.importers"])

# The heartbeat task writes here, in the broker's Redis; the health check reads it.
HEARTBEAT_KEY = "tracker:worker:heartbeat"


def eviction_warning(url: str) -> str | None:
    """A warning when the Redis at ``url`` may evict keys: an evicted broker key is a lost task.

    Managed Redis services often refuse CONFIG; then nothing can be said and nothing is reported.
    """
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.RedisError:
        return None
    if policy and policy != "noeviction":
        return f"Redis maxmemory-policy={policy}: 内存满时会删除队列中的任务，代理 Redis 应设为 noeviction"
    return None


@worker_ready.connect
def _warn_about_eviction(**_kwargs) -> None:
    url = app.conf.broker_url or ""
    if url.startswith(("redis://", "rediss://")):
        warning = eviction_warning(url)
        if warning:
            logger.warning(warning)
