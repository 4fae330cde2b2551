"""Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import chromium_path, require_service

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require_service(
        path is not None and os.path.exists(path),
        "Chromium",
        "install it with `apt-get install chromium` (or set CHROMIUM_PATH)",
    )
    # Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
    # around it are still synchronous, so tell Django that is intended.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def page(request, browser):
    context = browser.new_context(viewport=request.param, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}-{name}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, locale="fi-FI", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _serve_static_files(settings):
    """The live server serves static files from the finders, so pages get their CSS and JS
    under their plain names (the hashed manifest names exist only after collectstatic)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
