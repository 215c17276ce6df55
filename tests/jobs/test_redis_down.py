"""With Redis unreachable from the web process (cache and broker at a closed port), an approval still
commits, its notifications wait in the outbox, and the public pages still serve, uncached."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from commitments.models import Commitment, OutboxMessage, ProgressReport

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, broker_down):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.REDIS_URL = settings.CELERY_BROKER_URL = DEAD_REDIS


@pytest.fixture
def supervisor_client(supervisor):
    roles.ensure_roles()
    client = Client()
    client.force_login(supervisor)
    return client


def test_an_approval_in_the_admin_commits_without_redis(
    redis_down, overdue_commitment, make_progress_report, supervisor_client, django_capture_on_commit_callbacks
):
    report = make_progress_report(overdue_commitment, period=date(2024, 12, 1), value=D(103), state="submitted")
    url = reverse("admin:commitments_progressreport_review", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).state == "approved"
    assert Commitment.objects.get(pk=overdue_commitment.pk).status == "completed"


def test_notifications_composed_without_a_broker_wait_unsent_in_the_outbox(
    redis_down, overdue_commitment, reporter_a, django_capture_on_commit_callbacks
):
    from commitments import escalation, scan

    with django_capture_on_commit_callbacks(execute=True):
        scan.scan(today=date(2025, 1, 5))
        escalation.escalate_all(today=date(2025, 1, 5))
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1


@pytest.mark.parametrize("name", ["public:home", "public:commitment-list", "public:department-list"])
def test_the_public_pages_still_serve(redis_down, overdue_commitment, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "老旧小区改造" in response.text or name == "public:department-list"


def test_a_commitment_page_still_serves(redis_down, overdue_commitment, client):
    response = client.get(reverse("public:commitment-detail", args=[overdue_commitment.code]))
    assert response.status_code == 200
    assert "实施103个老旧小区改造" in response.text
