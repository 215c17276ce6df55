"""Whole public responses are cached in Redis until public data changes, and served without Redis too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import figures
from commitments.models import ProgressReport

pytestmark = pytest.mark.django_db
HOME = reverse("public:home")
LIST = reverse("public:commitment-list")


def queries_of(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params or {})
    return len(captured)


def test_an_approval_refreshes_the_cached_pages(
    client, make_commitment, make_progress_report, django_capture_on_commit_callbacks
):
    from tests.public.conftest import TODAY

    c = make_commitment()
    report = make_progress_report(c, state=ProgressReport.State.SUBMITTED, value=103)
    assert "已完成 0 / 共 1 项" in client.get(HOME).text

    with django_capture_on_commit_callbacks(execute=True):
        ProgressReport.objects.filter(pk=report.pk).update(state=ProgressReport.State.APPROVED)
        figures.recompute(c, today=TODAY)  # what approval runs; bumps the version on commit

    assert "已完成 1 / 共 1 项" in client.get(HOME).text


def test_each_query_string_is_cached_apart(client, make_commitment):
    make_commitment(title="停车位")
    make_commitment(title="口袋公园")

    client.get(LIST, {"q": "停车位"})
    other = client.get(LIST, {"q": "口袋公园"})

    assert "口袋公园" in other.text and "停车位</a>" not in other.text


def test_the_order_of_parameters_does_not_matter(client, make_commitment):
    make_commitment()
    client.get(f"{LIST}?status=not_started&kind=count")

    assert queries_of(client, f"{LIST}?kind=count&status=not_started") == 0


def test_a_not_found_response_is_not_stored(client, db):
    url = reverse("public:commitment-detail", args=["2024-0-0-00"])
    client.get(url)

    assert queries_of(client, url) > 0


def test_public_pages_set_no_cookie_and_allow_shared_caching(client, make_commitment):
    make_commitment()

    for response in (client.get(HOME), client.get(HOME)):
        assert not response.cookies
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_a_signed_in_user_gets_the_same_page_as_everyone(client, make_commitment, reporter_a):
    make_commitment()
    anonymous = client.get(HOME).content
    client.force_login(reporter_a)

    assert client.get(HOME).content == anonymous


UNREACHABLE = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


@pytest.mark.parametrize(
    "url",
    [HOME, LIST, reverse("public:commitments-csv"), reverse("public:feed"), reverse("public:api:commitment-list")],
)
def test_with_redis_unreachable_the_site_still_serves_uncached(url, client, settings, make_commitment):
    make_commitment()
    settings.CACHES = UNREACHABLE

    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert queries_of(client, url) > 0  # nothing was cached
