"""Admin tests: the personas with the model permissions of their role (commitments.roles), logged-in clients,
and dept_a's work that reporter_b must never reach."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from accounts import roles
from commitments import evidence
from commitments.models import Evidence, HistoryEntry, Milestone, ProgressReport, SupervisionNotice
from tests import files


@pytest.fixture
def groups(db):
    return roles.ensure_roles()


@pytest.fixture
def reporter_a(reporter_a, groups):
    reporter_a.groups.add(groups[roles.REPORTERS])
    return reporter_a


@pytest.fixture
def reporter_b(reporter_b, groups):
    reporter_b.groups.add(groups[roles.REPORTERS])
    return reporter_b


@pytest.fixture
def supervisor(supervisor, groups):
    return supervisor  # the 督查室 group now carries its permissions


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(reporter_a):
    return _client(reporter_a)


@pytest.fixture
def client_b(reporter_b):
    return _client(reporter_b)


@pytest.fixture
def client_supervisor(supervisor):
    return _client(supervisor)


@pytest.fixture
def client_admin(admin_user):
    return _client(admin_user)


@pytest.fixture
def dept_a_work(make_commitment, make_progress_report, reporter_a, dept_a):
    """dept_a's commitment with a milestone, a draft with a file, a submitted and an approved report, a notice."""
    commitment = make_commitment(code="2024-2-1-71", title="住建局保密任务")
    milestone = Milestone.objects.create(commitment=commitment, title="住建局节点", due_date=date(2024, 9, 30))
    draft = make_progress_report(commitment, period=date(2024, 5, 1), narrative="住建局草稿")
    item = evidence.attach(draft, files.good("pdf", "住建局内部材料.pdf"), by=reporter_a)
    submitted = make_progress_report(commitment, state="submitted", period=date(2024, 6, 1))
    approved = make_progress_report(commitment, state="approved", period=date(2024, 4, 1))
    notice = SupervisionNotice.objects.create(
        commitment=commitment, department=dept_a, reason="住建局督办事由", response_due=date(2024, 7, 1)
    )
    return {
        "commitment": commitment, "milestone": milestone, "draft": draft, "evidence": item,
        "submitted": submitted, "approved": approved, "notice": notice,
    }  # fmt: skip


def snapshot() -> dict:
    """Everything an attack on dept_a's work could change."""
    return {
        "reports": sorted(ProgressReport.objects.values_list("pk", "state", "value", "narrative", "verified")),
        "evidence": sorted(Evidence.objects.values_list("pk", "is_public", "file")),
        "notices": sorted(SupervisionNotice.objects.values_list("pk", "state", "response", "proposed")),
        "history": HistoryEntry.objects.exclude(action__startswith="auth.").count(),
    }
