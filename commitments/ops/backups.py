"""Backup and restore (等保2.0 数据备份恢复): the database and the uploaded files, with a manifest that lets a
restore prove it brought back exactly what was saved.

A backup directory holds ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3``
(SQLite, via the sqlite3 backup API), ``media.tar.gz`` (MEDIA_ROOT) and ``manifest.json``: the SHA-256 of
both files, and per key table its row count and a checksum of its rows. The PostgreSQL dump and the
checksums are taken from the same snapshot, so they agree even while people keep working.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import psycopg
from django.apps import apps
from django.conf import settings

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Checksum of a table: the sum of the first 60 bits of each row's MD5, so it is independent of row order and
# needs constant memory however large the table (a national data set has millions of reports).
_PG_CHECKSUM = "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint::numeric), 0) FROM {} t"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class Target:
    vendor: str  # "postgresql" or "sqlite"
    params: dict[str, str]  # psycopg keyword arguments, or {"path": ...} for SQLite


def key_tables() -> list[str]:
    """The tables a restore is checked on: every table of the tracker and of accounts and permissions."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("commitments", "auth") and not model._meta.proxy and model._meta.managed:
            names.add(model._meta.db_table)
    return sorted(names)


def target_from_settings(settings_dict: dict[str, Any]) -> Target:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        params = {
            "dbname": settings_dict["NAME"],
            "user": settings_dict.get("USER") or "",
            "password": settings_dict.get("PASSWORD") or "",
            "host": settings_dict.get("HOST") or "",
            "port": str(settings_dict.get("PORT") or ""),
        }
        return Target("postgresql", {k: v for k, v in params.items() if v})
    if "sqlite" in engine:
        return Target("sqlite", {"path": str(settings_dict["NAME"])})
    raise BackupError(f"不支持的数据库类型：{engine}")


def target_from_url(url: str) -> Target:
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        params = {
            "dbname": unquote(parts.path.lstrip("/")),
            "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "host": parts.hostname or "",
            "port": str(parts.port or ""),
        }
        if not params["dbname"]:
            raise BackupError("恢复目标 DATABASE_URL 缺少数据库名")
        return Target("postgresql", {k: v for k, v in params.items() if v})
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:] if parts.path.startswith("//") else unquote(parts.path)
        return Target("sqlite", {"path": path})
    raise BackupError(f"恢复目标 DATABASE_URL 的类型不受支持：{parts.scheme or '（空）'}")


def _pg_env(target: Target) -> dict[str, str]:
    # Credentials go to pg_dump/pg_restore through the environment, never on a command line others can read.
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    return {**os.environ, **{names[k]: v for k, v in target.params.items()}}


def _run_pg_tool(tool: str, args: list[str], target: Target) -> None:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"找不到 {tool}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）")
    # A fixed program with arguments built here, no shell; credentials travel in the environment.
    done = subprocess.run([path, *args], env=_pg_env(target), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败：{done.stderr.strip()}")


def _pg_checksums(cursor, tables: list[str]) -> dict[str, dict[str, Any]]:
    cursor.execute("SET TIME ZONE 'UTC'")  # timestamps print the same whatever the session's zone
    result = {}
    for table in tables:
        cursor.execute(_PG_CHECKSUM.format(psycopg.sql.Identifier(table).as_string(cursor)))
        rows, checksum = cursor.fetchone()
        result[table] = {"rows": rows, "checksum": format(int(checksum), "x")}
    return result


def _sqlite_checksums(path: str, tables: list[str]) -> dict[str, dict[str, Any]]:
    result = {}
    with sqlite3.connect(path) as db:
        present = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables:
            rows, checksum = 0, 0
            if table in present:
                for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - table names from the models
                    rows += 1
                    checksum += int(hashlib.md5(repr(row).encode(), usedforsecurity=False).hexdigest()[:15], 16)
            result[table] = {"rows": rows, "checksum": format(checksum, "x")}
    return result


def checksums(target: Target, tables: list[str]) -> dict[str, dict[str, Any]]:
    """Row count and checksum of each table as stored in ``target``."""
    if target.vendor == "postgresql":
        with psycopg.connect(**target.params) as conn, conn.cursor() as cursor:
            return _pg_checksums(cursor, tables)
    return _sqlite_checksums(target.params["path"], tables)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump_postgres(target: Target, out: Path, tables: list[str]) -> dict[str, dict[str, Any]]:
    with psycopg.connect(**target.params, autocommit=False) as conn, conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables_now = _pg_checksums(cursor, tables)
        # pg_dump reads the snapshot this transaction exported, which lives as long as the transaction.
        _run_pg_tool("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={out}"], target)
        conn.rollback()
    return tables_now


