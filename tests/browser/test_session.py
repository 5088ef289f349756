"""Session policy in a real browser: the idle-timeout warning, "stay signed in", the OTP step.

The idle timeout is shortened to seconds (settings are shared with the live server's
thread); the dialog's timing is then checked against the wall clock with margins of
over a second either way.
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.helpers import totp_code
from tests.clients import verified_device
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEEPALIVE = "/accounts/session/keepalive/"


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def assert_clean(page_watch) -> None:
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []


def test_warning_appears_and_stay_signed_in_keeps_the_session(
    page: Page, live_server, officer_gifunaka, settings, page_watch
):
    settings.SESSION_COOKIE_AGE = 10
    settings.SESSION_IDLE_WARNING_SECONDS = 7
    sign_in(page, "officer.gifunaka")
    expect(page.get_by_role("banner")).to_contain_text("岐阜中 一郎")
    loaded = time.monotonic()

    dialog = page.get_by_role("dialog", name="まもなく自動的にログアウトします")
    expect(dialog).to_be_visible(timeout=6_000)  # opens 3 s after the page loaded
    expect(dialog.locator("[data-session-remaining]")).to_have_text(re.compile(r"^[1-7]$"))
    with page.expect_response(lambda r: r.url.endswith(KEEPALIVE)) as keepalive:
        dialog.get_by_role("button", name="ログインを続ける").click()
    renewed = time.monotonic()
    assert keepalive.value.status == 204
    expect(dialog).to_be_hidden()

    # Past the end the session had before "stay signed in", within the renewed one.
    time.sleep(max(0.0, loaded + 11.5 - time.monotonic()))
    assert time.monotonic() < renewed + 9, "the machine was too slow for this check"
    expect(dialog).to_be_visible()  # the countdown started again from the renewal
    page.goto("/activities/")
    expect(page).to_have_url(f"{live_server.url}/activities/")
    expect(page.get_by_role("banner")).to_contain_text("岐阜中 一郎")
    assert_clean(page_watch)


def test_ignored_warning_ends_at_the_login_page(
    page: Page, live_server, officer_gifunaka, settings, page_watch
):
    settings.SESSION_COOKIE_AGE = 5
    settings.SESSION_IDLE_WARNING_SECONDS = 3
    sign_in(page, "officer.gifunaka")
    expect(page.get_by_role("dialog")).to_be_visible(timeout=5_000)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"), timeout=8_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    assert_clean(page_watch)


def test_analyst_types_the_code_after_the_password(page: Page, live_server, analyst, page_watch):
    device = verified_device(analyst)
    sign_in(page, "analyst.hq")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/verify/\?next=%2F$"))
    expect(page.get_by_role("navigation", name="メインメニュー")).to_have_count(0)
    page.get_by_role("textbox", name="確認コード").fill(totp_code(device))
    page.get_by_role("button", name="確認").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("navigation", name="メインメニュー")).to_be_visible()
    assert_clean(page_watch)


def test_enrolment_shows_a_qr_code_drawn_locally(page: Page, live_server, analyst, page_watch):
    sign_in(page, "analyst.hq")
    expect(page).to_have_url(re.compile(r"/accounts/mfa/setup/"))
    qr = page.get_by_role("img", name="認証アプリに登録するためのQRコード")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_clean(page_watch)
