"""Every admin URL and action reporter_b (城管局) could reach, aimed at dept_a's (住建局) work:
403 or 404 or an empty list, and the database unchanged."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments import spreadsheets
from commitments.models import ProgressReport
from tests import files
from tests.admin.conftest import snapshot

DENIED = (403, 404)


def _url(name: str, *args) -> str:
    return reverse(f"admin:commitments_{name}", args=args)


def _history_id(obj) -> int:
    return obj.history.latest("history_date").history_id


@pytest.fixture
def work(dept_a_work, make_commitment, dept_b, reporter_b):
    make_commitment(code="2024-2-1-72", title="城管局自己的任务", lead_department=dept_b)
    return dept_a_work


GETS = {
    "commitment change": lambda w: _url("commitment_change", w["commitment"].pk),
    "commitment history": lambda w: _url("commitment_history", w["commitment"].pk),
    "commitment old version": lambda w: _url(
        "commitment_simple_history", w["commitment"].pk, _history_id(w["commitment"])
    ),
    "milestone change": lambda w: _url("milestone_change", w["milestone"].pk),
    "milestone history": lambda w: _url("milestone_history", w["milestone"].pk),
    "report change": lambda w: _url("progressreport_change", w["draft"].pk),
    "report delete": lambda w: _url("progressreport_delete", w["draft"].pk),
    "report history": lambda w: _url("progressreport_history", w["draft"].pk),
    "report old version": lambda w: _url("progressreport_simple_history", w["draft"].pk, _history_id(w["draft"])),
    "evidence change": lambda w: _url("evidence_change", w["evidence"].pk),
    "evidence delete": lambda w: _url("evidence_delete", w["evidence"].pk),
    "evidence history": lambda w: _url("evidence_history", w["evidence"].pk),
    "evidence download": lambda w: _url("evidence_download", w["evidence"].pk),
    "notice change": lambda w: _url("supervisionnotice_change", w["notice"].pk),
    "notice history": lambda w: _url("supervisionnotice_history", w["notice"].pk),
    "notice add": lambda w: _url("supervisionnotice_add"),
    "department change": lambda w: _url("department_change", w["commitment"].lead_department_id),
    "compliance": lambda w: _url("progressreport_compliance"),
    "breakdown export": lambda w: _url("commitment_breakdown_export"),
    "breakdown import": lambda w: _url("commitment_breakdown_import"),
}


@pytest.mark.parametrize("endpoint", GETS)
def test_reporter_b_cannot_open_dept_a_pages(endpoint, work, client_b):
    before = snapshot()

    response = client_b.get(GETS[endpoint](work))

    assert response.status_code in DENIED
    assert "住建局保密任务".encode() not in response.content
    assert snapshot() == before


POSTS = {
    "report change": lambda w: (_url("progressreport_change", w["draft"].pk), {"narrative": "改掉", "value": "1"}),
    "report delete": lambda w: (_url("progressreport_delete", w["draft"].pk), {"post": "yes"}),
    "report revert": lambda w: (
        _url("progressreport_simple_history", w["draft"].pk, _history_id(w["draft"])),
        {"narrative": "回滚", "period": "2024-05", "commitment": w["commitment"].pk},
    ),
    "report review": lambda w: (_url("progressreport_review", w["submitted"].pk), {"decision": "approve"}),
    "report return": lambda w: (_url("progressreport_review", w["submitted"].pk), {"decision": "return", "note": "x"}),
    "report verify": lambda w: (_url("progressreport_verify", w["approved"].pk), {"note": "核实"}),
    "evidence delete": lambda w: (_url("evidence_delete", w["evidence"].pk), {"post": "yes"}),
    "notice respond": lambda w: (_url("supervisionnotice_change", w["notice"].pk), {"response": "代答"}),
    "notice close": lambda w: (_url("supervisionnotice_close", w["notice"].pk), {"note": "办结"}),
    "notice confirm": lambda w: (_url("supervisionnotice_confirm", w["notice"].pk), {"response_due": "2030-01-01"}),
    "notice add": lambda w: (
        _url("supervisionnotice_add"),
        {"commitment": w["commitment"].pk, "reason": "越权督办", "response_due": "2030-01-01"},
    ),
    "commitment change": lambda w: (_url("commitment_change", w["commitment"].pk), {"title": "改名"}),
}


@pytest.mark.parametrize("endpoint", POSTS)
def test_reporter_b_cannot_change_dept_a_work(endpoint, work, client_b):
    url, data = POSTS[endpoint](work)
    before = snapshot()

    response = client_b.post(url, data)

    assert response.status_code in DENIED
    assert snapshot() == before


@pytest.mark.parametrize("model", ["commitment", "progressreport", "evidence", "supervisionnotice", "milestone"])
def test_reporter_b_lists_none_of_dept_a_rows(model, work, client_b):
    response = client_b.get(_url(f"{model}_changelist"))

    assert response.status_code in (200, 403)
    assert "住建局" not in response.content.decode().split('id="changelist"')[-1]


AUTOCOMPLETE = {
    ("progressreport", "commitment"): lambda w: {w["commitment"].pk},
    ("supervisionnotice", "commitment"): lambda w: {w["commitment"].pk},
    ("milestone", "commitment"): lambda w: {w["commitment"].pk},
    ("progressreport", "milestone"): lambda w: {w["milestone"].pk},
    ("evidence", "report"): lambda w: {w["draft"].pk, w["submitted"].pk, w["approved"].pk},
}


@pytest.mark.parametrize("source", AUTOCOMPLETE)
def test_autocomplete_offers_reporter_b_nothing_of_dept_a(source, work, client_b):
    model_name, field_name = source
    query = {"app_label": "commitments", "model_name": model_name, "field_name": field_name, "term": ""}

    response = client_b.get(reverse("admin:autocomplete"), query)

    if response.status_code == 200:
        offered = {int(r["id"]) for r in json.loads(response.content)["results"]}
        assert not offered & AUTOCOMPLETE[source](work)
    else:
        assert response.status_code in DENIED


def test_reporter_b_cannot_add_a_report_on_dept_a_commitment(work, client_b):
    before = snapshot()

    response = client_b.post(
        _url("progressreport_add"),
        {"commitment": work["commitment"].pk, "period": "2024-06", "value": "5", "narrative": "越权填报",
         "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "只能填报本单位牵头的任务" in response.content.decode()
    assert snapshot() == before


def test_reporter_b_cannot_approve_through_the_changelist_action(work, client_b):
    before = snapshot()

    client_b.post(
        _url("progressreport_changelist"), {"action": "approve_selected", "_selected_action": [work["submitted"].pk]}
    )

    assert ProgressReport.objects.get(pk=work["submitted"].pk).state == "submitted"
    assert snapshot() == before


def test_reporter_a_cannot_approve_their_own_report_either(work, client_a):
    before = snapshot()

    client_a.post(
        _url("progressreport_changelist"), {"action": "approve_selected", "_selected_action": [work["submitted"].pk]}
    )
    response = client_a.post(_url("progressreport_review", work["submitted"].pk), {"decision": "approve"})

    assert response.status_code == 403
    assert snapshot() == before


def test_reporter_b_template_export_holds_only_their_own_tasks(work, client_b):
    response = client_b.get(_url("progressreport_template"))

    book = load_workbook(io.BytesIO(response.content))
    codes = [row[0] for row in book["进展填报"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["2024-2-1-72"]


def test_reporter_b_import_of_dept_a_task_writes_nothing(work, client_b, reporter_a):
    book = load_workbook(io.BytesIO(spreadsheets.progress_template(user=reporter_a, today=date(2024, 6, 28))))
    sheet = book["进展填报"]
    sheet["F2"], sheet["G2"], sheet["J2"] = "2024-06", 99, "越权导入"
    buffer = io.BytesIO()
    book.save(buffer)
    before = snapshot()

    response = client_b.post(_url("progressreport_import"), {"file": files.upload("t.xlsx", buffer.getvalue())})

    assert "不是本单位可以填报的任务" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["progressreport_changelist", "progressreport_template", "commitment_changelist", "evidence_changelist"]
)
def test_the_public_is_sent_to_the_login_page(name, work, client):
    response = client.get(_url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_public_cannot_download_evidence(work, client):
    response = client.get(_url("evidence_download", work["evidence"].pk))

    assert response.status_code == 302
    assert b"%PDF" not in response.content
