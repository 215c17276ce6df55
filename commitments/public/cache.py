"""The public data version, and whole public responses cached in Redis at that version.

Public data changes only when a report is approved or a commitment changes, a few times a day, so pages
are cached until then; bumping one version key retires every cached page at once without a key scan.

A response's key is the page's scheme, host, path and full query string (filters, page, sort), sorted so
that the same question asked twice hits the same entry. Public pages read no user and set no cookie, so
one entry serves everyone; a response that set a cookie or used a CSRF token is never stored. With Redis
unreachable the cache backend ignores errors and pages are simply built uncached.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

VERSION_KEY = "public:version"
TIMEOUT = 60 * 60 * 24


def _database() -> str:
    # Pages are views of one database: two databases sharing a Redis (test workers, staging next to
    # production) must never serve each other's pages. Reading the name costs no query.
    return str(connections["default"].settings_dict.get("NAME", ""))


def version_key() -> str:
    return f"{VERSION_KEY}:{_database()}"


def _fresh() -> int:
    # A version that starts anew (first use, Redis flushed or restarted) is random, never 1 again: web
    # workers keep pages in memory by version (middleware.LocalPublicPages), and a counter restarting
    # at a number they have already seen would bring back the pages of before the flush.
    return secrets.randbelow(2**52) + 1


def current() -> int | None:
    """The data version as stored, without creating it (None: Redis unreachable, flushed or never used)."""
    return cache.get(version_key())


def version() -> int:
    value = cache.get(version_key())
    if value is None:
        cache.add(version_key(), _fresh(), timeout=None)
        value = cache.get(version_key(), 1)  # another process may have added its own first: use the winner
    return int(value)


def key(*parts: object) -> str:
    """A cache key for one public page or API response at the current data version."""
    return ":".join(["public", _database(), f"v{version()}", *(str(p) for p in parts)])


# Bumps made by this process: a web worker that re-reads the version at most once a second
# (middleware.LocalPublicPages) still sees its own approvals at once.
local_bumps = 0


def invalidate() -> None:
    """Retire every cached public page: call on commit after an approval or a commitment change."""
    global local_bumps
    local_bumps += 1
    try:
        cache.incr(version_key())
    except ValueError:  # the key was never set or has been evicted: start a fresh version
        cache.set(version_key(), _fresh(), timeout=None)


# --- Whole responses ---------------------------------------------------------------------------------

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
BROWSER_MAX_AGE = 60  # seconds a browser or proxy may reuse a page before asking again


def response_key(request: HttpRequest) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    # Scheme and host too: the Atom feed and the API's next/previous links are absolute URLs.
    where = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    # The day is in the key: "数据截至" and every 序时进度 on the page are as of today.
    return key("page", timezone.localdate().isoformat(), digest)


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
                cache.set(key, (response.content, headers), timeout=TIMEOUT)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response

    return wrapper
