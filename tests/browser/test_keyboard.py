"""Create, submit and approve an activity with the keyboard alone.

No clicks and no `fill`: the test moves with Tab (and Shift+Tab), reads where focus is
(document.activeElement), types into the control it has reached, and presses Enter or
Space. At every Tab stop the focused element must show its focus ring. A save with
errors must put focus on the error summary, and Enter on a summary entry must put focus
on that field.

The submit flow may have a 確認 page (入力 → 確認 → 完了) or a browser confirm dialog;
either is answered: the page with the keyboard, the dialog by accepting it (a native
dialog is outside the page, and accepting it is what Enter does there).
"""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from activities.models import Activity
from gifu_taisaku.core.models import WorkflowStatus
from tests.activities.factories import measure
from tests.browser.conftest import PageWatch
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "キーボードだけで登録した110番通報講習"
MAX_TABS = 250

# What has focus: enough to recognise it by what a user sees, and whether its ring shows.
FOCUSED = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const squash = (s) => (s || "").replace(/\s+/g, " ").trim();
  const style = getComputedStyle(el);
  // A time input's last internal stop leaves it activeElement without matching :focus
  // (Chromium): no author style can apply there, so only :focus stops are judged.
  const ring = !el.matches(":focus") ||
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    label: squash(el.labels?.[0] ? el.labels[0].textContent : el.getAttribute("aria-label")),
    text: squash(el.tagName === "INPUT" ? el.value : el.innerText),
    option: el.tagName === "SELECT" ? squash(el.options[el.selectedIndex]?.text) : "",
    inSummary: !!el.closest("[data-error-summary]"),
    isSummary: el.hasAttribute("data-error-summary"),
    href: el.getAttribute("href") || "",
    ring,
  };
}"""


@dataclass
class Keyboard:
    """Moves focus with Tab and remembers every stop whose focus ring did not show."""

    page: Page
    unringed: list[str] = field(default_factory=list)

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, matches, what: str, *, backwards: bool = False) -> dict:
        """Press Tab until the focused element satisfies `matches`; fail after MAX_TABS."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            now = self.focused()
            if now is None:
                continue
            if not now["ring"]:
                where = f"{now['tag']}#{now['id']} {now['text'][:20]}"
                self.unringed.append(f"{self.page.url}: {where}")
            if matches(now):
                return now
        raise AssertionError(f"Tab で「{what}」に届かない（{self.page.url}）")

    def to_field(self, label: str) -> dict:
        return self.tab_to(lambda f: f["label"].startswith(label), label)

    def to_control(self, tag: str, text: str) -> dict:
        return self.tab_to(lambda f: f["tag"] == tag and f["text"] == text, text)

    def type_into(self, label: str, text: str) -> None:
        self.to_field(label)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose(self, label: str, option_prefix: str) -> None:
        """A closed <select>: arrow keys change the choice, as on the office PCs."""
        now = self.to_field(label)
        for _ in range(60):
            if now["option"].startswith(option_prefix):
                return
            self.page.keyboard.press("ArrowDown")
            now = self.focused()
        raise AssertionError(f"{label}: 「{option_prefix}」を矢印キーで選べない（{now['option']}）")

    def press(self, tag: str, text: str) -> None:
        """Reach a link or button by Tab and activate it with Enter."""
        self.to_control(tag, text)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def sign_in(keys: Keyboard, username: str) -> None:
    keys.page.goto("/accounts/login/")
    keys.type_into("ユーザー名", username)
    keys.type_into("パスワード", TEST_PASSWORD)
    with keys.page.expect_navigation():
        keys.page.keyboard.press("Enter")
    expect(keys.page.get_by_role("heading", level=1)).to_have_text("ホーム")


def sign_out(keys: Keyboard) -> None:
    keys.press("button", "ログアウト")
    expect(keys.page.get_by_role("heading", level=1)).to_have_text("ログイン")


def submit_for_approval(keys: Keyboard) -> None:
    """提出, then the 確認 page's button if the flow has one (a confirm dialog is accepted)."""
    keys.press("button", "提出")
    if keys.page.get_by_role("heading", level=1, name="提出内容の確認").count():
        keys.press("button", "この内容で提出する")
    expect(keys.page.get_by_role("status")).to_contain_text("承認者に提出しました")


@pytest.fixture
def keys(page: Page) -> Keyboard:
    page.on("dialog", lambda dialog: dialog.accept())  # a native confirm: its OK
    return Keyboard(page)


def test_officer_creates_and_submits_and_approver_approves_with_the_keyboard_alone(
    keys: Keyboard, page_watch: PageWatch, officer_gifunaka, approver_gifunaka
):
    page = keys.page
    measure("A02", "外国人に対する110番通報講習")

    sign_in(keys, "officer.gifunaka")
    keys.press("a", "各種警察活動")
    keys.press("a", "新規作成")

    # Saving the empty form: focus lands on the error summary, whose entries lead to fields.
    keys.press("button", "保存")
    now = keys.focused()
    assert now is not None
    assert now["isSummary"], f"focus after a save with errors: {now}"
    expect(page.locator("[data-error-summary]")).to_be_focused()
    entry = keys.tab_to(lambda f: f["inSummary"] and f["tag"] == "a", "エラー一覧の項目")
    page.keyboard.press("Enter")
    target = entry["href"].lstrip("#")
    now = keys.focused()
    assert now is not None
    assert now["id"] == target or now["id"].startswith(f"{target}_"), (
        f"Enter on {entry['text']!r} should focus #{target}, focus is on {now}"
    )

    keys.choose("推進方策", "A02")
    keys.type_into("件名", TITLE)
    keys.type_into("実施日", "2025/06/10")
    keys.type_into("実施概要", "技能実習生に110番の掛け方を説明した。")
    keys.press("button", "保存")
    expect(page.get_by_role("status")).to_contain_text("保存しました")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    submit_for_approval(keys)
    sign_out(keys)

    sign_in(keys, "approver.gifunaka")
    keys.press("a", TITLE)
    keys.press("button", "承認")
    expect(page.get_by_role("status")).to_contain_text("承認しました")

    activity = Activity.objects.get()
    assert (activity.title, activity.status) == (TITLE, WorkflowStatus.APPROVED)
    assert activity.decided_by == approver_gifunaka
    assert keys.unringed == [], "focus not visible at:\n" + "\n".join(keys.unringed)
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []


def test_focus_order_is_reversible_with_shift_tab(keys: Keyboard, officer_gifunaka):
    """Shift+Tab walks back through the same stops (no keyboard trap in the header)."""
    sign_in(keys, "officer.gifunaka")
    forward = [keys.tab_to(lambda f: True, "次の要素")["text"] for _ in range(6)]
    backward = [keys.tab_to(lambda f: True, "前の要素", backwards=True)["text"] for _ in range(5)]
    assert backward == list(reversed(forward[:-1])), (forward, backward)
    assert re.search("本文へ移動", forward[0]), forward
    assert keys.unringed == []
