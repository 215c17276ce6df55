"""Celery: the report upload of the admin (ImportJob) runs here, one job per task (STYLE.md rule 15)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from commitments.importers import loader
from commitments.importers.errors import ReportImportError
from commitments.importers.sources import MAX_BYTES, read_source
from commitments.importers.work_report import parse_report
from commitments.models import ImportJob

logger = logging.getLogger(__name__)


def _read(job: ImportJob) -> bytes:
    if job.source.size > MAX_BYTES:
        raise ReportImportError(f"文件太大（{job.source.size / 1024 / 1024:.1f} MB），上限是 5 MB。")
    with job.source.open("rb") as file:
        return file.read()


def _finish(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).update(finished_at=timezone.now(), **fields)


@shared_task
def run_import(job_id: int, *, replace_drafts: bool = False) -> str:
    """Import the uploaded report of one ImportJob; returns the job's final state.

    Idempotent: only a pending or running job is (re)claimed, so a second delivery of a finished job does
    nothing. A running job is reclaimed because a worker that died mid-import (acks_late) rolled its
    transaction back: the import wrote nothing, and running it again is the only way to finish it.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state__in=[ImportJob.State.PENDING, ImportJob.State.RUNNING]).update(
        state=ImportJob.State.RUNNING, error=""
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        text = read_source(_read(job), filename=job.original_name or job.source.name)
        result = parse_report(text, year=job.year)
        summary = loader.load(
            result,
            issuer=job.issuer,
            source_text=text,
            today=timezone.localdate(),
            by=job.created_by,
            replace_drafts=replace_drafts,
        )
    except ReportImportError as exc:
        _finish(job_id, state=ImportJob.State.FAILED, error=exc.message)
        return ImportJob.State.FAILED
    except Exception as exc:
        # Not the uploader's fault: say so on the job, keep the traceback in the log, and do not retry a
        # deterministic failure.
        logger.exception("import job %s failed", job_id)
        _finish(
            job_id,
            state=ImportJob.State.FAILED,
            error=f"导入时发生内部错误（{type(exc).__name__}），请联系系统管理员。",
        )
        return ImportJob.State.FAILED
    _finish(job_id, state=ImportJob.State.DONE, summary=summary.as_dict(), work_report_id=summary.work_report_id)
    return ImportJob.State.DONE
