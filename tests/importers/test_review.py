"""The review page of an imported report (issue 15): quotes highlighted in their paragraphs, warnings beside their
rows, figures edited in place, one action accepting the checked rows; nothing public until published; reachable
by administrators only (a department reporter or a supervisor gets 403, the public the login page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.importers import loader
from commitments.importers.review import ACCEPTED
from commitments.importers.work_report import parse_report
from commitments.models import Commitment, HistoryEntry, ImportJob


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def imported(db, small_text, admin_user):
    summary = loader.load(
        parse_report(small_text, year=2025),
        issuer="某某市人民政府",
        source_text=small_text,
        today=timezone.localdate(),
        by=admin_user,
    )
    return summary.work_report_id


def url(work_report_id: int) -> str:
    return reverse("admin:commitments_importjob_review", args=[work_report_id])


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_row(client, work_report_id, commitment, *, accept=True, **changes):
    c = commitment
    fields = {
        "title": c.title,
        "target_value": f"{c.target_value.normalize():f}" if c.target_value is not None else "",
        "unit": c.unit,
        "comparator": c.comparator,
        "kind": c.kind,
        "baseline_value": f"{c.baseline_value.normalize():f}" if c.baseline_value is not None else "",
        **changes,
    }
    data = {f"c{c.pk}-{k}": v for k, v in fields.items()}
    if accept:
        data[f"c{c.pk}-accept"] = "on"
    return client.post(url(work_report_id), data)


def test_each_draft_is_shown_with_its_quote_highlighted_in_its_paragraph(imported, admin_user):
    page = client_of(admin_user).get(url(imported)).content.decode()

    assert "大力推进城市更新。<mark>新增停车位1000个</mark>，实施60个老旧小区改造" in page
    assert 'name="c' in page and "接受所选任务" in page


def test_the_importers_warnings_stand_beside_the_rows_they_concern(imported, admin_user):
    page = client_of(admin_user).get(url(imported)).content.decode()
    row = page.split('id="row-2025-2-1-01"')[1].split("</tr>")[0]

    assert "基数取自上文第 3 段" in row and "新增停车位800个" in row


def test_accepting_saves_the_checked_rows_edits_only_and_publishes_nothing(imported, admin_user, client):
    parking = Commitment.objects.get(code="2025-2-1-01")
    other = Commitment.objects.get(code="2025-2-1-02")
    admin = client_of(admin_user)
    data = {}
    for c, accept, changes in [
        (parking, True, {"target_value": "１２００", "unit": "个"}),
        (other, False, {"unit": "处"}),
    ]:
        data |= {
            f"c{c.pk}-{k}": v
            for k, v in {
                "title": c.title,
                "target_value": changes.get("target_value", f"{c.target_value.normalize():f}"),
                "unit": changes["unit"],
                "comparator": c.comparator,
                "kind": c.kind,
                "baseline_value": "",
            }.items()
        }
        if accept:
            data[f"c{c.pk}-accept"] = "on"

    response = admin.post(url(imported), data)

    assert response.status_code == 302
    parking.refresh_from_db()
    other.refresh_from_db()
    assert (parking.target_value, parking.baseline_value, parking.is_public) == (Decimal(1200), None, False)
    assert other.unit == "个"  # not checked: its edit is not saved
    entry = HistoryEntry.objects.get(action=ACCEPTED, commitment=parking)
    assert entry.data["target_value"] == ["1000", "1200"] and entry.actor == admin_user
    assert not HistoryEntry.objects.filter(action=ACCEPTED, commitment=other).exists()
    assert "已接受" in admin.get(url(imported)).content.decode()
    detail = client.get(reverse("public:commitment-detail", args=[parking.code]))
    assert detail.status_code == 404  # accepted, not published


def test_a_checked_row_with_a_wrong_figure_saves_nothing_and_says_why(imported, admin_user, row_counts):
    parking = Commitment.objects.get(code="2025-2-1-01")
    admin = client_of(admin_user)  # logging in writes its own audit entry
    before = row_counts()

    response = post_row(admin, imported, parking, target_value="一千二")

    assert response.status_code == 200
    assert "请填写数字" in response.content.decode()
    parking.refresh_from_db()
    assert parking.target_value == Decimal(1000)
    assert row_counts() == before


def test_a_quantified_row_needs_a_target_value(imported, admin_user):
    parking = Commitment.objects.get(code="2025-2-1-01")

    response = post_row(client_of(admin_user), imported, parking, target_value="")

    assert "量化任务必须填写目标值" in response.content.decode()
    assert not HistoryEntry.objects.filter(action=ACCEPTED).exists()


@pytest.mark.parametrize("persona", ["reporter_a", "supervisor"])
def test_the_review_page_is_for_administrators_only(persona, request, imported):
    user = request.getfixturevalue(persona)
    parking = Commitment.objects.get(code="2025-2-1-01")
    client = client_of(user)

    job = ImportJob.objects.create(year=2025, issuer="某某市人民政府", work_report_id=imported)
    assert client.get(url(imported)).status_code == 403
    assert post_row(client, imported, parking, target_value="1").status_code == 403
    assert client.get(reverse("admin:commitments_importjob_state", args=[job.pk])).status_code == 403
    parking.refresh_from_db()
    assert parking.target_value == Decimal(1000)


def test_the_public_is_sent_to_the_login_page(imported, client):
    response = client.get(url(imported))

    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_the_job_page_links_to_the_review_and_reports_its_state_while_running(imported, admin_user):
    job = ImportJob.objects.create(year=2025, issuer="某某市人民政府", created_by=admin_user, work_report_id=imported)
    admin = client_of(admin_user)

    page = admin.get(reverse("admin:commitments_importjob_change", args=[job.pk])).content.decode()
    state = admin.get(reverse("admin:commitments_importjob_state", args=[job.pk])).json()

    assert 'id="import-running"' in page and "import-progress.js" in page
    assert state == {"state": "pending", "running": True}
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE)
    page = admin.get(reverse("admin:commitments_importjob_change", args=[job.pk])).content.decode()
    assert 'id="import-running"' not in page and url(imported) in page
