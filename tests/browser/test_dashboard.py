"""The dashboard in a real browser: charts (SVG) and tables for the viewer's scope only."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.helpers import totp_code
from tests.browser.conftest import PageWatch
from tests.browser.test_login import fill_login_form
from tests.clients import verified_device
from tests.factories import TEST_PASSWORD
from tests.reports.data import make_year_2025

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARD = "/reports/dashboard/?basis=calendar&year=2025&unit="


@pytest.fixture
def year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki):
    return make_year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki)


def sign_in(page: Page, username: str, device=None) -> None:
    """Password, then (for HQ, who must use an authenticator app) the one-time code."""
    page.goto("/accounts/login/")
    fill_login_form(page, username, TEST_PASSWORD)
    if device is not None:
        page.get_by_role("textbox", name="確認コード").fill(totp_code(device))
        page.get_by_role("button", name="確認").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


def svg_charts(page: Page):
    return page.locator('figure.chart img[src^="data:image/svg+xml"]')


def test_admin_sees_the_prefectures_charts_and_tables(
    page: Page, page_watch: PageWatch, year_2025, admin_user
):
    sign_in(page, "admin.hq", verified_device(admin_user))
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="ダッシュボード"
    ).click()
    page.goto(DASHBOARD)

    expect(page.get_by_role("heading", level=1)).to_contain_text("ダッシュボード")
    expect(svg_charts(page).first).to_be_visible()
    assert svg_charts(page).count() >= 6
    assert all(
        page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())
        for img in svg_charts(page).all()
    ), "every SVG chart loads as an image"
    stations = page.get_by_role("table", name="所属別・推進方策別 実施件数")
    for name in ("岐阜中", "大垣", "可児"):
        expect(stations).to_contain_text(name)
    expect(page.locator("#completeness")).to_contain_text("3 件")
    page.wait_for_load_state("networkidle")
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []


def test_station_officer_sees_only_their_station(
    page: Page, page_watch: PageWatch, year_2025, officer_gifunaka
):
    sign_in(page, "officer.gifunaka")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="ダッシュボード"
    ).click()
    page.get_by_label("年・年度").select_option("2025")
    page.get_by_role("button", name="検索").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("岐阜中警察署")
    expect(svg_charts(page).first).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("table", name="所属別・推進方策別 実施件数")).to_contain_text("岐阜中")
    expect(main).not_to_contain_text("大垣警察署")
    expect(main).not_to_contain_text("可児警察署")
    expect(page.get_by_label("対象").locator("option")).to_have_count(1)
    assert page_watch.console_errors == []
