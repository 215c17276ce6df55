"""Restore drill: `backup` dumps the database and the uploaded files; `restore` brings them back into a scratch
database, and the row counts and checksums of the key tables match. A damaged backup or a non-empty target
is refused and nothing is written.

These tests commit data (pg_dump reads it from another connection), hence transactional_db.
"""

import hashlib
import uuid
from datetime import date
from decimal import Decimal
from io import StringIO

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from commitments import history
from commitments.models import Evidence, HistoryEntry, Milestone, ProgressReport
from commitments.ops import backups

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def scratch_url(transactional_db):
    """An empty PostgreSQL database next to the test database, dropped afterwards."""
    params = backups.target_from_settings(connection.settings_dict).params
    name = f"{params['dbname']}_restore_{uuid.uuid4().hex[:8]}"
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = params.get("user", "")
    yield f"postgres://{user}@{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{name}"
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def data(transactional_db, media, make_commitment, make_progress_report, admin_user, reporter_a):
    commitment = make_commitment(title="新增2000个停车位", target_value=Decimal(2000))
    Milestone.objects.create(commitment=commitment, title="完成选址", due_date=date(2024, 5, 31))
    report = make_progress_report(commitment, state="approved", value=Decimal(1200), submitted_by=reporter_a)
    Evidence.objects.create(
        progress_report=report,
        file=ContentFile(PNG, name="photo.png"),
        original_name="现场照片.png",
        content_type="image/png",
        size=len(PNG),
        sha256=hashlib.sha256(PNG).hexdigest(),
    )
    history.record(commitment, "commitment.published", by=admin_user)
    return commitment


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_backup_restores_into_a_scratch_database_with_equal_counts_and_checksums(data, media, scratch_url, tmp_path):
    out = _run("backup", "--output", str(tmp_path / "backup"))
    assert "已备份到" in out
    restored_media = tmp_path / "restored-media"
    out = _run("restore", "--input", str(tmp_path / "backup"), "--database-url", scratch_url, "--media-root",
               str(restored_media))  # fmt: skip
    assert "与清单一致" in out

    # Independently of the manifest: the scratch database holds what the live one holds.
    target = backups.target_from_url(scratch_url)
    live = backups.checksums(backups.target_from_settings(connection.settings_dict), backups.key_tables())
    assert backups.checksums(target, backups.key_tables()) == live
    assert live["commitments_progressreport"]["rows"] == ProgressReport.objects.count() == 1
    assert live["commitments_historyentry"]["rows"] == HistoryEntry.objects.count() > 0
    stored = Evidence.objects.get().file.name
    assert (restored_media / stored).read_bytes() == PNG


def test_the_checksum_changes_when_a_row_changes(data):
    source = backups.target_from_settings(connection.settings_dict)
    before = backups.checksums(source, ["commitments_commitment"])
    type(data).objects.filter(pk=data.pk).update(title="停车位（改）")
    after = backups.checksums(source, ["commitments_commitment"])
    assert before["commitments_commitment"]["rows"] == after["commitments_commitment"]["rows"]
    assert before != after


def test_a_damaged_backup_is_refused_and_nothing_is_restored(data, scratch_url, tmp_path):
    _run("backup", "--output", str(tmp_path / "backup"))
    dump = tmp_path / "backup" / "database.dump"
    raw = bytearray(dump.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    dump.write_bytes(bytes(raw))
    with pytest.raises(CommandError, match="已损坏"):
        _run("restore", "--input", str(tmp_path / "backup"), "--database-url", scratch_url)
    assert backups._is_empty(backups.target_from_url(scratch_url))


def test_restoring_over_a_database_with_tables_needs_replace(data, scratch_url, tmp_path):
    _run("backup", "--output", str(tmp_path / "backup"))
    _run("restore", "--input", str(tmp_path / "backup"), "--database-url", scratch_url,
         "--media-root", str(tmp_path / "m"))  # fmt: skip
    with pytest.raises(CommandError, match="--replace"):
        _run("restore", "--input", str(tmp_path / "backup"), "--database-url", scratch_url)


def test_a_backup_never_writes_into_a_directory_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("之前的备份")
    with pytest.raises(CommandError, match="不是空目录"):
        _run("backup", "--output", str(tmp_path))
