"""The database itself keeps the audit trail: no row of it is changed, and none is deleted before it is
180 days old (网络安全法 第二十一条: network logs are kept at least six months).

Guarded tables: ``commitments_historyentry`` (domain and auth.* entries) and every simple-history table of
the app (commitments, milestones, progress reports, notices). Installed after every migrate (post_migrate),
idempotently, for PostgreSQL and SQLite, like ``db_guards``. The retention purge (``manage.py purge_audit``)
deletes only older rows, which the triggers allow.

No update is allowed at all. The rows' links to users and commitments are PROTECT (models.py) and the
historical tables' ``history_user_id`` cannot be cleared either, so a user or commitment with a trail is
deactivated or adjusted, never deleted.

TRUNCATE is not refused: it needs the table owner's privilege, which the test suite uses to reset tables;
in production the application's database role should not own the tables (docs/security.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

ENTRY_TABLE = "commitments_historyentry"
ENTRY_TIME = "at"
HISTORY_TIME = "history_date"

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION commitments_guard_audit_row() RETURNS trigger AS $$
DECLARE
    stamp timestamptz := (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz;
    keep interval := make_interval(days => TG_ARGV[1]::int);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF stamp > now() - keep THEN
            RAISE EXCEPTION 'audit row %.% is younger than the retention period and cannot be deleted',
                TG_TABLE_NAME, OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    -- A no-op update (every column the same) is harmless and left alone.
    IF to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD) THEN
        RAISE EXCEPTION 'audit row %.% cannot be changed', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def guarded_tables() -> list[tuple[str, str]]:
    """(table, timestamp column) for every audit table of the app."""
    tables = [(ENTRY_TABLE, ENTRY_TIME)]
    for model in apps.get_app_config("commitments").get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            tables.append((getattr(model, attribute).model._meta.db_table, HISTORY_TIME))
    return tables


def _postgres(table: str, stamp: str, days: int) -> str:
    args = f"'{stamp}', '{days}'"
    return f"""
DROP TRIGGER IF EXISTS commitments_guard_audit_row ON {table};
CREATE TRIGGER commitments_guard_audit_row BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION commitments_guard_audit_row({args});
"""


def _sqlite(table: str, stamp: str, days: int, columns: list[str]) -> list[str]:
    changed = [f'NEW."{c}" IS NOT OLD."{c}"' for c in columns]
    # Django stores SQLite datetimes as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]", which sorts like the time.
    return [
        f"DROP TRIGGER IF EXISTS {table}_audit_update",
        f"DROP TRIGGER IF EXISTS {table}_audit_delete",
        f"""CREATE TRIGGER {table}_audit_update BEFORE UPDATE ON {table}
        WHEN {" OR ".join(changed)}
        BEGIN SELECT RAISE(ABORT, 'audit row cannot be changed'); END""",
        f"""CREATE TRIGGER {table}_audit_delete BEFORE DELETE ON {table}
        WHEN OLD.{stamp} > datetime('now', '-{days} days')
        BEGIN SELECT RAISE(ABORT, 'audit row is younger than the retention period and cannot be deleted'); END""",
    ]


def install(*, using: str = "default") -> None:
    from django.db import connections

    connection = connections[using]
    days = int(settings.TRACKER_AUDIT_RETENTION_DAYS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            for table, stamp in guarded_tables():
                cursor.execute(_postgres(table, stamp, days))
        elif connection.vendor == "sqlite":
            for table, stamp in guarded_tables():
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                for statement in _sqlite(table, stamp, days, columns):
                    cursor.execute(statement)


def purge_expired(*, now: datetime, dry_run: bool = False) -> dict[str, int]:
    """Delete audit rows older than the retention period plus one day, table by table; returns the counts.

    The extra day keeps the application's clock and the database's apart: a row the trigger still protects
    is never selected, so a purge cannot fail half-way on a row at the boundary.
    """
    cutoff = now - timedelta(days=int(settings.TRACKER_AUDIT_RETENTION_DAYS) + 1)
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for table, stamp in guarded_tables():
            verb = "SELECT COUNT(*) FROM" if dry_run else "DELETE FROM"
            # Table and column names come from guarded_tables(), never from input.
            cursor.execute(f"{verb} {table} WHERE {stamp} < %s", [cutoff])
            counts[table] = cursor.fetchone()[0] if dry_run else cursor.rowcount
    return counts


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install(using=using)
