"""An activity from the officer's form to the approver's decision, in a real browser.

岐阜中署の署員 records a 巡回連絡 with an interpreter and submits it; the station's
approver returns it with a reason; the officer corrects and resubmits it; the approver
approves it. Every step goes through the pages a user sees (login form, menu, buttons,
labelled fields), and no page may log a console error or a CSP violation.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from activities.models import Activity
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Language
from tests.activities.factories import measure
from tests.browser.conftest import PageWatch
from tests.browser.test_login import fill_login_form
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "駅南地区 通訳人帯同の巡回連絡（ポルトガル語）"
RETURN_REASON = "巡回連絡カードの回収数が記入されていません。記入して再提出してください。"


@pytest.fixture
def home_visit_catalogue(db):
    """The 別表 item and the language the officer picks (tests do not load the fixtures)."""
    measure("A01", "通訳人を帯同した巡回連絡")
    Language.objects.create(code="pt", name="ポルトガル語", sort_order=10)


@pytest.fixture
def confirming_page(page: Page) -> Page:
    """The page answers OK to any confirmation dialog (form[data-confirm]); 提出 has a page."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    fill_login_form(page, username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


def sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")


def exactly(label: str) -> re.Pattern:
    """A field label on its own, with or without the ※必須 mark ("うち外国人", not "…世帯数")."""
    return re.compile(rf"^{re.escape(label)}(※必須)?\s*$")


def record_home_visit(page: Page) -> None:
    """Fill the new-activity form as an officer would, finding each field by its label."""
    page.get_by_label("推進方策").select_option(label="A01 通訳人を帯同した巡回連絡")
    page.get_by_label(exactly("件名")).fill(TITLE)
    page.get_by_label(exactly("実施日")).fill("2025-06-10")
    page.get_by_label(exactly("開始時刻")).fill("13:30")
    page.get_by_label(exactly("終了時刻")).fill("16:00")
    page.get_by_role("group", name="関係部門").get_by_label("地域").check()
    page.get_by_label(exactly("場所")).fill("駅南地区の集合住宅")
    page.get_by_label(exactly("参加者数")).fill("20")
    page.get_by_label(exactly("うち外国人")).fill("16")
    languages = page.get_by_role("group", name="参加者の言語（人数は任意）")
    languages.get_by_label(exactly("言語")).first.select_option(label="ポルトガル語")
    languages.get_by_label(exactly("人数")).first.fill("16")
    page.get_by_label("通訳人の帯同").check()
    page.get_by_label("通訳の種別").select_option(label="部内通訳")
    page.get_by_label(exactly("通訳言語")).select_option(label="ポルトガル語")
    page.get_by_label(exactly("訪問世帯数")).fill("24")
    page.get_by_label(exactly("うち外国人世帯数")).fill("15")
    page.get_by_label(exactly("実施概要")).fill(
        "部内通訳（ポルトガル語）を帯同し、集合住宅を中心に巡回連絡を行った。"
    )


def submit(page: Page) -> None:
    """提出 goes through the 確認 page (入力 → 確認 → 完了)."""
    from tests.browser.test_forms_flow import confirm_and_submit

    confirm_and_submit(page)
    expect(page.get_by_role("status")).to_contain_text("承認者に提出しました。")


def open_from_home(page: Page, section: str) -> None:
    page.get_by_role("region", name=section).get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_officer_records_submits_corrects_and_approver_returns_then_approves(
    confirming_page: Page,
    page_watch: PageWatch,
    home_visit_catalogue,
    officer_gifunaka,
    approver_gifunaka,
):
    page = confirming_page

    # The officer records the visit from the menu and submits it.
    sign_in(page, "officer.gifunaka")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="各種警察活動"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("各種警察活動")
    page.get_by_role("link", name="新規作成").click()
    expect(page.get_by_label("担当所属")).to_have_value(
        str(officer_gifunaka.primary_membership.unit_id)
    )
    record_home_visit(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("あり（部内通訳）")).to_be_visible()
    submit(page)
    sign_out(page)

    # The approver finds it waiting on the home page and returns it with a reason.
    sign_in(page, "approver.gifunaka")
    open_from_home(page, "承認待ち")
    page.get_by_label("差戻し理由").fill(RETURN_REASON)
    page.get_by_role("button", name="差戻し", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("差し戻しました。")
    sign_out(page)

    # The officer sees it returned, reads the reason, corrects it and submits again.
    sign_in(page, "officer.gifunaka")
    open_from_home(page, "差し戻された記録")
    expect(page.locator(".notice--warning")).to_contain_text(RETURN_REASON)
    page.get_by_role("link", name="編集", exact=True).click()
    page.get_by_label(exactly("巡回連絡カード回収数")).fill("12")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    expect(page.get_by_role("region", name="巡回連絡の実績")).to_contain_text("12")
    submit(page)
    sign_out(page)

    # The approver approves the corrected record.
    sign_in(page, "approver.gifunaka")
    open_from_home(page, "承認待ち")
    page.get_by_role("button", name="承認", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("承認しました。")
    expect(page.locator(".page-header__meta .status")).to_have_text("承認済み")

    activity = Activity.objects.get()
    assert (activity.status, activity.decided_by) == (WorkflowStatus.APPROVED, approver_gifunaka)
    assert (activity.households_visited, activity.liaison_cards) == (24, 12)
    assert [lang.code for lang in activity.interpreter_languages.all()] == ["pt"]
    assert activity.audience_languages.get().count == 16
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []
