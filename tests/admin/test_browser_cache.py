"""A change that retires the public pages tells that browser to drop its cached copies (Clear-Site-Data);
nothing else does. Transactional: the pages are retired on commit, inside the request."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.public import cache as public_cache

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_approval_clears_the_approvers_browser_cache(make_commitment, make_progress_report, client_supervisor):
    report = make_progress_report(make_commitment(), state="submitted", value=Decimal(10))
    version = public_cache.version()

    response = client_supervisor.post(
        reverse("admin:commitments_progressreport_review", args=[report.pk]), {"decision": "approve"}
    )

    assert response.status_code == 302
    assert public_cache.version() > version
    assert response["Clear-Site-Data"] == '"cache"'


def test_a_change_the_public_does_not_see_keeps_the_browser_cache(make_commitment, client_supervisor):
    version = public_cache.version()
    due = timezone.localdate() + timedelta(days=10)

    response = client_supervisor.post(
        reverse("admin:commitments_supervisionnotice_add"),
        {"commitment": make_commitment().pk, "reason": "进度滞后", "response_due": due},
    )

    assert response.status_code == 302
    assert public_cache.version() == version
    assert "Clear-Site-Data" not in response


def test_reading_pages_keeps_the_browser_cache(make_commitment, client, client_supervisor):
    commitment = make_commitment()

    assert "Clear-Site-Data" not in client.get(reverse("public:commitment-detail", args=[commitment.code]))
    assert "Clear-Site-Data" not in client_supervisor.get(reverse("admin:index"))
