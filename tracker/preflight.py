"""Start-up check of the services the settings name: one clear line per problem instead of a traceback."""

from __future__ import annotations

from django.conf import settings


def service_errors() -> list[str]:
    """Reach the database and, when REDIS_URL is set, Redis; return a readable line per failure."""
    from django.db import connections
    from django.db.utils import Error as DatabaseError

    errors = []
    db = settings.DATABASES["default"]
    try:
        connections["default"].ensure_connection()
    except DatabaseError as exc:
        where = (
            db.get("NAME") if "sqlite" in db["ENGINE"] else f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}"
        )
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        errors.append(f"无法连接数据库 DATABASE_URL ({where}): {first}")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        except (redis.RedisError, ValueError) as exc:
            errors.append(f"无法连接 Redis REDIS_URL ({settings.REDIS_URL}): {exc}")
    return errors
