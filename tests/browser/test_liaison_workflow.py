"""A liaison meeting from the officer's form to both partners' pages, in a real browser.

岐阜中署の署員 registers the company's person in charge from the company's page, records
a meeting with the city office and that company (with information received and a
follow-up) and submits it; the station's approver approves it; the meeting then appears
on both organisations' pages. No page may log a console error or a CSP violation.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from gifu_taisaku.core.models import WorkflowStatus
from liaison.models import Contact, LiaisonRecord, OrganisationKind
from tests.browser.conftest import PageWatch
from tests.browser.test_forms_flow import confirm_and_submit
from tests.browser.test_login import fill_login_form
from tests.factories import TEST_PASSWORD
from tests.liaison.factories import OrganisationFactory, liaison_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "技能実習生の生活ルールと防犯に関する三者会議"
CITY = "岐阜市役所 多文化共生担当"
COMPANY = "美濃つばさ縫製株式会社"


@pytest.fixture
def partners(db, org):
    """The 別表 item and the two partners in the directory (tests do not load fixtures)."""
    liaison_measure("B01", "市町村担当部署との連携")
    city = OrganisationFactory(name=CITY, kind=OrganisationKind.MUNICIPAL)
    company = OrganisationFactory(name=COMPANY, kind=OrganisationKind.COMPANY)
    for organisation in (city, company):
        organisation.stations.add(org.gifunaka)
    return city, company


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
    """A field label on its own, with or without the ※必須 mark ("概要", not "入手情報の概要")."""
    return re.compile(rf"^{re.escape(label)}(※必須)?\s*$")


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name=name).click()


def register_company_contact(page: Page) -> None:
    """From the company's page in the directory: 担当者を登録."""
    menu(page, "関係機関・団体")
    page.get_by_role("link", name=COMPANY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMPANY)
    page.get_by_role("link", name="担当者を登録").click()
    expect(page.get_by_label(exactly("関係機関・団体"))).to_have_value(re.compile(r"^\d+$"))
    page.get_by_label(exactly("氏名")).fill("人事 花子")
    page.get_by_label(exactly("役職")).fill("総務課長")
    page.get_by_label(exactly("電話番号")).fill("058-000-0123")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    expect(page.get_by_role("heading", level=1)).to_have_text("人事 花子")


def record_meeting(page: Page) -> None:
    """Fill the new-liaison form as an officer would, finding each field by its label."""
    menu(page, "関係機関との連携")
    expect(page.get_by_role("heading", level=1)).to_have_text("関係機関との連携")
    page.get_by_role("link", name="新規作成").click()
    page.get_by_label("推進方策").select_option(label="B01 市町村担当部署との連携")
    page.get_by_label("連携の種別").select_option(label="会議")
    page.get_by_label(exactly("件名")).fill(TITLE)
    page.get_by_label(exactly("実施日")).fill("2025-06-12")
    page.get_by_label(exactly("場所")).fill("岐阜市役所 会議室")
    page.get_by_label(exactly("関係機関・団体")).select_option(label=[CITY, COMPANY])
    page.get_by_label(exactly("先方の担当者")).select_option(
        label=f"人事 花子（{COMPANY}・総務課長）"
    )
    page.get_by_label(exactly("概要")).fill(
        "市・企業と、技能実習生の生活ルールの周知と自転車盗の防止について協議した。"
    )
    information = page.get_by_role("group", name="受領・提供した情報")
    information.get_by_label(exactly("方向")).first.select_option(label="先方から受領")
    information.get_by_label(exactly("相手方")).first.select_option(label=COMPANY)
    information.get_by_label(exactly("情報の内容")).first.fill("来月ベトナムから12名を受け入れる")
    follow_ups = page.get_by_role("group", name="対応事項と期限")
    follow_ups.get_by_label(exactly("対応事項")).first.fill("入社時の防犯講習の日程調整")
    follow_ups.get_by_label(exactly("期限")).first.fill("2025-07-15")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("保存しました。")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def expect_on_organisation_page(page: Page, name: str) -> None:
    page.get_by_role("region", name="相手方と出席者").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    timeline = page.get_by_role("region", name="これまでの連携・活動", exact=True)
    row = timeline.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("承認済み")
    expect(row).to_contain_text("会議")
    follow_ups = page.get_by_role("region", name="今後の対応", exact=True)
    expect(follow_ups).to_contain_text("入社時の防犯講習の日程調整")
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_officer_records_a_meeting_approver_approves_and_both_partners_show_it(
    confirming_page: Page,
    page_watch: PageWatch,
    partners,
    officer_gifunaka,
    approver_gifunaka,
):
    page = confirming_page

    # The officer registers the company's contact, records the meeting and submits it.
    sign_in(page, "officer.gifunaka")
    register_company_contact(page)
    record_meeting(page)
    expect(page.get_by_role("region", name="相手方と出席者")).to_contain_text("人事 花子")
    confirm_and_submit(page)  # 提出 → 確認 page → この内容で提出する
    expect(page.get_by_role("status")).to_contain_text("承認者に提出しました。")
    sign_out(page)

    # The approver finds it waiting on the home page and approves it.
    sign_in(page, "approver.gifunaka")
    page.get_by_role("region", name="承認待ち").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("button", name="承認", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("承認しました。")
    expect(page.locator(".page-header__meta .status")).to_have_text("承認済み")

    # Both partners' pages now show the meeting in their history.
    expect_on_organisation_page(page, CITY)
    expect_on_organisation_page(page, COMPANY)

    record = LiaisonRecord.objects.get()
    assert (record.status, record.decided_by) == (WorkflowStatus.APPROVED, approver_gifunaka)
    assert {o.name for o in record.organisations.all()} == {CITY, COMPANY}
    assert list(record.contacts.all()) == [Contact.objects.get(name="人事 花子")]
    assert record.information.get().content == "来月ベトナムから12名を受け入れる"
    assert record.follow_ups.get().description == "入社時の防犯講習の日程調整"
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []
