"""The Celery app. Configuration comes from Django settings (CELERY_*); the beat schedule lives here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

# DjangoTask gives every task delay_on_commit: nothing is queued for a transaction that rolls back.
app = Celery("tracker", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# commitments.tasks (scheduled work) and commitments.importers.tasks (report uploads).
app.autodiscover_tasks(["commitments", "commitments.importers"])
