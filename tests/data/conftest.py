"""Fixtures for the 2024 Qianjiang data, the set-up command and the demo."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REPORT_JSON = FIXTURES / "qianjiang-2024.json"
DEPARTMENTS_JSON = FIXTURES / "departments.json"
# The day statuses are judged on in these tests: long after every 2024 due date.
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="session")
def fixture_objects() -> list[dict]:
    return json.loads(REPORT_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def source_text(fixture_objects) -> str:
    return next(o["fields"]["source_text"] for o in fixture_objects if o["model"] == "commitments.workreport")


@pytest.fixture
def loaded(db):
    """The departments and the 2024 report loaded as `loaddata` loads them, nothing else."""
    call_command("loaddata", str(DEPARTMENTS_JSON), str(REPORT_JSON), verbosity=0)


@pytest.fixture(autouse=True)
def fast_passwords():
    """Keep the production hasher here: the module-wide demo accounts are created with it."""


@pytest.fixture(autouse=True)
def media(request, settings, tmp_path):
    """A temporary MEDIA_ROOT, except under the module-wide demo, which brings its own with its files."""
    if "demo" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run():
    """Run a management command; returns what it printed."""

    def run(name: str, *args: str) -> str:
        out = StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def demo_site(db, media, run):
    """setup_tracker --demo as `make run` calls it, with statuses judged on TODAY."""
    return run("setup_tracker", "--demo", "--date", TODAY.isoformat())


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site built once per module inside a transaction that is rolled back at the end.

    Setting it up takes seconds; each test still runs in its own savepoint (the ``db`` fixture) on top.
    """
    from django.db import transaction
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        out = StringIO()
        call_command("setup_tracker", "--demo", "--date", TODAY.isoformat(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once, db):
    return _demo_once
