"""A training session recorded in a real browser: the attendee search (htmx) keeps what
was ticked, the approver approves, and the unit's coverage counts the attendees."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageWatch
from tests.browser.test_forms_flow import confirm_and_submit
from tests.browser.test_login import fill_login_form
from tests.factories import TEST_PASSWORD
from tests.training.factories import d_measures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "通訳人を交えた職務質問訓練（タガログ語）"
D02 = "D02 通訳人等を交えた外国人に対する職務質問訓練"


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    fill_login_form(page, username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")


@pytest.fixture
def confirming_page(page: Page) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_officer_records_attendance_with_the_search_and_coverage_counts_it(
    confirming_page: Page,
    page_watch: PageWatch,
    officer_gifunaka,
    officer_koban,
    approver_gifunaka,
):
    d_measures()
    page = confirming_page
    sign_in(page, "officer.gifunaka")
    page.goto("/training/new/")
    page.get_by_label("推進方策").select_option(label=D02)
    page.get_by_label("実施日").fill("2025-05-20")
    page.get_by_label("時間（分）").fill("120")
    page.get_by_label("題目").fill(TOPIC)
    page.get_by_label("講師の区分").select_option(label="部内講師")

    attendees = page.get_by_role("group", name="出席者", exact=True)
    attendees.get_by_label("岐阜中 一郎（岐阜中警察署）").check()
    page.get_by_label("名前・所属で絞り込む").fill("駅前")
    expect(attendees.get_by_label("岐阜中 幹部（岐阜中警察署）")).to_have_count(0)
    expect(attendees.get_by_label("岐阜中 一郎（岐阜中警察署）")).to_be_checked()  # kept
    attendees.get_by_label("駅前 二郎（岐阜駅前交番）").check()
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    attended = page.get_by_role("region", name="出席者（2 人）")
    expect(attended).to_contain_text("岐阜中 一郎")
    expect(attended).to_contain_text("駅前 二郎")
    confirm_and_submit(page)  # 提出 → 確認 page → この内容で提出する
    expect(page.get_by_role("status")).to_contain_text("承認者に提出しました。")
    sign_out(page)

    sign_in(page, "approver.gifunaka")
    page.goto("/training/")
    page.get_by_role("link", name=TOPIC).click()
    page.get_by_role("button", name="承認", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("承認しました。")
    page.goto(
        "/training/coverage/?year=2025&basis=calendar&unit="
        + str(officer_gifunaka.primary_membership.unit_id)
    )
    expect(page.get_by_role("heading", name="D02 の未受講者（1 人）")).to_be_visible()
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []
