"""The home page in a real browser: no console errors, no CSP violations, nothing off-host."""

import pytest
from playwright.sync_api import Error, Page, expect

from tests.browser.conftest import PageWatch
from tests.browser.test_login import fill_login_form
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(page: Page, officer_gifunaka) -> Page:
    page.goto("/accounts/login/")
    fill_login_form(page, "officer.gifunaka", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")
    return page


def test_home_page_has_no_console_errors_csp_violations_or_outside_requests(
    signed_in_page: Page, page_watch: PageWatch
):
    """The watch has run since the login page opened, so it covers both pages."""
    page = signed_in_page
    page.wait_for_load_state("networkidle")

    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []


# The two tests below prove that the checks above can fail.


def test_an_injected_inline_script_is_refused_and_seen_on_the_console(
    signed_in_page: Page, page_watch: PageWatch
):
    page = signed_in_page
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.head.append(script);
            }"""
        )

    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in text for text in page_watch.console_errors)


def test_a_request_to_another_host_is_aborted_and_recorded(page: Page, page_watch: PageWatch):
    with pytest.raises(Error, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://example.invalid/")

    assert page_watch.blocked_requests == ["http://example.invalid/"]
