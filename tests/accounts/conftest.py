"""Fixtures of the security tests: a movable clock, a counting password hasher, a real admin login."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

PASSWORD = "Correct-Horse-9-Battery"  # the personas' password (tests/conftest.py)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage of production needs collectstatic; pages here only need the URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class Clock:
    """Stands in for django.utils.timezone.now; ``advance`` moves every reader of the clock at once."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    """A fast hasher for every password of these tests (the real one costs ~0.25 s a login), counting hashes."""
    from tests.accounts.hashers import CountingHasher

    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


@pytest.fixture
def login():
    """Sign in through the admin login form, as a person would: returns the response."""

    def attempt(client, username: str, password: str = PASSWORD, ip: str = "192.0.2.10"):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR=ip,
        )

    return attempt
