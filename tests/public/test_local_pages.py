"""Warm public pages served from the web worker's memory (views/caching.LocalPublicPages)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.cache import patch_cache_control

from commitments.models import Commitment
from commitments.public import cache as public_cache
from commitments.public.middleware import LocalPublicPages

pytestmark = pytest.mark.django_db
HOME = reverse("public:home")
LIST = reverse("public:commitment-list")


class CountingView:
    """The rest of the stack, as the middleware sees it: counts the requests that reach it."""

    def __init__(self, *, public: bool = True, status: int = 200, size: int = 10, cookie: bool = False):
        self.calls = 0
        self.public, self.status, self.size, self.cookie = public, status, size, cookie

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(f"{self.calls}".ljust(self.size, "x"), status=self.status)
        response["Content-Language"] = "zh-hans"
        if self.public:
            patch_cache_control(response, public=True, max_age=60)
        if self.cookie:
            response.set_cookie("csrftoken", "t")
        return response


@pytest.fixture
def rf():
    return RequestFactory()


@pytest.fixture
def version():
    public_cache.version()  # the page cache is in use: the version exists in Redis


def test_a_second_request_is_served_from_memory_with_the_same_headers(rf, version):
    view = CountingView()
    pages = LocalPublicPages(view)

    first = pages(rf.get("/commitments/?page=2"))
    second = pages(rf.get("/commitments/?page=2"))

    assert view.calls == 1
    assert second.content == first.content == b"1".ljust(10, b"x")
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Language"] == "zh-hans"


def test_each_url_is_kept_apart(rf, version):
    view = CountingView()
    pages = LocalPublicPages(view)

    pages(rf.get("/commitments/?page=2"))
    other = pages(rf.get("/commitments/?page=3"))

    assert view.calls == 2 and other.content.startswith(b"2")


def test_a_new_data_version_retires_every_page(rf, version):
    view = CountingView()
    pages = LocalPublicPages(view)
    pages(rf.get("/"))

    public_cache.invalidate()  # what an approval does on commit

    assert pages(rf.get("/")).content.startswith(b"2")
    assert view.calls == 2


def test_a_flushed_redis_never_brings_back_an_old_version(rf, version):
    view = CountingView()
    pages = LocalPublicPages(view)
    pages(rf.get("/"))
    before = public_cache.version()

    cache.delete(public_cache.version_key())  # Redis restarted or flushed
    pages.clock = lambda: float("inf")  # once the worker reads the version again
    assert pages(rf.get("/")).content.startswith(b"2")  # no version: the full stack
    after = public_cache.version()  # the page cache starts a new version
    pages(rf.get("/"))

    assert after != before
    assert view.calls == 3  # the page of the old version was not served under the new one


def test_a_bump_by_another_process_shows_once_the_version_is_read_again(rf, version, settings):
    settings.TRACKER_LOCAL_PAGE_VERSION_SECONDS = 1
    now = [100.0]
    view = CountingView()
    pages = LocalPublicPages(view)
    pages.clock = lambda: now[0]
    pages(rf.get("/"))

    cache.incr(public_cache.version_key())  # another worker approved a report: no bump in this process
    now[0] += 0.5
    within = pages(rf.get("/"))
    now[0] += 0.5
    after = pages(rf.get("/"))

    assert within.content.startswith(b"1")  # the version in hand is half a second old: still trusted
    assert after.content.startswith(b"2") and view.calls == 2


def test_the_version_is_read_from_redis_at_most_once_per_interval(rf, version, settings):
    settings.TRACKER_LOCAL_PAGE_VERSION_SECONDS = 1
    pages = LocalPublicPages(CountingView())
    pages.clock = lambda: 100.0
    pages(rf.get("/"))
    cache.delete(public_cache.version_key())  # a read now would find no version and take the full stack

    assert pages(rf.get("/")).content.startswith(b"1")


@pytest.mark.parametrize(
    "make_request",
    [
        lambda rf: rf.get("/", HTTP_COOKIE="sessionid=abc"),
        lambda rf: rf.head("/"),
        lambda rf: rf.post("/"),
        lambda rf: rf.get("/admin/"),
        lambda rf: rf.get("/static/app.css"),
    ],
    ids=["cookie", "head", "post", "admin", "static"],
)
def test_requests_with_cookies_or_other_methods_take_the_full_stack(make_request, rf, version):
    view = CountingView()
    pages = LocalPublicPages(view)

    pages(make_request(rf))
    pages(make_request(rf))

    assert view.calls == 2


@pytest.mark.parametrize(
    "view",
    [
        CountingView(public=False),
        CountingView(status=404),
        CountingView(cookie=True),
        CountingView(size=3 * 1024 * 1024),
    ],
    ids=["not-public", "not-found", "sets-cookie", "too-big"],
)
def test_only_complete_shareable_pages_are_kept(view, rf, version):
    view.calls = 0
    pages = LocalPublicPages(view)

    pages(rf.get("/"))
    pages(rf.get("/"))

    assert view.calls == 2


def test_the_store_stays_within_its_budget_dropping_the_least_recently_used(rf, version, settings):
    settings.TRACKER_LOCAL_PAGE_CACHE_BYTES = 3 * 1000
    view = CountingView(size=150)
    pages = LocalPublicPages(view)
    for n in range(40):
        pages(rf.get(f"/commitments/?page={n}"))
        pages(rf.get("/"))  # the home page is asked for all the time and stays

    assert pages.size <= 3 * 1000
    calls = view.calls
    pages(rf.get("/"))
    pages(rf.get("/commitments/?page=0"))  # long gone

    assert view.calls == calls + 1


def test_a_budget_of_zero_turns_the_store_off(settings):
    settings.TRACKER_LOCAL_PAGE_CACHE_BYTES = 0

    with pytest.raises(MiddlewareNotUsed):
        LocalPublicPages(CountingView())


def test_a_host_outside_allowed_hosts_is_refused_even_when_the_page_is_kept(rf, version):
    pages = LocalPublicPages(CountingView())
    pages(rf.get("/", HTTP_HOST="testserver"))

    with pytest.raises(DisallowedHost):
        pages(rf.get("/", HTTP_HOST="evil.example"))


def test_through_the_site_a_warm_page_needs_neither_the_database_nor_the_redis_page(client, make_commitment):
    c = make_commitment(title="口袋公园")
    assert "口袋公园" in client.get(LIST).text
    cache.delete_pattern("*:page:*")  # the pages in Redis are gone; the version stays
    Commitment.objects.filter(pk=c.pk).update(title="停车位")  # a change that did not bump the version

    with CaptureQueriesContext(connection) as queries:
        warm = client.get(LIST)

    assert len(queries) == 0
    assert "口袋公园" in warm.text and warm["Content-Security-Policy"] and warm["X-Frame-Options"] == "DENY"


def test_through_the_site_an_approval_shows_at_once(client, make_commitment, django_capture_on_commit_callbacks):
    c = make_commitment(title="口袋公园")
    client.get(LIST)

    with django_capture_on_commit_callbacks(execute=True):
        Commitment.objects.filter(pk=c.pk).update(title="停车位")
        from django.db import transaction

        transaction.on_commit(public_cache.invalidate)

    assert "停车位" in client.get(LIST).text


def test_each_host_has_its_own_page_in_memory_and_in_redis(client, make_commitment, make_progress_report):
    # The Atom feed carries absolute links: a page built for one host is never served to another.
    from commitments.models import ProgressReport

    make_progress_report(make_commitment(), state=ProgressReport.State.APPROVED)
    feed = reverse("public:feed")
    assert b"http://localhost/" in client.get(feed, HTTP_HOST="localhost").content

    other = client.get(feed, HTTP_HOST="127.0.0.1")
    again = client.get(feed, HTTP_HOST="127.0.0.1")

    assert b"http://127.0.0.1/" in other.content and b"localhost" not in other.content
    assert again.content == other.content


def test_a_warm_page_has_the_same_bytes_and_headers_and_skips_the_rest_of_the_stack(client, make_commitment):
    make_commitment()
    first = client.get(HOME)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(HOME)

    assert len(queries) == 0
    assert not hasattr(second.wsgi_request, "session")  # served before the session middleware
    assert second.content == first.content
    assert dict(second.items()) == dict(first.items())


def test_a_signed_in_user_takes_the_full_stack(client, make_commitment, reporter_a):
    make_commitment()
    client.get(HOME)
    client.force_login(reporter_a)

    response = client.get(HOME)

    assert response.status_code == 200 and response.wsgi_request.user == reporter_a
