"""Fixtures of the cross-cutting security tests (escaping, error pages)."""

from __future__ import annotations

import pytest

PASSWORD = "Correct-Horse-9-Battery"  # the personas' password (tests/conftest.py)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage of production needs collectstatic; pages here only need the URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
