"""Fixtures for the background-work tests.

Unless a test starts a real worker (``@pytest.mark.worker``), Celery runs eagerly here: a task queued on
commit runs in the test process, so delivery can be checked in ``mail.outbox``. Bulletin files go to a
temporary MEDIA_ROOT.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_celery(request):
    if request.node.get_closest_marker("worker"):
        yield
        return
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def broker_down():
    """The web process's broker is unreachable (a closed port): publishing a task raises."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, celery_app._pool
    conf.broker_url, conf.task_always_eager = "redis://127.0.0.1:1/0", False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield
    conf.broker_url, conf.task_always_eager, celery_app._pool = saved
    celery_app.amqp._producer_pool = None


@pytest.fixture
def reporter_a2(db, django_user_model, dept_a):
    """A second reporter of dept_a: department reminders reach every reporter of the department."""
    user = django_user_model.objects.create_user(username="reporter_a2", password="x", email="a2@example.org")
    dept_a.members.add(user)
    return user


@pytest.fixture
def overdue_commitment(make_commitment, make_report):
    """dept_a's count task, due 2024-12-31, at 50 of 103 when the year ends: overdue from 2025-01-01."""
    c = make_commitment(title="老旧小区改造")
    make_report(c, period=date(2024, 11, 1), value=Decimal(50), state="approved")
    return c
