"""The issue's "done when", in headless Chromium: a department reports with a photo and an Excel file, the
supervisor approves, and the public page shows the new figure."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Evidence, ProgressReport
from tests import files

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update"]
PASSWORD = "Correct-Horse-9-Battery"  # the personas' password in tests/conftest.py

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The admin's own scripts add inline rows; the manifest storage of production needs collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser(monkeypatch):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test stay synchronous.
    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _log_in(browser, base: str, username: str):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + reverse("admin:index"))
    return page


def test_a_department_reports_with_files_and_the_approval_reaches_the_public(
    transactional_db, live_server, browser, make_commitment, reporter_a, supervisor, tmp_path
):
    commitment = make_commitment(code="2024-2-1-08", title="实施103个老旧小区改造")
    photo, ledger = tmp_path / "现场照片.png", tmp_path / "改造台账.xlsx"
    photo.write_bytes(files.CONTENT["png"]())
    ledger.write_bytes(files.CONTENT["xlsx"]())

    page = _log_in(browser, live_server.url, reporter_a.username)
    page.goto(live_server.url + reverse("admin:commitments_progressreport_add"))
    page.select_option("#id_commitment", str(commitment.pk))
    page.fill("#id_period", "2024-06")
    page.fill("#id_value", "６０个")
    page.fill("#id_narrative", "完成60个小区改造，附现场照片和台账")
    page.set_input_files("#id_evidence-0-file", str(photo))
    page.click(".add-row a")
    page.set_input_files("#id_evidence-1-file", str(ledger))
    page.click("input[name=_submit_report]")
    page.wait_for_url("**/progressreport/")
    report = ProgressReport.objects.get()
    assert (report.state, report.value) == ("submitted", Decimal(60))
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["改造台账.xlsx", "现场照片.png"]

    page = _log_in(browser, live_server.url, supervisor.username)
    page.goto(live_server.url + reverse("admin:commitments_progressreport_change", args=[report.pk]))
    page.click("button[value=approve]")
    page.wait_for_selector("text=已审核通过")

    commitment.refresh_from_db()
    assert commitment.current_value == Decimal(60)
    page.goto(live_server.url + reverse("public:commitment-detail", args=[commitment.code]))
    assert "60" in page.inner_text("body")
