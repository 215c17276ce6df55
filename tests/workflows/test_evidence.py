"""Evidence files (commitments.evidence): type by content, 20 MB, random stored name, approved files stay."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import tracker.settings as configured
from commitments import evidence
from commitments.models import Evidence, HistoryEntry
from tests import files


@pytest.mark.parametrize("kind", ["pdf", "jpg", "png", "docx", "xlsx"])
def test_it_accepts_the_five_types_by_content(kind, make_commitment, make_progress_report, reporter_a, media):
    report = make_progress_report(make_commitment())
    data = files.CONTENT[kind]()

    item = evidence.attach(report, files.upload(f"验收材料.{kind}", data), by=reporter_a, is_public=True)

    assert item.content_type == evidence.CONTENT_TYPES[kind]
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert (item.size, item.original_name) == (len(data), f"验收材料.{kind}")
    stored = Path(item.file.path)
    assert stored.read_bytes() == data
    assert stored.suffix == f".{kind}" and "验收" not in stored.name  # a random name on disk
    assert HistoryEntry.objects.filter(action="evidence.added").exists()


def test_the_extension_follows_the_content_not_the_name(make_commitment, make_progress_report, reporter_a):
    item = evidence.attach(make_progress_report(make_commitment()), files.good("png", "照片.pdf"), by=reporter_a)

    assert (item.content_type, item.original_name) == ("image/png", "照片.png")
    assert item.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.pdf", files.EXE, "不是允许的类型"),  # an executable renamed
        ("表格.xlsx", files.plain_zip_bytes(), "不是允许的类型"),  # a zip that is no workbook
        ("说明.txt", "进展顺利".encode(), "不是允许的类型"),
        ("空.pdf", b"", "文件为空"),
    ],
)
def test_wrong_files_are_refused_and_nothing_is_written(
    name, data, message, make_commitment, make_progress_report, reporter_a, media
):
    report = make_progress_report(make_commitment())

    with pytest.raises(evidence.EvidenceError, match=message):
        evidence.attach(report, files.upload(name, data), by=reporter_a)

    assert not Evidence.objects.exists()
    assert not [p for p in Path(media).rglob("*") if p.is_file()]


def test_a_file_over_20_mb_is_refused(make_commitment, make_progress_report, reporter_a):
    big = files.upload("航拍.pdf", files.CONTENT["pdf"]() + b"\0" * evidence.MAX_BYTES)

    with pytest.raises(evidence.EvidenceError, match="20 MB"):
        evidence.attach(make_progress_report(make_commitment()), big, by=reporter_a)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_files_cannot_be_added_to_a_report_under_review_or_approved(
    state, make_commitment, make_progress_report, reporter_a
):
    with pytest.raises(evidence.EvidenceError, match="草稿"):
        evidence.attach(make_progress_report(make_commitment(), state=state), files.good("png"), by=reporter_a)
    assert not Evidence.objects.exists()


def test_reporter_b_cannot_add_files_to_dept_a_report(make_commitment, make_progress_report, reporter_b):
    with pytest.raises(evidence.EvidenceError):
        evidence.attach(make_progress_report(make_commitment()), files.good("pdf"), by=reporter_b)
    assert not Evidence.objects.exists()


def test_a_draft_file_is_removed_with_its_file_after_commit(
    make_commitment, make_progress_report, reporter_a, django_capture_on_commit_callbacks
):
    item = evidence.attach(make_progress_report(make_commitment()), files.good("pdf"), by=reporter_a)
    path = Path(item.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        evidence.remove(item, by=reporter_a)

    assert not Evidence.objects.exists()
    assert not path.exists()


def test_evidence_of_an_approved_report_cannot_be_removed(
    make_commitment, make_progress_report, reporter_a, supervisor
):
    report = make_progress_report(make_commitment())
    item = evidence.attach(report, files.good("pdf"), by=reporter_a)
    report.state = "approved"
    report.save()

    for user in (reporter_a, supervisor):
        with pytest.raises(evidence.EvidenceError, match="不能删除"):
            evidence.remove(item, by=user)
    assert Path(item.file.path).exists()


def test_a_supervisor_may_publish_evidence_after_approval(
    make_commitment, make_progress_report, reporter_a, supervisor
):
    report = make_progress_report(make_commitment())
    item = evidence.attach(report, files.good("png"), by=reporter_a)
    report.state = "approved"
    report.save()

    with pytest.raises(evidence.EvidenceError):
        evidence.set_public(item, by=reporter_a, is_public=True)
    evidence.set_public(item, by=supervisor, is_public=True)

    item.refresh_from_db()
    assert item.is_public


def test_a_download_is_an_attachment_with_our_content_type(make_commitment, make_progress_report, reporter_a):
    item = evidence.attach(make_progress_report(make_commitment()), files.good("docx", "验收记录.docx"), by=reporter_a)

    response = evidence.file_response(item)

    assert response["Content-Type"] == evidence.CONTENT_TYPES["docx"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == Path(item.file.path).read_bytes()


def test_uploads_are_stored_outside_the_static_root():
    media, static = Path(configured.MEDIA_ROOT).resolve(), Path(configured.STATIC_ROOT).resolve()

    assert not media.is_relative_to(static) and not static.is_relative_to(media)
