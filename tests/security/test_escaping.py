"""Every user-editable text field holds ``<script>x</script>"'&``; no public page, feed or admin page shows it
raw, and each shows it escaped (so the field really was rendered). Machine formats keep it as exact data and
are served so that no browser renders them: JSON as application/json, CSV and XLSX as attachments, all with
nosniff; spreadsheet text cells that start with = + - @ are neutralised so nothing runs as a formula.

Identifiers that appear in URLs (commitment code, department slug, section key) are not free text and keep
their plain form.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from commitments import amendments, figures
from commitments.data.demo import png_bytes
from commitments.models import (
    Commitment,
    Department,
    Evidence,
    Milestone,
    ProgressReport,
    Section,
    SupervisionNotice,
    WorkReport,
)

P = "<script>x</script>\"'&"
RAW = "<script>x</script>"
ESCAPED = "&lt;script&gt;x&lt;/script&gt;"
FORMULAS = {"title": '=HYPERLINK("http://x.example","x")', "unit": "+1", "quote": "-2+3", "baseline_quote": "@SUM(1)"}
SPREADSHEET_DANGER = ("=", "+", "-", "@")
TODAY = date(2024, 7, 15)


def aware(*ymd: int) -> datetime:
    return datetime(*ymd, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def hostile(db, admin_user, reporter_a, supervisor):
    """A report whose every free-text field, in every model, carries the payload."""
    for user in (reporter_a, admin_user):
        user.first_name, user.last_name = P, P
        user.save()
    dept = Department.objects.create(name=f"{P}住建局", short_name=f"{P}简", slug="evil", email="x@example.org")
    dept.members.add(reporter_a)
    report = WorkReport.objects.create(year=2024, issuer=f"{P}机关", title=f"{P}报告", notes=f"{P}说明", source_text=P)
    section = Section.objects.create(work_report=report, key="2", number="二、", heading=f"{P}章节", level=1)
    common = {
        "work_report": report,
        "section": section,
        "lead_department": dept,
        "start_date": date(2024, 1, 1),
        "due_date": date(2024, 12, 31),
        "is_public": True,
        "kind": "count",
        "target_value": Decimal(100),
    }
    c = Commitment.objects.create(
        code="2024-1", title=f"{P}任务", quote=f"{P}原文", unit=P, baseline_quote=f"{P}基数",
        internal_note=f"{P}内部", **common,
    )  # fmt: skip
    c.supporting_departments.add(dept)
    formula = Commitment.objects.create(code="2024-2", **FORMULAS, **common)
    Commitment.objects.create(
        code="2024-3", title=f"{P}暂缓", quote=P, unit="个", terminal_state="suspended",
        terminal_reason=f"{P}暂缓原因", **common,
    )  # fmt: skip
    milestone = Milestone.objects.create(commitment=c, title=f"{P}节点", due_date=date(2024, 6, 30))
    approved = ProgressReport.objects.create(
        commitment=c, period=date(2024, 6, 1), value=Decimal(40), narrative=f"{P}进展", state="approved",
        submitted_by=reporter_a, submitted_at=aware(2024, 6, 20), reviewed_by=supervisor,
        reviewed_at=aware(2024, 6, 21),
        review_note=f"{P}审核", verified=True, verified_by=supervisor, verification_note=f"{P}核实",
    )  # fmt: skip
    ProgressReport.objects.create(
        commitment=formula, period=date(2024, 6, 1), value=Decimal(5), narrative="=1+1", state="approved",
        submitted_at=aware(2024, 6, 2), reviewed_at=aware(2024, 6, 3),
    )  # fmt: skip
    ProgressReport.objects.create(
        commitment=c, period=date(2024, 7, 1), value=Decimal(50), narrative=f"{P}退回", state="returned",
        review_note=f"{P}退回原因",
    )  # fmt: skip
    Evidence.objects.create(
        progress_report=approved, file=ContentFile(png_bytes(seed=9), name="e.png"), original_name=f"{P}.png",
        content_type="image/png", size=10, sha256=hashlib.sha256(b"x").hexdigest(), is_public=True,
    )  # fmt: skip
    SupervisionNotice.objects.create(
        commitment=c, department=dept, reason=f"{P}督办", response_due=date(2024, 7, 31), state="responded",
        response=f"{P}答复", issued_by=supervisor,
    )  # fmt: skip
    amendments.change_target(c, by=admin_user, reason=f"{P}原因", unit=f"{P}新")
    for each in Commitment.objects.all():
        figures.recompute(each, today=TODAY)
    c.refresh_from_db()
    return {"report": report, "commitment": c, "dept": dept, "section": section, "milestone": milestone}


def _public_pages(h) -> list[str]:
    report, c = h["report"], h["commitment"]
    return [
        reverse("public:home"),
        reverse("public:commitment-list"),
        reverse("public:commitment-list") + f"?report={report.pk}&department={h['dept'].pk}",
        reverse("public:commitment-detail", args=[c.code]),
        reverse("public:commitment-detail", args=["2024-3"]),
        reverse("public:department-list"),
        reverse("public:department-detail", args=[h["dept"].slug]),
        reverse("public:section-detail", args=[report.pk, h["section"].key]),
        reverse("public:open-data"),
    ]


def test_no_public_page_shows_the_payload_raw(client, hostile):
    for url in _public_pages(hostile):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert RAW not in html, url
        assert ESCAPED in html, f"{url}: the payload is not on the page at all, so the test proves nothing"


def test_the_commitment_page_shows_each_field_escaped(client, hostile):
    html = client.get(reverse("public:commitment-detail", args=[hostile["commitment"].code])).content.decode()
    for suffix in ("任务", "原文", "节点", "进展", "原因", "住建局"):
        assert f"{ESCAPED}&quot;&#x27;&amp;{suffix}" in html, suffix
    assert "内部" not in html  # the internal note never reaches the public


@pytest.mark.parametrize("name", ["public:feed", "public:report-feed"])
def test_feeds_never_carry_the_payload_as_markup(client, hostile, name):
    args = [hostile["report"].pk] if name == "public:report-feed" else []
    response = client.get(reverse(name, args=args))
    body = response.content.decode()
    assert response.status_code == 200 and RAW not in body
    assert "&lt;script&gt;" in body or "&amp;lt;script&amp;gt;" in body


def _api_urls(h) -> list[str]:
    names = ["commitment-list", "milestone-list", "update-list", "department-list", "section-list", "report-list",
             "summary"]  # fmt: skip
    urls = [reverse(f"public:api:{n}") for n in names]
    urls.append(reverse("public:api:commitment-detail", args=[h["commitment"].code]))
    urls.append(reverse("public:api:department-detail", args=[h["dept"].slug]))
    return urls


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_the_api_serves_the_payload_as_exact_json_data_that_no_browser_renders(client, hostile):
    seen = 0
    for url in _api_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        seen += sum(P in s for s in _strings(json.loads(response.content)))  # exact, unaltered data
    assert seen > 0


def _download(client, name: str):
    response = client.get(reverse(f"public:{name}"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    return response


@pytest.mark.parametrize("name", ["commitments-csv", "updates-csv"])
def test_csv_exports_keep_the_payload_as_data_and_neutralise_formulas(client, hostile, name):
    response = _download(client, name)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith(P) for cell in cells)
    assert not [cell for cell in cells if cell.startswith(SPREADSHEET_DANGER)]
    assert any(cell.startswith("'=") for cell in cells)


def _workbook_cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_safe_workbook(content: bytes) -> list[str]:
    """No cell of the workbook is a formula: text starting with = + - @ is stored typed as text, which a
    spreadsheet shows and never evaluates. The formula-like title of the fixture must be among the text."""
    cells = list(_workbook_cells(content))
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell was written as a formula"
    text = [c.value for c in cells if isinstance(c.value, str)]
    assert any(v.lstrip("'") == FORMULAS["title"] for v in text), "the formula-like title is missing"
    return text


def test_the_xlsx_export_keeps_the_payload_as_data_and_neutralises_formulas(client, hostile):
    text = _assert_safe_workbook(_download(client, "commitments-xlsx").content)
    assert any(v.startswith(P) for v in text)
    # The open-data workbook also marks them visibly, as the CSV does, so copy-paste stays harmless.
    assert not [v for v in text if v.startswith(SPREADSHEET_DANGER)]


# --- Admin ---------------------------------------------------------------------------------------------------


def _admin_urls(h) -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    objects = [h["commitment"], h["milestone"], h["dept"], h["report"], h["section"],
               *ProgressReport.objects.all(), *SupervisionNotice.objects.all(), *Evidence.objects.all()]  # fmt: skip
    for obj in objects:
        info = (obj._meta.app_label, obj._meta.model_name)
        urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        with contextlib.suppress(NoReverseMatch):  # models without simple-history have no history page
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    for name in ("commitments_progressreport_compliance",):
        urls.append(reverse(f"admin:{name}"))
    return urls


def test_no_admin_page_shows_the_payload_raw(client, hostile, admin_user):
    client.force_login(admin_user)
    shown = 0
    for url in _admin_urls(hostile):
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert RAW not in html, url
        shown += ESCAPED in html
    assert shown >= 10


def test_the_admin_changelists_show_the_payload_escaped(client, hostile, admin_user):
    client.force_login(admin_user)
    for model in (Commitment, Milestone, ProgressReport, SupervisionNotice, Department):
        html = client.get(reverse(f"admin:commitments_{model._meta.model_name}_changelist")).content.decode()
        assert ESCAPED in html, model


def test_the_admin_breakdown_workbook_neutralises_formulas(client, hostile, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:commitments_commitment_breakdown_export") + f"?report={hostile['report'].pk}"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = _assert_safe_workbook(response.content)
    assert any(v.startswith(P) for v in text)


def test_the_department_progress_template_neutralises_formulas(client, hostile, reporter_a):
    from accounts import roles

    reporter_a.groups.add(roles.ensure_roles()[roles.REPORTERS])
    client.force_login(reporter_a)
    response = client.get(reverse("admin:commitments_progressreport_template"))
    assert response.status_code == 200
    _assert_safe_workbook(response.content)
