"""Workflow tests: personas and builders come from tests/conftest.py; Celery runs tasks in the test process,
so a message queued on commit is delivered into ``mail.outbox``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    return eager_celery


@pytest.fixture
def other_supervisor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="supervisor2", password="Correct-Horse-9-Battery")
    user.groups.add(Group.objects.get_or_create(name="督查室")[0])
    return user
