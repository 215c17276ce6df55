"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# How long a page action may wait for an element or a navigation. Generous: a busy two-core CI machine
# serves the live server slowly, and every wait ends as soon as its element is there.
TIMEOUT_MS = 90_000


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage of production needs collectstatic; the live server serves the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="module")
def allow_orm_beside_playwright():
    # Playwright's sync API keeps an event loop in this thread while the browser lives; the ORM calls of
    # the tests (and the database flush after each) are still plain synchronous code, so Django's guard
    # against async contexts does not apply. Set for the module, as long as the browser lives.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="module")
def browser(allow_orm_beside_playwright):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A page with axe-core loaded before any page script (an init script is not subject to the CSP)."""
    if not AXE.exists():
        # `make test` installs it; in CI a missing axe-core must fail, never pass by skipping.
        message = f"axe-core is not installed: npm ci --prefix {AXE.parents[2].relative_to(Path.cwd())}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.base = live_server.url
    yield page
    context.close()
