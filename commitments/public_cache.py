"""Public page cache: every key carries a version number that invalidate() bumps.

Public data changes only when a report is approved or a commitment changes, a few times a day, so pages
are cached until then; bumping one version key retires every cached page at once without a key scan.
With Redis unreachable the cache backend ignores errors and pages are simply built uncached.
"""

from __future__ import annotations

from django.core.cache import cache

VERSION_KEY = "public:version"
TIMEOUT = 60 * 60 * 24


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        value = 1
        cache.add(VERSION_KEY, value, timeout=None)
    return int(value)


def key(*parts: object) -> str:
    """A cache key for one public page or API response at the current data version."""
    return ":".join(["public", f"v{version()}", *(str(p) for p in parts)])


def invalidate() -> None:
    """Retire every cached public page: call on commit after an approval or a commitment change."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was never set or has been evicted: start a fresh version
        cache.set(VERSION_KEY, 2, timeout=None)
