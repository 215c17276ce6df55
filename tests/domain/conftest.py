"""Domain tests: uploads go to a temporary MEDIA_ROOT; personas and builders come from tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Every persona is created with a password; the production hasher costs about a second per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def other_supervisor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="supervisor2", password="Correct-Horse-9-Battery")
    user.groups.add(Group.objects.get_or_create(name="督查室")[0])
    return user
