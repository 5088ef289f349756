"""Record forms in a real browser: the 入力 → 確認 → 完了 steps of submitting, and drafts
that outlive the session (static/js/drafts.js).

The session is ended the way the idle timeout ends it for the browser: its cookie is gone
and the next request is sent to the login page.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.activities.factories import ActivityFactory
from tests.browser.conftest import PageWatch
from tests.browser.test_activity_workflow import exactly
from tests.browser.test_login import fill_login_form
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT_PREFIX = "gifu-taisaku:draft:"
TYPED_TITLE = "下書きの件名：外国人児童向け交通安全教室"
TYPED_SUMMARY = "小学校で、ポルトガル語の通訳を交えて横断歩道の渡り方を説明した。"


def sign_in(page: Page, username: str, *, landing: str = "ホーム") -> None:
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    fill_login_form(page, username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(landing)


def confirm_and_submit(page: Page) -> None:
    """提出 on a record's page → the 確認 page (the record read-only, 確認 the current step)
    → 「この内容で提出する」 → back on the record, 提出しました announced, 完了 current."""
    page.get_by_role("button", name="提出", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提出内容の確認")
    expect(page.locator("[aria-current=step]")).to_have_text("2確認")
    page.get_by_role("button", name="この内容で提出する").click()
    expect(page.get_by_role("status")).to_contain_text("提出しました")
    expect(page.locator("[aria-current=step]")).to_have_text("3完了")
    expect(page.locator(".page-header__meta .status")).to_have_text("承認待ち")


def drafts(page: Page) -> dict:
    return page.evaluate(
        "prefix => Object.fromEntries(Object.keys(localStorage)"
        ".filter(k => k.startsWith(prefix)).map(k => [k, localStorage.getItem(k)]))",
        DRAFT_PREFIX,
    )


def wait_for_draft_holding(page: Page, text: str) -> None:
    page.wait_for_function(
        "([prefix, text]) => Object.keys(localStorage).some("
        "k => k.startsWith(prefix) && localStorage.getItem(k).includes(text))",
        arg=[DRAFT_PREFIX, text],
    )


def wait_until_no_drafts(page: Page) -> None:
    """The page after a save removes the draft when its script starts, which may come just
    after the 保存しました message is visible: wait for it (fails on timeout)."""
    page.wait_for_function(
        "prefix => !Object.keys(localStorage).some(k => k.startsWith(prefix))",
        arg=DRAFT_PREFIX,
    )


def test_submit_is_confirmed_on_a_read_only_page_and_can_go_back_to_edit(
    page: Page, page_watch: PageWatch, org, officer_gifunaka
):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    sign_in(page, "officer.gifunaka")
    page.goto(activity.get_absolute_url())

    page.get_by_role("button", name="提出", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提出内容の確認")
    expect(page.get_by_role("list", name="提出までの手順")).to_contain_text("入力")
    expect(page.get_by_role("main")).to_contain_text(activity.title)
    expect(page.get_by_role("main").get_by_role("textbox")).to_have_count(0)
    page.get_by_role("link", name="修正する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("各種警察活動の編集")
    expect(page.locator("[aria-current=step]")).to_have_text("1入力")

    page.goto(activity.get_absolute_url())
    confirm_and_submit(page)
    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert (page_watch.console_errors, page_watch.page_errors) == ([], [])


def test_typed_text_survives_the_end_of_the_session_and_is_restored(
    page: Page, page_watch: PageWatch, org, officer_gifunaka
):
    sign_in(page, "officer.gifunaka")
    page.goto("/activities/new/")
    expect(page.locator("[data-draft-prompt]")).to_be_hidden()
    page.get_by_label(exactly("件名")).fill(TYPED_TITLE)
    page.get_by_label(exactly("実施概要")).fill(TYPED_SUMMARY)
    wait_for_draft_holding(page, TYPED_SUMMARY)
    assert all(key.startswith(f"{DRAFT_PREFIX}{officer_gifunaka.pk}:") for key in drafts(page))

    # The session ends; the next load is the login page, which leads back to the form.
    page.context.clear_cookies(name="sessionid")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    sign_in(page, "officer.gifunaka", landing="各種警察活動の新規作成")

    prompt = page.get_by_role("region", name="前回の入力内容を復元しますか")
    expect(prompt).to_be_visible()
    expect(page.get_by_label(exactly("件名"))).to_have_value("")
    prompt.get_by_role("button", name="復元").click()
    expect(prompt).to_be_hidden()
    expect(page.get_by_label(exactly("件名"))).to_have_value(TYPED_TITLE)
    expect(page.get_by_label(exactly("実施概要"))).to_have_value(TYPED_SUMMARY)
    assert (page_watch.console_errors, page_watch.page_errors) == ([], [])


def test_a_saved_form_and_a_logout_leave_no_draft_and_discard_means_discard(
    page: Page, org, officer_gifunaka
):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    sign_in(page, "officer.gifunaka")
    edit_url = f"{activity.get_absolute_url()}edit/"

    # 破棄 removes the draft: the prompt does not come back.
    page.goto(edit_url)
    page.get_by_label(exactly("件名")).fill("破棄する件名")
    wait_for_draft_holding(page, "破棄する件名")
    page.reload()
    page.get_by_role("button", name="破棄").click()
    expect(page.get_by_label(exactly("件名"))).to_have_value(activity.title)
    assert drafts(page) == {}
    page.reload()
    expect(page.locator("[data-draft-prompt]")).to_be_hidden()

    # A successful save removes the draft of that form.
    page.get_by_label(exactly("件名")).fill("保存する件名")
    wait_for_draft_holding(page, "保存する件名")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    wait_until_no_drafts(page)

    # Logging out removes every draft of the user.
    page.goto(edit_url)
    page.get_by_label(exactly("件名")).fill("ログアウト前の件名")
    wait_for_draft_holding(page, "ログアウト前の件名")
    page.get_by_role("banner").get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ログイン")
    wait_until_no_drafts(page)
