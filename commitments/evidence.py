"""Evidence files of progress reports (佐证材料): checked by content, stored under a random name.

Accepted: PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx), at most 20 MB each. The type is read from the
bytes, never from the name or the browser's claim: a renamed executable is refused. Files live in
MEDIA_ROOT (outside the static root) and are served only by permission-checked views (``file_response``).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse

from commitments import history, permissions
from commitments.models import Evidence, ProgressReport

MAX_BYTES = 20 * 1024 * 1024
# Content types we send back are ours, never the uploader's.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The part that makes an Office Open XML package a Word document or a workbook.
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ALLOWED_LABEL = "PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）"


class EvidenceError(Exception):
    """A file that cannot be accepted or an evidence change that is not allowed; the message is for the user."""


@dataclass(frozen=True)
class Inspected:
    extension: str
    content_type: str
    size: int
    sha256: str


def _ooxml_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())  # reads the directory only: nothing is decompressed
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in _OOXML_MAIN_PART.items() if part in names), None)


def detect(upload: UploadedFile) -> str | None:
    """The accepted kind of a file from its content (pdf, jpg, png, docx, xlsx), or None."""
    upload.seek(0)
    head = upload.read(8192)
    guessed = filetype.guess(head)
    extension = guessed.extension if guessed else None
    if extension in ("pdf", "jpg", "png"):
        return extension
    if extension in ("zip", "docx", "xlsx") or head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    return None


def inspect(upload: UploadedFile, *, allowed: tuple[str, ...] = tuple(CONTENT_TYPES)) -> Inspected:
    """Check an upload's size and real type; the digest is computed while reading it once."""
    if upload.size is None or upload.size == 0:
        raise EvidenceError("文件为空，请重新选择")
    if upload.size > MAX_BYTES:
        raise EvidenceError(f"文件“{upload.name}”超过 20 MB，请压缩后再上传")
    kind = detect(upload)
    if kind is None or kind not in allowed:
        raise EvidenceError(f"文件“{upload.name}”的内容不是允许的类型（{ALLOWED_LABEL}），请检查后重新上传")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(extension=kind, content_type=CONTENT_TYPES[kind], size=upload.size, sha256=digest.hexdigest())


def display_name(original: str, extension: str) -> str:
    """The name shown and offered for download: the uploader's name with the extension of the real type."""
    stem = PurePath(original.replace("\\", "/")).stem.strip() or "佐证材料"
    return f"{stem[:150]}.{extension}"


@transaction.atomic
def attach(
    progress_report: ProgressReport, upload: UploadedFile, *, by, is_public: bool = False, ip: str | None = None
) -> Evidence:
    """Add a file to one's own draft or returned report."""
    progress_report = ProgressReport.objects.select_for_update().select_related("commitment").get(pk=progress_report.pk)
    if not permissions.can_edit_report(by, progress_report):
        raise EvidenceError("只能为本单位草稿或被退回的填报上传佐证材料")
    checked = inspect(upload)
    item = Evidence(
        progress_report=progress_report,
        original_name=display_name(upload.name or "", checked.extension),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_public=is_public,
    )
    # The stored name is random (models.evidence_path); of the upload only the detected extension is used.
    item.file.save(f"upload.{checked.extension}", upload, save=False)
    try:
        item.save()
        history.record(
            progress_report, "evidence.added", by=by, data={"file": item.original_name, "sha256": item.sha256}, ip=ip
        )
    except Exception:
        # Django has no rollback hook: remove the file we just wrote rather than leave an orphan.
        item.file.storage.delete(item.file.name)
        raise
    return item


@transaction.atomic
def set_public(item: Evidence, *, by, is_public: bool, ip: str | None = None) -> Evidence:
    """Choose whether a file is shown to the public once its report is approved.

    The department decides while its report is editable; a supervisor may decide at any time.
    """
    item = Evidence.objects.select_for_update().select_related("progress_report__commitment").get(pk=item.pk)
    if not (permissions.is_supervisor(by) or permissions.can_edit_report(by, item.progress_report)):
        raise EvidenceError("无权修改该佐证材料的公开设置")
    if item.is_public != is_public:
        item.is_public = is_public
        item.save(update_fields=["is_public"])
        history.record(item.progress_report, "evidence.publicity_changed", by=by, data={"file": item.original_name,
                       "is_public": is_public}, ip=ip)  # fmt: skip
    return item


@transaction.atomic
def remove(item: Evidence, *, by, ip: str | None = None) -> None:
    """Remove a file from one's own draft or returned report; evidence of an approved report stays."""
    item = Evidence.objects.select_for_update().select_related("progress_report__commitment").get(pk=item.pk)
    if not permissions.can_edit_report(by, item.progress_report):
        raise EvidenceError("已通过审核的填报的佐证材料不能删除")
    name, storage = item.file.name, item.file.storage
    history.record(item.progress_report, "evidence.removed", by=by, data={"file": item.original_name,
                   "sha256": item.sha256}, ip=ip)  # fmt: skip
    item.delete()
    # Only once the row is gone for good: a rolled-back delete must not lose the file.
    transaction.on_commit(lambda: storage.delete(name))


def file_response(item: Evidence) -> FileResponse:
    """An evidence file as a download: our content type, attachment only, never rendered in the browser.

    The caller decides who may have it (permissions.evidence_visible_to or public_evidence).
    """
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=CONTENT_TYPES.get(PurePath(item.file.name).suffix.lstrip("."), "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
