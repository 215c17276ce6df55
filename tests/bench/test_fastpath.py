"""The warm-page prototype measured by the benchmark (bench/fastpath.py): it must serve exactly what the
full stack served, never outlive an approval, and leave requests with cookies (staff) to the full stack."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import figures
from commitments.models import ProgressReport

HOME = reverse("public:home")


@pytest.fixture
def fast(settings):
    from bench import settings_fast

    settings.MIDDLEWARE = settings_fast.MIDDLEWARE
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured)


def test_it_serves_a_second_request_from_memory_with_the_same_bytes_and_headers(db, fast, client, make_commitment):
    make_commitment()
    first, _ = get(client, HOME)
    second, queries = get(client, HOME)
    assert queries == 0
    assert not hasattr(second.wsgi_request, "session")  # served before the middleware below it
    assert second.content == first.content
    assert {k: v for k, v in second.items()} == {k: v for k, v in first.items()}


def test_an_approval_retires_the_page_kept_in_memory(
    db, fast, client, make_commitment, make_report, django_capture_on_commit_callbacks
):
    c = make_commitment()
    report = make_report(c, state=ProgressReport.State.SUBMITTED, value=103)
    assert "已完成 0 / 共 1 项" in client.get(HOME).text
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReport.objects.filter(pk=report.pk).update(state=ProgressReport.State.APPROVED)
        figures.recompute(c, today=c.start_date)  # bumps the public data version on commit
    assert "已完成 1 / 共 1 项" in client.get(HOME).text


def test_a_request_with_cookies_takes_the_full_stack(db, fast, client, make_commitment, settings):
    make_commitment()
    client.get(HOME)
    client.cookies["sessionid"] = "anything"
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.session is not None  # the session middleware ran
