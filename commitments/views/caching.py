"""Whole public responses cached in Redis until public data changes (DESIGN.md "Architecture").

The key is the page's scheme, host, path and full query string (filters, page, sort), sorted so that the same
question asked twice hits the same entry, at the current data version of public_cache: an approval or a
commitment change bumps the version and retires every entry at once. Public pages read no user and set no
cookie, so one entry serves everyone; a response that set a cookie or used a CSRF token is never stored.
With Redis unreachable the backend ignores errors and every request is simply served uncached.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from commitments import public_cache

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
BROWSER_MAX_AGE = 60  # seconds a browser or proxy may reuse a page before asking again


def response_key(request: HttpRequest) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    # Scheme and host too: the Atom feed and the API's next/previous links are absolute URLs.
    where = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    # The day is in the key: "数据截至" and every 序时进度 on the page are as of today.
    return public_cache.key("page", timezone.localdate().isoformat(), digest)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached_public(view):
    """Serve a public GET view from the cache, storing successful anonymous-safe responses."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = response_key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()  # DRF and TemplateResponse render lazily
            if _storable(request, response):
                headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                cache.set(key, (response.content, headers), timeout=public_cache.TIMEOUT)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response

    return wrapper


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
