"""Whole public responses cached in Redis until public data changes (DESIGN.md "Architecture").

The key is the page's path and its full query string (filters, page, sort), sorted so that the same
question asked twice hits the same entry, at the current data version of public_cache: an approval or a
commitment change bumps the version and retires every entry at once. Public pages read no user and set no
cookie, so one entry serves everyone; a response that set a cookie or used a CSRF token is never stored.
With Redis unreachable the backend ignores errors and every request is simply served uncached.
"""

from __future__ import annotations

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from commitments import public_cache

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
BROWSER_MAX_AGE = 60  # seconds a browser or proxy may reuse a page before asking again


def response_key(request: HttpRequest) -> str:
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
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
