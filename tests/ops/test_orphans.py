"""Uploaded files left behind by a rolled-back transaction are found and removed (commitments/orphans.py)."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from commitments import evidence
from tests import files

DAY = 24 * 3600


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_orphan_files", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def kept_and_orphaned(make_commitment, make_progress_report, reporter_a, media):
    report = make_progress_report(make_commitment())
    kept = evidence.attach(report, files.good("pdf"), by=reporter_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = evidence.attach(report, files.good("png"), by=reporter_a)
        raise RuntimeError("a later step of the same request failed")  # the row is rolled back, the file stays
    kept_path, lost_path = Path(kept.file.path), Path(media) / lost.file.name
    assert lost_path.exists()
    age(kept_path, 2 * DAY)
    age(lost_path, 2 * DAY)
    return kept_path, lost_path


def test_a_file_of_a_rolled_back_upload_is_removed_and_the_rest_kept(kept_and_orphaned):
    kept, lost = kept_and_orphaned

    output = purge()

    assert not lost.exists() and kept.exists()
    assert "已删除无引用的上传文件 1 个" in output


def test_a_dry_run_lists_and_deletes_nothing(kept_and_orphaned):
    kept, lost = kept_and_orphaned

    output = purge("--dry-run")

    assert lost.exists() and kept.exists()
    assert lost.name in output and "将删除无引用的上传文件 1 个" in output


def test_a_recent_file_may_belong_to_a_transaction_still_running_and_is_kept(kept_and_orphaned):
    _, lost = kept_and_orphaned
    age(lost, 3600)

    purge()

    assert lost.exists()


def test_a_grace_period_under_an_hour_is_refused_and_nothing_is_deleted(kept_and_orphaned):
    _, lost = kept_and_orphaned

    with pytest.raises(CommandError, match="至少为 1"):
        purge("--hours", "0")

    assert lost.exists()


def test_files_outside_the_upload_folders_are_never_touched(media, db):
    other = Path(media) / "elsewhere" / "notes.txt"
    other.parent.mkdir(parents=True)
    other.write_text("not ours")
    age(other, 10 * DAY)

    purge()

    assert other.exists()
