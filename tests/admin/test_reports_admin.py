"""Reporting and review in the admin: a department reports with files, a supervisor approves or returns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments import evidence
from commitments.models import Commitment, Evidence, Milestone, ProgressReport
from commitments.public import cache as public_cache
from tests import files
from tests.admin.conftest import snapshot


def _url(name: str, *args) -> str:
    return reverse(f"admin:commitments_{name}", args=args)


def _report_form(commitment, uploads=(), **fields) -> dict:
    data = {
        "commitment": commitment.pk, "period": "2024-06", "value": "60", "narrative": "完成60个小区改造",
        "evidence-TOTAL_FORMS": str(len(uploads)), "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0", "evidence-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, upload in enumerate(uploads):
        data[f"evidence-{i}-file"] = upload
        data[f"evidence-{i}-is_public"] = "on"
    return {**data, **fields}


def test_a_reporter_submits_progress_with_a_photo_and_a_spreadsheet(make_commitment, client_a, reporter_a):
    commitment = make_commitment()
    uploads = [files.good("jpg", "现场照片.jpg"), files.good("xlsx", "改造台账.xlsx")]

    response = client_a.post(_url("progressreport_add"), _report_form(commitment, uploads, _submit_report="1"))

    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get()
    assert (report.state, report.value, report.submitted_by) == ("submitted", Decimal(60), reporter_a)
    kinds = sorted(Evidence.objects.values_list("content_type", flat=True))
    assert kinds == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/jpeg"]


@pytest.mark.parametrize(
    ("fields", "uploads", "message"),
    [
        ({}, [files.upload("照片.jpg", files.EXE)], "不是允许的类型"),
        ({"value": "-3"}, [], "不能为负数"),
        ({"value": "六十"}, [], "不是有效的数字"),
        ({"value": "1.123456"}, [], "4位小数"),
        ({"period": "2099-01"}, [], "未来月份"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(fields, uploads, message, make_commitment, client_a):
    commitment = make_commitment()
    before = snapshot()

    response = client_a.post(_url("progressreport_add"), _report_form(commitment, uploads, **fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


def test_an_oversize_file_is_refused(make_commitment, client_a):
    big = files.upload("航拍.pdf", files.CONTENT["pdf"]() + b"\0" * evidence.MAX_BYTES)

    response = client_a.post(_url("progressreport_add"), _report_form(make_commitment(), [big]))

    assert "超过 20 MB" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_milestone_of_another_commitment_is_refused_in_the_form(make_commitment, client_a):
    qualitative = make_commitment(kind="milestone", target_value=None, unit="")
    foreign = Milestone.objects.create(commitment=make_commitment(), title="别的节点", due_date="2024-03-31")

    response = client_a.post(_url("progressreport_add"), _report_form(qualitative, value="", milestone=foreign.pk))

    assert "所选节点不属于该任务" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ["client_a", "client_supervisor", "client_admin"])
def test_nobody_edits_or_deletes_an_approved_report_through_the_admin(
    who, request, make_commitment, make_progress_report
):
    client = request.getfixturevalue(who)
    report = make_progress_report(make_commitment(), state="approved")
    item = Evidence.objects.create(progress_report=report, file="evidence/1/a.pdf", original_name="a.pdf",
                                   content_type="application/pdf", size=4, sha256="0" * 64)  # fmt: skip
    before = snapshot()

    changed = client.post(_url("progressreport_change", report.pk), _report_form(report.commitment, value="99"))
    deleted = client.post(_url("progressreport_delete", report.pk), {"post": "yes"})
    file_deleted = client.post(_url("evidence_delete", item.pk), {"post": "yes"})

    assert (changed.status_code, deleted.status_code, file_deleted.status_code) == (403, 403, 403)
    assert snapshot() == before
    assert "审核通过的填报不能修改" in client.get(_url("progressreport_change", report.pk)).content.decode()


def test_the_supervisor_approves_and_the_figures_change(
    make_commitment, make_progress_report, client_supervisor, django_capture_on_commit_callbacks
):
    commitment = make_commitment(target_value=Decimal(100))
    report = make_progress_report(commitment, state="submitted", value=Decimal(100))
    version = public_cache.version()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_supervisor.post(_url("progressreport_review", report.pk), {"decision": "approve"})

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.status, commitment.current_value) == (Commitment.Status.COMPLETED, Decimal(100))
    assert public_cache.version() > version


@pytest.mark.parametrize(
    ("proxies", "recorded"), [(0, "10.0.0.2"), (1, "198.51.100.9")], ids=["direct", "behind-a-proxy"]
)
def test_the_history_records_the_client_address_as_the_login_audit_does(
    proxies, recorded, settings, make_commitment, make_progress_report, client_supervisor
):
    from commitments.models import HistoryEntry

    settings.TRACKER_PROXY_COUNT = proxies
    report = make_progress_report(make_commitment(), state="submitted", value=Decimal(10))

    client_supervisor.post(
        _url("progressreport_review", report.pk),
        {"decision": "approve"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9",  # the left entry is the client's own claim
    )

    entry = HistoryEntry.objects.filter(object_type="commitments.progressreport", object_id=str(report.pk)).latest("pk")
    assert entry.ip_address == recorded


def test_a_return_without_a_reason_is_refused_with_a_message(make_commitment, make_progress_report, client_supervisor):
    report = make_progress_report(make_commitment(), state="submitted")

    response = client_supervisor.post(
        _url("progressreport_review", report.pk), {"decision": "return", "note": ""}, follow=True
    )

    assert "退回填报必须填写退回原因" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"


def test_the_department_sees_why_its_report_was_returned_and_resubmits(
    make_commitment, make_progress_report, client_supervisor, client_a
):
    report = make_progress_report(make_commitment(), state="submitted")
    client_supervisor.post(_url("progressreport_review", report.pk), {"decision": "return", "note": "请补充验收照片"})

    page = client_a.get(_url("progressreport_change", report.pk)).content.decode()
    assert "请补充验收照片" in page
    response = client_a.post(
        _url("progressreport_change", report.pk),
        _report_form(report.commitment, [files.good("png")], value="61", _submit_report="1"),
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.value, report.evidence.count()) == ("submitted", Decimal(61), 1)


def test_the_supervisor_verifies_an_approved_figure(
    make_commitment, make_progress_report, client_supervisor, supervisor
):
    report = make_progress_report(make_commitment(), state="approved")

    client_supervisor.post(_url("progressreport_verify", report.pk), {"note": "现场核实，数据属实"})

    report.refresh_from_db()
    assert (report.verified, report.verified_by, report.verification_note) == (True, supervisor, "现场核实，数据属实")


def test_the_supervisor_approves_from_the_list(make_commitment, make_progress_report, client_supervisor):
    first, second = (
        make_progress_report(make_commitment(), state="submitted"),
        make_progress_report(make_commitment(), state="draft"),
    )

    client_supervisor.post(
        _url("progressreport_changelist"), {"action": "approve_selected", "_selected_action": [first.pk, second.pk]}
    )

    assert list(ProgressReport.objects.order_by("pk").values_list("state", flat=True)) == ["approved", "draft"]


def test_the_department_downloads_its_evidence_as_an_attachment(
    make_commitment, make_progress_report, reporter_a, client_a
):
    item = evidence.attach(make_progress_report(make_commitment()), files.good("pdf", "验收报告.pdf"), by=reporter_a)

    response = client_a.get(_url("evidence_download", item.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_department_deletes_its_draft_with_the_files(make_commitment, make_progress_report, reporter_a, client_a):
    report = make_progress_report(make_commitment())
    evidence.attach(report, files.good("pdf"), by=reporter_a)

    response = client_a.post(_url("progressreport_delete", report.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_supporting_department_reads_approved_reports_only(make_commitment, make_progress_report, client_b, dept_b):
    commitment = make_commitment()
    commitment.supporting_departments.add(dept_b)
    approved, draft = (
        make_progress_report(commitment, state="approved"),
        make_progress_report(commitment, narrative="草稿内容"),
    )

    assert client_b.get(_url("progressreport_change", approved.pk)).status_code == 200
    assert client_b.get(_url("progressreport_change", draft.pk)).status_code == 404
    assert "草稿内容" not in client_b.get(_url("commitment_change", commitment.pk)).content.decode()
