"""A prototype measured by the benchmark, not used by the site: serve warm public pages before the stack.

The site caches whole public responses in Redis inside each view (commitments/views/caching.py), so a
warm request still runs every middleware (sessions, CSRF, auth, messages, CSP, history, axes), resolves
the URL and makes two Redis round trips (the data version, then the page) and unpickles the page: about
1.5 ms, against 0.1 ms for a static file.

This middleware, placed right after WhiteNoise, keeps the finished responses (all headers included, as
the full stack produced them) in a small per-process LRU keyed by the data version and the full URL. A
request without cookies costs one Redis GET of the version key, and nothing else while the version holds;
an approval bumps the version (public_cache.invalidate) and the next request goes down the stack again.
Requests with cookies (staff) always take the full stack. ``python bench/run.py --settings bench.settings_fast``
measures it next to the production settings; bench/README.md records the figures.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from commitments import public_cache

BUDGET = 32 * 1024 * 1024  # bytes of pages kept per worker: memory stays well under the 250 MB a worker may use
LARGEST = 1024 * 1024  # a bigger page is served from Redis as before
PREFIXES = ("/static/", "/admin/", "/media/", "/evidence/", "/healthz/")


class LocalPublicPages:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.pages: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # gthread workers serve several requests at once

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.COOKIES or request.path.startswith(PREFIXES):
            return self.get_response(request)
        version = cache.get(public_cache.version_key()) if hasattr(public_cache, "version_key") else None
        version = version if version is not None else cache.get(public_cache.VERSION_KEY)
        if version is None:
            return self.get_response(request)
        # The day is part of the key as in views/caching.py: "数据截至" is today's date.
        key = (version, timezone.localdate(), request.get_full_path())
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self.keeps(response):
            with self.lock:
                if key not in self.pages:
                    self.pages[key] = (200, list(response.items()), response.content)
                    self.size += len(response.content)
                while self.size > BUDGET:
                    self.size -= len(self.pages.popitem(last=False)[1][2])
        return response

    @staticmethod
    def keeps(response: HttpResponse) -> bool:
        """A complete, shareable page (views/caching.py marked it public) without cookies, not too big."""
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        return "public" in response.get("Cache-Control", "") and len(response.content) <= LARGEST
