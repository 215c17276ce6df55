"""Public page cache: every key carries a version number that invalidate() bumps.

Public data changes only when a report is approved or a commitment changes, a few times a day, so pages
are cached until then; bumping one version key retires every cached page at once without a key scan.
With Redis unreachable the cache backend ignores errors and pages are simply built uncached.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connections

VERSION_KEY = "public:version"
TIMEOUT = 60 * 60 * 24


def _database() -> str:
    # Pages are views of one database: two databases sharing a Redis (test workers, staging next to
    # production) must never serve each other's pages. Reading the name costs no query.
    return str(connections["default"].settings_dict.get("NAME", ""))


def version_key() -> str:
    return f"{VERSION_KEY}:{_database()}"


def version() -> int:
    value = cache.get(version_key())
    if value is None:
        value = 1
        cache.add(version_key(), value, timeout=None)
    return int(value)


def key(*parts: object) -> str:
    """A cache key for one public page or API response at the current data version."""
    return ":".join(["public", _database(), f"v{version()}", *(str(p) for p in parts)])


def invalidate() -> None:
    """Retire every cached public page: call on commit after an approval or a commitment change."""
    try:
        cache.incr(version_key())
    except ValueError:  # the key was never set or has been evicted: start a fresh version
        cache.set(version_key(), 2, timeout=None)
