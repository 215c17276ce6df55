"""From the admin to the public site in one browser: what a supervisor changes shows on the public pages at
once, even on a page the same browser loaded a moment before (public pages may be kept for a minute)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from tests.browser.conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-9-Battery"  # the personas' password in tests/conftest.py


@pytest.fixture
def supervisor_page(browser, live_server, supervisor):
    roles.ensure_roles()  # the 督查室 group gets its permissions
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    page.base = live_server.url
    yield page
    context.close()


def test_an_approval_shows_on_a_public_page_the_supervisor_viewed_just_before(
    supervisor_page, make_commitment, make_progress_report
):
    page = supervisor_page
    commitment = make_commitment(title="实施103个老旧小区改造", target_value=Decimal(103), unit="个")
    report = make_progress_report(commitment, state="submitted", period=date(2024, 6, 1), value=Decimal(61))
    public_page = page.base + reverse("public:commitment-detail", args=[commitment.code])

    page.goto(public_page)  # looking at the task before deciding
    assert "61 个" not in page.locator("dl.facts").inner_text()

    page.goto(page.base + reverse("admin:commitments_progressreport_change", args=[report.pk]))
    page.click("button[value=approve]")
    page.wait_for_selector("text=已审核通过")
    page.goto(public_page)  # back to the task, as from a bookmark or the address bar

    assert "61 个" in page.locator("dl.facts").inner_text()