def _dump_sqlite(target: Target, out: Path, tables: list[str]) -> dict[str, dict[str, Any]]:
    with sqlite3.connect(target.params["path"]) as source, sqlite3.connect(out) as copy:
        source.backup(copy)  # a consistent copy even while the file is being written
    return _sqlite_checksums(str(out), tables)


def _media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def backup(*, output: Path, now: datetime) -> dict[str, Any]:
    """Write database dump, media archive and manifest into ``output`` (new or empty); returns the manifest."""
    from django.db import connection

    output.mkdir(parents=True, exist_ok=True)
    if any(output.iterdir()):
        raise BackupError(f"备份目录 {output} 不是空目录，请指定新的目录")
    source = target_from_settings(connection.settings_dict)
    tables = key_tables()
    dump = output / DUMPS[source.vendor]
    # Database first, files second: files are written before the rows that name them, so every file the
    # dump refers to is already on disk when the archive is made.
    tables_now = (_dump_postgres if source.vendor == "postgresql" else _dump_sqlite)(source, dump, tables)
    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root)
    with tarfile.open(output / MEDIA, "w:gz") as archive:
        for name in files:
            archive.add(media_root / name, arcname=name, recursive=False)
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "database": {"vendor": source.vendor, "file": dump.name, "sha256": _sha256(dump)},
        "media": {"file": MEDIA, "sha256": _sha256(output / MEDIA), "files": files},
        "tables": tables_now,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup directory, after checking both files against their recorded SHA-256."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取备份清单 {source / MANIFEST}：{exc}") from None
    for part in ("database", "media"):
        path = source / manifest[part]["file"]
        if not path.is_file() or _sha256(path) != manifest[part]["sha256"]:
            raise BackupError(f"备份文件 {path.name} 缺失或已损坏（SHA-256 与清单不符），未做任何恢复")
    return manifest


def _is_empty(target: Target) -> bool:
    if target.vendor == "postgresql":
        try:
            with psycopg.connect(**target.params) as conn:
                count = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        except psycopg.OperationalError as exc:
            raise BackupError(f"无法连接恢复目标数据库：{str(exc).strip().splitlines()[0]}") from None
        return count == 0
    path = Path(target.params["path"])
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0


def _restore_media(archive_path: Path, media_root: Path, expected: dict[str, str]) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the tree and device files.
        archive.extractall(media_root, filter="data")
    wrong = [name for name, digest in expected.items() if _sha256(media_root / name) != digest]
    if wrong:
        raise BackupError(f"恢复后的上传文件与清单不符：{'、'.join(wrong[:5])}")


def restore(*, source: Path, target: Target, media_root: Path, replace: bool = False) -> dict[str, Any]:
    """Restore a backup into ``target`` and ``media_root``, then compare every key table with the manifest.

    Refuses (changing nothing) a damaged backup, a backup of another database type, and a target that already
    holds tables unless ``replace``. Returns the comparison; ``mismatches`` lists tables that differ.
    """
    manifest = read_manifest(source)
    vendor = manifest["database"]["vendor"]
    if vendor != target.vendor:
        raise BackupError(f"备份来自 {vendor} 数据库，不能恢复到 {target.vendor} 数据库")
    if not replace and not _is_empty(target):
        raise BackupError("恢复目标数据库中已有数据表；确认要覆盖时请加 --replace")
    dump = source / manifest["database"]["file"]
    if vendor == "postgresql":
        options = ["--clean", "--if-exists"] if replace else []
        _run_pg_tool(
            "pg_restore",
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *options,
                f"--dbname={target.params['dbname']}",
                str(dump),
            ],
            target,
        )
    else:
        Path(target.params["path"]).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(dump) as saved, sqlite3.connect(target.params["path"]) as restored:
            saved.backup(restored)
    _restore_media(source / manifest["media"]["file"], media_root, manifest["media"]["files"])
    now_tables = checksums(target, list(manifest["tables"]))
    mismatches = [t for t, expected in manifest["tables"].items() if now_tables.get(t) != expected]
    return {
        "tables": len(now_tables),
        "rows": sum(t["rows"] for t in now_tables.values()),
        "files": len(manifest["media"]["files"]),
        "mismatches": mismatches,
    }
