"""Public pages load without a failed request or a console error (a reviewer's browser console stays clean):
no missing stylesheet, script or icon."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/commitments/", "/departments/", "/data/"])
def test_a_public_page_loads_without_a_failed_request(browser, live_server, path):
    # Chromium asks for /favicon.ico on the first page the browser opens (here "/", the first case).
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    failed, errors = [], []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    context.close()

    assert (failed, errors) == ([], [])
