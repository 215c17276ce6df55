"""Shared fixtures: personas with their reach stated, and explicit builders.

The suite runs against real PostgreSQL and Redis only; it refuses to start without both, so a green run
never hides a SQLite-only or cache-less path.

Personas:
- reporter_a: a reporter of 住建局 (dept_a). Reaches dept_a's commitments, reports and notices only.
- reporter_b: a reporter of 城管局 (dept_b). Should have no access to dept_a's drafts or writes.
- supervisor: 督查室. Sees everything, reviews reports, issues notices.
- admin_user: superuser.
- anonymous: the public. Sees public commitments and approved reports only.
"""

from __future__ import annotations

import itertools
import os
from datetime import date
from decimal import Decimal

import pytest


def pytest_configure(config):
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(
            f"The test suite needs real PostgreSQL and Redis: set {' and '.join(missing)} "
            "(see README.md; `make test` sets both for the local services)."
        )
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise pytest.UsageError("DATABASE_URL must point at PostgreSQL for the test suite")


_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads, bulletins and imports of every test go to a temporary MEDIA_ROOT, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Every persona is created with a password; the production hasher costs about half a second each.
    # Tests of the hashing itself (tests/security) set their own hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_public_cache():
    """Each test starts with no cached public page: a rolled-back test never bumps the version itself."""
    from commitments.public import cache as public_cache

    public_cache.invalidate()


@pytest.fixture
def work_report(db):
    from commitments.models import WorkReport

    return WorkReport.objects.create(year=2024, issuer="测试市人民政府", title="2024年测试市政府工作报告")


@pytest.fixture
def section(work_report):
    from commitments.models import Section

    return Section.objects.create(work_report=work_report, key="2", number="二、", heading="2024年重点工作", level=1)


@pytest.fixture
def dept_a(db):
    from commitments.models import Department

    return Department.objects.create(name="市住房和城乡建设局", short_name="住建局", slug="zjj")


@pytest.fixture
def dept_b(db):
    from commitments.models import Department

    return Department.objects.create(name="市城市管理执法局", short_name="城管局", slug="cgj")


@pytest.fixture
def make_commitment(work_report, section, dept_a):
    """Builder: a public count commitment of dept_a unless overridden (ownership stays visible)."""
    from commitments.models import Commitment

    def make(**overrides) -> Commitment:
        n = next(_codes)
        fields = {
            "work_report": work_report,
            "section": section,
            "code": f"2024-2-1-{n:02d}",
            "position": n,
            "title": f"老旧小区改造{n}",
            "quote": "实施103个老旧小区改造",
            "lead_department": dept_a,
            "kind": "count",
            "comparator": ">=",
            "target_value": Decimal(103),
            "unit": "个",
            "start_date": date(2024, 1, 1),
            "due_date": date(2024, 12, 31),
            "is_public": True,
        }
        fields.update(overrides)
        return Commitment.objects.create(**fields)

    return make


@pytest.fixture
def make_progress_report(db):
    """Builder: a progress report on a commitment, in the given state (draft unless overridden)."""
    from django.utils import timezone

    from commitments.models import ProgressReport

    def make(commitment, **overrides) -> ProgressReport:
        fields = {
            "commitment": commitment,
            "period": date(2024, 6, 1),
            "value": Decimal(50),
            "narrative": "按计划推进",
            "state": ProgressReport.State.DRAFT,
        }
        fields.update(overrides)
        if fields["state"] != ProgressReport.State.DRAFT:
            fields.setdefault("submitted_at", timezone.now())
        if fields["state"] in (ProgressReport.State.APPROVED, ProgressReport.State.RETURNED):
            fields.setdefault("reviewed_at", timezone.now())
        if fields["state"] == ProgressReport.State.RETURNED:
            fields.setdefault("review_note", "数据有误")
        return ProgressReport.objects.create(**fields)

    return make


def _user(django_user_model, username, **extra):
    return django_user_model.objects.create_user(
        username=username, password="Correct-Horse-9-Battery", email=f"{username}@example.org", **extra
    )


@pytest.fixture
def reporter_a(db, django_user_model, dept_a):
    user = _user(django_user_model, "reporter_a", is_staff=True)
    dept_a.members.add(user)
    return user


@pytest.fixture
def reporter_b(db, django_user_model, dept_b):
    user = _user(django_user_model, "reporter_b", is_staff=True)
    dept_b.members.add(user)
    return user


@pytest.fixture
def supervisor(db, django_user_model):
    from django.contrib.auth.models import Group

    user = _user(django_user_model, "supervisor", is_staff=True)
    group, _ = Group.objects.get_or_create(name="督查室")
    user.groups.add(group)
    return user


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", password="Correct-Horse-9-Battery", email="admin@example.org"
    )


# --- Background work -------------------------------------------------------------------------------------


@pytest.fixture
def eager_celery(request):
    """Celery runs tasks in the test process, unless the test starts a real worker (``@pytest.mark.worker``)."""
    from tracker.celery import app as celery_app

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
    from tracker.celery import app as celery_app

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
def overdue_commitment(make_commitment, make_progress_report):
    """dept_a's count task, due 2024-12-31, at 50 of 103 when the year ends: overdue from 2025-01-01."""
    c = make_commitment(title="老旧小区改造")
    make_progress_report(c, period=date(2024, 11, 1), value=Decimal(50), state="approved")
    return c
