"""A 予兆 report from the officer's form to the HQ analyst's decision, in a real browser.

岐阜中署の署員 records a report about a nightlife district with the 予兆 box ticked and
submits it; the HQ analyst signs in, finds it at the top of the analysts' queue, opens it
and marks it 確認済 with a note. Every field is found by its label, and no page may log a
console error or a CSP violation.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from gifu_taisaku.core.models import AuditAction, AuditEvent, Notification
from intel.models import AnalystNote, IntelReport
from tests.accounts.helpers import totp_code
from tests.activities.factories import measure
from tests.browser.conftest import PageWatch
from tests.browser.test_activity_workflow import exactly, sign_in, sign_out
from tests.browser.test_forms_flow import confirm_and_submit
from tests.browser.test_login import fill_login_form
from tests.clients import verified_device
from tests.factories import TEST_PASSWORD
from tests.intel.factories import IntelReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "駅南飲食店街での組織的な客引き"
NOTE = "他署の繁華街の報告と照合した。組織犯罪対策課に共有する。"


@pytest.fixture
def catalogue(db):
    """The 別表 items the form offers (tests do not load the fixtures)."""
    measure("C01", "外国人が多く居住する地域")
    measure("C03", "外国人が多く集まる繁華街及び盛り場等")


@pytest.fixture
def waiting_report(org, officer_ogaki):
    """An ordinary report already waiting in the analysts' queue."""
    return IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, status="submitted")


@pytest.fixture
def confirming_page(page: Page) -> Page:
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in_with_code(page: Page, username: str, device) -> None:
    """Password, then the authenticator app's code (HQ analysts must use one)."""
    page.goto("/accounts/login/")
    fill_login_form(page, username, TEST_PASSWORD)
    page.get_by_role("textbox", name="確認コード").fill(totp_code(device))
    page.get_by_role("button", name="確認").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


def record_warning_sign(page: Page) -> None:
    """Fill the new-report form as an officer would, finding each field by its label."""
    page.get_by_label(exactly("区分")).select_option(
        label="C03 外国人が多く集まる繁華街及び盛り場等"
    )
    page.get_by_label(exactly("情報の日付")).fill("2025-06-10")
    page.get_by_label(exactly("件名")).fill(TITLE)
    page.get_by_label(exactly("概要")).fill(
        "特定の者が複数の店舗の客引きを指示している様子がある。"
    )
    page.get_by_label(exactly("詳細")).fill("飲食店の経営者から聞き取った。")
    page.get_by_role("group", name="情報源の評価").get_by_label("2 未検証").check()
    page.get_by_role("group", name="情報の評価").get_by_label("C 伝聞").check()
    page.get_by_role("group", name="保秘区分").get_by_label("取扱注意").check()
    page.get_by_label("予兆").check()
    entities = page.get_by_role("group", name="関係対象（場所・団体・ネットワーク・人物）")
    entities.get_by_label(exactly("新規の種別")).first.select_option(label="場所")
    entities.get_by_label(exactly("新規の名称・氏名")).first.fill("駅南飲食店街")


def test_officer_reports_a_warning_sign_and_the_analyst_confirms_it(
    confirming_page: Page,
    page_watch: PageWatch,
    catalogue,
    waiting_report,
    officer_gifunaka,
    analyst,
):
    page = confirming_page

    # The officer records the report from the menu and submits it.
    sign_in(page, "officer.gifunaka")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="実態把握"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("実態把握")
    page.get_by_role("link", name="新規作成").click()
    record_warning_sign(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    report = IntelReport.objects.get(title=TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"実態把握 第{report.pk}号")
    expect(page.locator(".warning-sign")).to_have_text("予兆")
    confirm_and_submit(page)  # 提出 → 確認 page → この内容で提出する
    expect(page.get_by_role("status")).to_contain_text("承認者に提出しました。")
    sign_out(page)

    # The analysts were alerted, with the report's number and no content.
    notice = Notification.objects.get(recipient=analyst)
    assert notice.text == f"予兆ありの実態把握（実態把握 第{report.pk}号）が提出されました。"

    # The analyst finds it at the top of the queue, reads it and confirms it with a note.
    sign_in_with_code(page, "analyst.hq", verified_device(analyst))
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="実態把握"
    ).click()
    page.get_by_role("link", name="分析待ちの報告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("分析待ちの報告")
    rows = page.get_by_role("region", name="報告の一覧").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(TITLE)
    expect(rows.first).to_contain_text("予兆")
    rows.first.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"実態把握 第{report.pk}号")
    expect(
        page.get_by_text("特定の者が複数の店舗の客引きを指示している様子がある。")
    ).to_be_visible()
    analysis = page.get_by_role("region", name="分析")
    analysis.get_by_label("分析状況").select_option(label="確認済")
    analysis.get_by_label(exactly("分析メモ")).fill(NOTE)
    analysis.get_by_role("button", name="更新").click()
    expect(page.get_by_role("status")).to_contain_text("分析状況を更新しました。")
    expect(page.get_by_role("region", name="報告の内容")).to_contain_text("確認済")
    expect(page.get_by_role("region", name="分析メモ")).to_contain_text(NOTE)
    expect(page).to_have_url(re.compile(rf"/intel/{report.pk}/$"))

    report.refresh_from_db()
    assert report.analyst_status == "confirmed"
    assert AnalystNote.objects.get(report=report).author == analyst
    reads = AuditEvent.objects.filter(action=AuditAction.CONFIDENTIAL_READ, object_id=report.pk)
    assert reads.count() >= 2  # the officer after saving, the analyst opening it
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []
