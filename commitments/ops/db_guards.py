"""Rules the database itself enforces, beyond what constraints can say: an approved report never changes.

Installed after every migrate (post_migrate), idempotently, for PostgreSQL and SQLite. An approved report
may still gain its on-site verification (督查核实); every other column is frozen, and it cannot be deleted.
A correction is a new report (DESIGN.md "Targets and progress").
"""

from __future__ import annotations

# Columns an approved report may never change; verification fields and updated_at stay writable.
FROZEN_COLUMNS = (
    "state",
    "commitment_id",
    "milestone_id",
    "period",
    "value",
    "investment_completed",
    "narrative",
    "submitted_by_id",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "review_note",
)
TABLE = "commitments_progressreport"

_POSTGRES = f"""
CREATE OR REPLACE FUNCTION commitments_guard_approved_report() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'approved' THEN
            RAISE EXCEPTION 'approved progress report % cannot be deleted', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.state = 'approved' AND ROW({", ".join(f"NEW.{c}" for c in FROZEN_COLUMNS)})
            IS DISTINCT FROM ROW({", ".join(f"OLD.{c}" for c in FROZEN_COLUMNS)}) THEN
        RAISE EXCEPTION 'approved progress report % cannot be changed', OLD.id
                USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS commitments_guard_approved_report ON {TABLE};
CREATE TRIGGER commitments_guard_approved_report BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION commitments_guard_approved_report();
"""

_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS commitments_guard_approved_report_update BEFORE UPDATE ON {TABLE}
    WHEN OLD.state = 'approved' AND ({" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN_COLUMNS)})
    BEGIN SELECT RAISE(ABORT, 'approved progress report cannot be changed'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS commitments_guard_approved_report_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.state = 'approved'
    BEGIN SELECT RAISE(ABORT, 'approved progress report cannot be deleted'); END""",
]


def install(*, using: str = "default") -> None:
    from django.db import connections

    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES)
        elif connection.vendor == "sqlite":
            for statement in _SQLITE:
                cursor.execute(statement)


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    install(using=using)
