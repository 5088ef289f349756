"""Playwright against pytest-django's live server, in Debian's Chromium.

Playwright's own browser download is not used (it cannot be fetched here): the
browser is /usr/bin/chromium from the Debian package. When CI=true a browser that
does not start fails the run; elsewhere a missing /usr/bin/chromium skips these tests.

The browser is module-scoped on purpose. Playwright's sync API keeps an asyncio loop
running in the main thread while it is started, which makes Django refuse database
calls (hence DJANGO_ALLOW_ASYNC_UNSAFE) and breaks async_to_sync; stopping it after
each module keeps that out of the rest of the suite.

Every page is guarded: requests to any host but the live server's 127.0.0.1 are
aborted and recorded, and console errors (CSP violations among them) and uncaught
exceptions are collected, so a test can assert that none happened.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route, sync_playwright

# Read by pytest-django's live_server: serve on 127.0.0.1, the only host pages may reach.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
# We run as root in CI, where Chromium's sandbox cannot start; nothing here may phone home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven through Playwright's sync API."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} がありません（Debian の chromium パッケージを入れてください）"
        if in_ci():
            pytest.fail(f"CI では必須: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            pytest.fail(f"Chromium を起動できません: {error.message}")
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What a page did that a test may want to forbid."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            # Chromium's text for a failed load omits the URL; the location carries it.
            self.console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    def on_request(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in {"http", "https"} and url.hostname == LOCAL_HOST:
            route.continue_()
        else:
            self.blocked_requests.append(route.request.url)
            route.abort("blockedbyclient")


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Browser, live_server, page_watch: PageWatch) -> Iterator[Page]:
    """A fresh page (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    context.set_default_timeout(10_000)
    context.route("**/*", page_watch.on_request)
    page = context.new_page()
    page.on("console", page_watch.on_console)
    page.on("pageerror", lambda error: page_watch.page_errors.append(str(error)))
    yield page
    context.close()
