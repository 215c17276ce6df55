"""The project's own admin pages (the start page's worklist, the monthly compliance page) pass axe-core with
no serious or critical violation: a link inside a list item, next to its badge and explanation, is told
from the text around it by more than colour. Django's own breadcrumbs are left out (their styling is
Django's)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from commitments import figures
from tests.browser.conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-9-Battery"  # the personas' password in tests/conftest.py


@pytest.fixture
def late_work(make_commitment):
    """Overdue tasks (red in the worklist) that owed a report in February 2024 and sent none. Short titles:
    axe judges a link against its surrounding text only where that text is the longer."""
    for title in ("新建口袋公园", "背街小巷亮化"):
        commitment = make_commitment(title=title, due_date=date(2024, 3, 31))
        figures.recompute(commitment, today=timezone.localdate())


def test_the_worklist_and_compliance_pages_have_no_serious_violation(browser, live_server, supervisor, late_work):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci --prefix tests/browser")
    roles.ensure_roles()
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    found = {}
    for url in (reverse("admin:index"), reverse("admin:commitments_progressreport_compliance") + "?month=2024-02"):
        page.goto(live_server.url + url)
        assert page.locator("#content li .tracker-badge + a").count() >= 1  # badged links, as in real use
        result = page.evaluate(
            "async () => await axe.run({exclude: [['.breadcrumbs']]}, {resultTypes: ['violations']})"
        )
        bad = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]  # fmt: skip
        if bad:
            found[url] = bad
    context.close()

    assert found == {}
