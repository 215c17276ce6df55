"""An administrator imports a work report in the browser and reviews it (issue 15): the job page shows progress
while the import waits for its worker and turns into the result when it has run; the review page highlights each
quote in its paragraph, takes an edited figure, accepts the checked row, and the task stays off the public site."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.importers.tasks import run_import
from commitments.models import Commitment, HistoryEntry, ImportJob
from tests.browser.conftest import AXE, TIMEOUT_MS
from tests.importers.conftest import SMALL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-9-Battery"  # the personas' password in tests/conftest.py


@pytest.fixture
def admin_page(browser, live_server, admin_user):
    if not AXE.exists():
        # `make test` installs it; in CI a missing axe-core must fail, never pass by skipping.
        message = "axe-core is not installed: npm ci --prefix tests/browser (make axe)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1000})
    context.add_init_script(path=str(AXE))  # an init script is not subject to the CSP
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.base = live_server.url
    yield page
    context.close()


def test_an_administrator_uploads_watches_the_import_and_accepts_a_corrected_target(admin_page, tmp_path):
    page = admin_page
    report_file = tmp_path / "report.txt"
    report_file.write_text(SMALL, encoding="utf-8")

    page.goto(page.base + reverse("admin:commitments_importjob_add"))
    page.set_input_files("#id_source", str(report_file))
    page.fill("#id_year", "2025")
    page.fill("#id_issuer", "某某市人民政府")
    page.click("input[name=_save]")

    # The task is queued to Redis and no worker runs here: the job page shows the import as running.
    page.wait_for_selector("#import-running progress")
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.PENDING
    run_import(job.pk)  # the worker's turn, in this process
    # The page asks for the job's state every second and reloads when the import is done.
    page.wait_for_selector("#review-link")
    assert page.locator("#import-running").count() == 0

    page.click("#review-link")
    page.wait_for_selector("#review-form")
    row = page.locator("#row-2025-2-1-01")
    assert row.locator("mark").inner_text() == "新增停车位1000个"
    assert "大力推进城市更新。" in row.locator(".review-quote").inner_text()
    assert "基数取自上文第 3 段" in row.locator(".review-warnings").inner_text()
    result = page.evaluate("async () => await axe.run({exclude: [['.breadcrumbs']]}, {resultTypes: ['violations']})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []  # every field has a label naming its row; the highlight keeps its contrast

    parking = Commitment.objects.get(code="2025-2-1-01")
    row.locator(f"#id_c{parking.pk}-target_value").fill("1200")
    row.locator(f"#id_c{parking.pk}-accept").check()
    page.click("input[name=accept-selected]")
    page.wait_for_selector("text=已接受 1 项任务")

    assert page.locator("#row-2025-2-1-01 .review-accepted").inner_text() == "已接受"
    parking.refresh_from_db()
    assert (parking.target_value, parking.is_public) == (Decimal(1200), False)
    assert HistoryEntry.objects.filter(action="commitment.import_accepted", commitment=parking).count() == 1
    response = page.request.get(page.base + reverse("public:commitment-detail", args=[parking.code]))
    assert response.status == 404  # accepted, not yet published
