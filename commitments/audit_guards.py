"""The database itself keeps the audit trail: no row of it is changed, and none is deleted before it is
180 days old (网络安全法 第二十一条: network logs are kept at least six months).

Guarded tables: ``commitments_historyentry`` (domain and auth.* entries) and every simple-history table of
the app (commitments, milestones, progress reports, notices). Installed after every migrate (post_migrate),
idempotently, for PostgreSQL and SQLite, like ``db_guards``. The retention purge (``manage.py purge_audit``)
deletes only older rows, which the triggers allow.

One change is allowed on ``commitments_historyentry``: clearing ``actor_id`` or ``commitment_id`` when the
user or commitment it points to is deleted. The entry keeps ``actor_name`` and ``object_repr``, so who and
what stay readable. Historical tables allow no update at all (their ``history_user_id`` is the only record of
who), so a user who changed data cannot be deleted; accounts are deactivated instead.

TRUNCATE is not refused: it needs the table owner's privilege, which the test suite uses to reset tables;
in production the application's database role should not own the tables (docs/security.md).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings

ENTRY_TABLE = "commitments_historyentry"
ENTRY_TIME = "at"
# Link columns of HistoryEntry that Django's on_delete=SET_NULL clears; nothing else may change.
ENTRY_CLEARABLE = ("actor_id", "commitment_id")
HISTORY_TIME = "history_date"

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION commitments_guard_audit_row() RETURNS trigger AS $$
DECLARE
    stamp timestamptz := (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz;
    keep interval := make_interval(days => TG_ARGV[1]::int);
    clearable text[] := string_to_array(TG_ARGV[2], ',');
    column_name text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF stamp > now() - keep THEN
            RAISE EXCEPTION 'audit row %.% is younger than the retention period and cannot be deleted',
                TG_TABLE_NAME, OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF (to_jsonb(NEW) - clearable) IS DISTINCT FROM (to_jsonb(OLD) - clearable) THEN
        RAISE EXCEPTION 'audit row %.% cannot be changed', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    FOREACH column_name IN ARRAY clearable LOOP
        IF (to_jsonb(NEW) -> column_name) IS DISTINCT FROM (to_jsonb(OLD) -> column_name)
                AND (to_jsonb(NEW) ->> column_name) IS NOT NULL THEN
            RAISE EXCEPTION 'audit row %.% cannot be changed', TG_TABLE_NAME, OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def guarded_tables() -> list[tuple[str, str, tuple[str, ...]]]:
    """(table, timestamp column, clearable columns) for every audit table of the app."""
    tables = [(ENTRY_TABLE, ENTRY_TIME, ENTRY_CLEARABLE)]
    for model in apps.get_app_config("commitments").get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            tables.append((getattr(model, attribute).model._meta.db_table, HISTORY_TIME, ()))
    return tables


def _postgres(table: str, stamp: str, clearable: tuple[str, ...], days: int) -> str:
    args = f"'{stamp}', '{days}', '{','.join(clearable)}'"
    return f"""
DROP TRIGGER IF EXISTS commitments_guard_audit_row ON {table};
CREATE TRIGGER commitments_guard_audit_row BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION commitments_guard_audit_row({args});
"""


def _sqlite(table: str, stamp: str, clearable: tuple[str, ...], days: int, columns: list[str]) -> list[str]:
    frozen = [c for c in columns if c not in clearable]
    changed = [f"NEW.{c} IS NOT OLD.{c}" for c in frozen]
    changed += [f"(NEW.{c} IS NOT OLD.{c} AND NEW.{c} IS NOT NULL)" for c in clearable]
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
            for table, stamp, clearable in guarded_tables():
                cursor.execute(_postgres(table, stamp, clearable, days))
        elif connection.vendor == "sqlite":
            for table, stamp, clearable in guarded_tables():
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
                for statement in _sqlite(table, stamp, clearable, days, columns):
                    cursor.execute(statement)


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install(using=using)
