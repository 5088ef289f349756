"""Commendations in a real browser: HQ computes 令和7年, opens 岐阜中's explanation, drafts a
recommendation and downloads its 上申書; a station officer sees only their own station."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageWatch
from tests.browser.test_dashboard import sign_in
from tests.clients import verified_device
from tests.commendations.data import make_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_2025(org, admin_user):
    return make_year(org, admin_user)


@pytest.fixture
def pdf_ready():
    """WeasyPrint loaded before the click (the live server shares this process): its first
    import takes seconds, which belong to no page."""
    import weasyprint  # noqa: F401


def test_admin_drafts_a_recommendation_from_the_explanation_and_downloads_the_pdf(
    page: Page, page_watch: PageWatch, year_2025, admin_user, pdf_ready
):
    sign_in(page, "admin.hq", verified_device(admin_user))
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="表彰の評価"
    ).click()
    page.get_by_role("link", name="令和7年").click()

    ranking = page.get_by_role("table", name="警察署別 評価点")
    expect(ranking.get_by_role("row").nth(1)).to_contain_text("岐阜中警察署")
    expect(ranking).to_contain_text("76.00")
    ranking.get_by_role("link", name="岐阜中警察署").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("岐阜中警察署 評価の内訳")
    expect(
        page.get_by_role("heading", name="通訳人を帯同した巡回連絡：1件 → 50.00点")
    ).to_be_visible()
    page.get_by_role("link", name="上申を起案").click()

    expect(page.get_by_label("功績概要")).to_contain_text("通訳人を帯同した巡回連絡　1件")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "令和7年 在留外国人等総合対策 功労 岐阜中警察署"
    )
    expect(page.get_by_role("table", name="評価の内訳")).to_contain_text("76.00")

    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("link", name="上申書（PDF）").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []


def test_a_station_officer_sees_only_their_station(page: Page, year_2025, org, officer_gifunaka):
    sign_in(page, "officer.gifunaka")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="表彰の評価"
    ).click()
    page.get_by_role("link", name="令和7年").click()

    ranking = page.get_by_role("table", name="警察署別 評価点")
    expect(ranking).to_contain_text("岐阜中警察署")
    expect(ranking).not_to_contain_text("大垣警察署")
    expect(ranking).not_to_contain_text("可児警察署")
    expect(page.get_by_role("link", name="上申を起案")).to_have_count(0)

    response = page.goto(f"/commendations/scores/2025/stations/{org.ogaki.pk}/")
    assert response.status == 404
