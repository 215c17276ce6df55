"""Administrators edit commitments and round-trip the 任务分解表; a published target moves only with a reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments import spreadsheets
from commitments.models import Commitment, HistoryEntry
from tests import files
from tests.admin.conftest import snapshot


def _url(name: str, *args) -> str:
    return reverse(f"admin:commitments_{name}", args=args)


def _form(commitment: Commitment, **changes) -> dict:
    data = {
        "work_report": commitment.work_report_id, "section": commitment.section_id, "code": commitment.code,
        "position": commitment.position, "title": commitment.title, "quote": commitment.quote,
        "lead_department": commitment.lead_department_id, "kind": commitment.kind,
        "comparator": commitment.comparator, "target_value": commitment.target_value, "unit": commitment.unit,
        "start_date": commitment.start_date, "due_date": commitment.due_date, "is_public": "on",
        "terminal_state": "", "terminal_reason": "", "internal_note": "", "baseline_quote": "",
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
        "progress_reports-TOTAL_FORMS": "0", "progress_reports-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


def test_a_published_target_change_without_a_reason_is_refused(make_commitment, client_admin):
    commitment = make_commitment()
    before = snapshot()

    response = client_admin.post(_url("commitment_change", commitment.pk), _form(commitment, target_value="120"))

    assert response.status_code == 200
    assert "必须填写变更原因" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.target_value == Decimal(103)
    assert snapshot() == before


def test_a_published_target_change_with_a_reason_is_public(make_commitment, client_admin, admin_user):
    commitment = make_commitment()

    response = client_admin.post(
        _url("commitment_change", commitment.pk),
        _form(commitment, target_value="120", change_reason="市政府常务会议调整年度计划"),
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.target_value == Decimal(120)
    entry = HistoryEntry.objects.get(action="commitment.target_changed")
    assert (entry.is_public, entry.actor, entry.reason) == (True, admin_user, "市政府常务会议调整年度计划")


@pytest.mark.parametrize("who", ["client_a", "client_supervisor"])
def test_reporters_and_supervisors_only_read_commitments(who, request, make_commitment):
    commitment = make_commitment()
    client = request.getfixturevalue(who)

    response = client.post(_url("commitment_change", commitment.pk), _form(commitment, title="改名"))

    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.title != "改名"


def test_the_breakdown_round_trip_through_the_admin(make_commitment, client_admin, work_report, dept_b):
    commitment = make_commitment(code="2024-2-1-07")
    exported = client_admin.get(_url("commitment_breakdown_export"), {"report": work_report.pk})
    assert exported["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(exported.content))
    book[spreadsheets.BREAKDOWN_SHEET]["C2"] = "城管局"
    buffer = io.BytesIO()
    book.save(buffer)

    response = client_admin.post(
        _url("commitment_breakdown_import"),
        {"work_report": work_report.pk, "file": files.upload("t.xlsx", buffer.getvalue())},
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.lead_department == dept_b


def test_a_bad_breakdown_shows_every_row_error_and_writes_nothing(make_commitment, client_admin, work_report):
    make_commitment(code="2024-2-1-07")
    book = load_workbook(io.BytesIO(spreadsheets.export_breakdown(work_report=work_report)))
    book[spreadsheets.BREAKDOWN_SHEET]["C2"] = "市不存在局"
    book[spreadsheets.BREAKDOWN_SHEET].append(["2024-9-9-99", "虚构任务"])
    buffer = io.BytesIO()
    book.save(buffer)
    before = snapshot()

    response = client_admin.post(
        _url("commitment_breakdown_import"),
        {"work_report": work_report.pk, "file": files.upload("t.xlsx", buffer.getvalue())},
    )

    page = response.content.decode()
    assert "第2行：牵头单位：责任单位“市不存在局”不存在" in page
    assert "第3行：任务编号“2024-9-9-99”" in page
    assert snapshot() == before
    assert Commitment.objects.get().lead_department.slug == "zjj"
