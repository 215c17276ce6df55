"""Public page cache: every key carries a version number that invalidate() bumps.

Public data changes only when a report is approved or a commitment changes, a few times a day, so pages
are cached until then; bumping one version key retires every cached page at once without a key scan.
With Redis unreachable the cache backend ignores errors and pages are simply built uncached.
"""

from __future__ import annotations

import secrets

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


def _fresh() -> int:
    # A version that starts anew (first use, Redis flushed or restarted) is random, never 1 again: web
    # workers keep pages in memory by version (views/caching.LocalPublicPages), and a counter restarting
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
# (views/caching.LocalPublicPages) still sees its own approvals at once.
local_bumps = 0


def invalidate() -> None:
    """Retire every cached public page: call on commit after an approval or a commitment change."""
    global local_bumps
    local_bumps += 1
    try:
        cache.incr(version_key())
    except ValueError:  # the key was never set or has been evicted: start a fresh version
        cache.set(version_key(), _fresh(), timeout=None)
