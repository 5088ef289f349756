"""Signing in with a real browser: Japanese page, labelled fields, the user's unit on arrival."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_login_form(page: Page, username: str, password: str) -> None:
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()


def test_officer_is_sent_to_login_then_lands_on_home_with_name_and_unit(
    page: Page, live_server, officer_gifunaka
):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")

    fill_login_form(page, "officer.gifunaka", TEST_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    header = page.get_by_role("banner")
    expect(header).to_contain_text("岐阜中 一郎")
    expect(header).to_contain_text("岐阜中警察署")


def test_wrong_password_shows_japanese_error_and_keeps_username(page: Page, officer_gifunaka):
    page.goto("/accounts/login/")

    fill_login_form(page, "officer.gifunaka", "not-the-password")

    # By name: the page also has the (empty) live region for error messages, which counts as
    # an alert while the new page's stylesheet is not yet applied.
    expect(page.get_by_role("alert", name="入力内容を確認してください")).to_contain_text(
        "正しいユーザー名とパスワードを入力してください"
    )
    expect(page.get_by_label("ユーザー名")).to_have_value("officer.gifunaka")
    expect(page.get_by_label("パスワード")).to_have_value("")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
