"""Middleware of the public site: warm pages from each worker's memory, and the browser cache of an editor.

``LocalPublicPages`` keeps finished public responses in the web worker's memory and serves them before the
rest of the stack. ``ClearBrowserCacheAfterPublicChange`` makes the browser of whoever changed public data
drop the pages it holds (see its docstring).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from commitments.public import cache as public_cache

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class LocalPublicPages:
    """Finished public pages kept in each web worker's memory, served before the rest of the stack.

    A page from Redis still runs every middleware (sessions, CSRF, auth, CSP, history, axes), resolves
    the URL, makes two Redis round trips and unpickles the page: 0.3–0.6 ms of CPU, several times what a
    static file costs (bench/README.md, finding 6). Placed right after WhiteNoise, this keeps the
    responses that cached_public marked public, headers and all as the full stack produced them, in a
    least-recently-used store bounded in bytes, keyed by the data version, the day, host, scheme and full
    URL. An approval bumps the version and every worker's pages retire: a worker reads the version from
    Redis at most every TRACKER_LOCAL_PAGE_VERSION_SECONDS (a Redis round trip was half the cost of a
    warm page), so other workers show an approval within that second and the worker that made it at
    once. Browsers may keep a page for a minute anyway (Cache-Control max-age). Requests with cookies
    (staff, anyone who visited the admin) and every method but GET take the full stack, and a Redis that
    cannot be reached turns the store off.
    """

    SKIPPED = ("/static/", "/admin/", "/media/", "/evidence/", "/healthz/")

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.budget = settings.TRACKER_LOCAL_PAGE_CACHE_BYTES
        self.largest = max(self.budget // 16, 1)  # one page may not crowd out the others
        self.pages: OrderedDict[tuple, tuple[list[tuple[str, str]], bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # gthread workers serve several requests at once
        self.version_for = settings.TRACKER_LOCAL_PAGE_VERSION_SECONDS
        self.clock = time.monotonic
        self.seen: tuple[int | None, float, int] = (None, -math.inf, -1)  # version, read at, local bumps then
        if not self.budget:
            raise MiddlewareNotUsed

    def version(self) -> int | None:
        """The data version, read from Redis when the one in hand is older than allowed or this process bumped it."""
        version, read_at, bumps = self.seen
        now = self.clock()
        if version is None or now - read_at >= self.version_for or bumps != public_cache.local_bumps:
            bumps = public_cache.local_bumps  # before the read: a bump during it forces the next read
            version = public_cache.current()
            self.seen = (version, now, bumps)  # one tuple: threads see the old or the new, never a mix
        return version

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.COOKIES or request.path.startswith(self.SKIPPED):
            return self.get_response(request)
        # Read before the page is built: a page stored under an older version is never served after a bump.
        version = self.version()
        if version is None:
            return self.get_response(request)
        # get_host() also refuses a host outside ALLOWED_HOSTS, as CommonMiddleware would.
        key = (
            public_cache.version_key(),
            version,
            timezone.localdate(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
        )
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
        if stored is not None:
            headers, content = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self._keeps(response):
            self._store(key, list(response.items()), response.content)
        return response

    def _keeps(self, response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
            and len(response.content) <= self.largest
        )

    def _store(self, key: tuple, headers: list[tuple[str, str]], content: bytes) -> None:
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = (headers, content)
            self.size += len(content)
            while self.size > self.budget:
                _, (_, evicted) = self.pages.popitem(last=False)
                self.size -= len(evicted)


class ClearBrowserCacheAfterPublicChange:
    """The browser of whoever changes public data forgets the public pages it holds.

    Public pages say ``Cache-Control: public, max-age=60`` (views/caching.py), so a browser may show a page it
    loaded within the last minute without asking again. For the public that is a minute's delay; for the
    supervisor who just approved a report and goes back to the task's page it looks as if the approval did
    nothing (issue 4: "approve it and see the public figures change"). A request that retired the public pages
    (public_cache.invalidate ran on its commit) therefore answers with ``Clear-Site-Data: "cache"``, and that
    browser drops its copies. Approvals and commitment edits are rare, so re-fetching the stylesheet once is
    no cost. Browsers honour the header on HTTPS and on localhost.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        # A bump by another thread of this process in the meantime also counts: one more cleared cache is
        # harmless, a missed one is the bug this prevents.
        before = public_cache.local_bumps
        response = self.get_response(request)
        if public_cache.local_bumps != before:
            response["Clear-Site-Data"] = '"cache"'
        return response
