"""Uploaded files no row refers to: written by a transaction that then rolled back.

Django has no rollback hook, so a request that stores a file (evidence, a report to import, a bulletin)
and then fails after the write leaves the file behind. Nothing links to such a file and nobody can
download it, but it takes space and holds data nobody approved. purge_orphan_files removes them; files
younger than the grace period are left alone, since they may belong to a transaction still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.storage import Storage, default_storage

from commitments.models import Bulletin, Evidence, ImportJob

FOLDERS = ("evidence", "imports", "bulletins")  # the upload_to roots of the models below


def referenced() -> set[str]:
    names = set(Evidence.objects.values_list("file", flat=True))
    names |= set(ImportJob.objects.values_list("source", flat=True))
    for workbook, document in Bulletin.objects.values_list("workbook", "document"):
        names.update((workbook, document))
    names.discard("")
    return names


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def orphans(*, now: datetime, grace: timedelta, storage: Storage | None = None) -> list[str]:
    """Stored files under the upload folders that no row names, last written before now - grace."""
    storage = storage or default_storage
    known = referenced()
    return sorted(
        name
        for folder in FOLDERS
        for name in _walk(storage, folder)
        if name not in known and storage.get_modified_time(name) < now - grace
    )


def purge(*, now: datetime, grace: timedelta, dry_run: bool = False) -> list[str]:
    storage = default_storage
    found = orphans(now=now, grace=grace, storage=storage)
    if not dry_run:
        for name in found:
            storage.delete(name)
    return found
