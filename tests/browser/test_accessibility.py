"""Every page the browser tests open, for every role that can open it, checked for accessibility.

For each role one browser context signs in once (password, and the code for HQ roles)
and walks its pages: login, home, each programme app's list, detail, form empty and
with errors, the dashboard, the annual report (HQ), and the user-management and
master-data pages (本部管理者). On each page:

- axe-core (WCAG 2.x A/AA + best practices; tests/browser/axe.py) finds no serious or
  critical violation;
- the checks axe misses (tests/browser/a11y_checks.py): labels, ※必須, error wiring,
  fieldsets, visible focus with 3:1 contrast, 44 px targets;
- no horizontal page scrolling at 1280×800, 768×1024 (tablet) and 640×400 (a 1280×800
  screen at 200 % zoom: the same CSS width), tables scrolling in their own box.

A page's problems are collected and reported together with the other pages', so one
run shows everything wrong. The print stylesheet and screenshots have their own tests.
"""

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from intel.models import IntelReport
from liaison.models import LiaisonRecord
from tests.accounts.helpers import totp_code
from tests.browser import a11y_checks
from tests.browser.axe import assert_no_serious_violations, failing, report, run_axe, serve_axe
from tests.browser.conftest import PageWatch
from tests.clients import verified_device
from tests.factories import TEST_PASSWORD
from tests.reports.data import make_year_2025
from training.models import TrainingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {
    "1280×800": DESKTOP,
    "768×1024": {"width": 768, "height": 1024},
    "200%": {"width": 640, "height": 400},  # 1280×800 at 200 % zoom lays out at 640 CSS px
}
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", REPO / "var" / "screenshots"))

DASHBOARD_QUERY = "?basis=calendar&year=2025&unit="
RECORD_APPS = ("activities", "liaison", "intel", "training", "commendations")
HQ_ROLES = ("analyst", "admin", "auditor")
USERNAMES = {
    "officer": "officer.gifunaka",
    "approver": "approver.gifunaka",
    "analyst": "analyst.hq",
    "admin": "admin.hq",
    "auditor": "auditor.hq",
}
# Master-data screens of gifu_taisaku.orgs (本部管理者): lists, and the forms that create.
MASTER_LISTS = (
    "orgunit",
    "municipality",
    "jurisdiction",
    "population",
    "measure",
    "nationality",
    "language",
)
# Navigation chrome that a printout leaves out (static/css/app.css, @media print).
PRINT_HIDDEN = (
    ".skip-link",
    "nav.global-nav",
    "nav.breadcrumbs",
    ".user-info form",
    ".user-info__link",
    ".filter",
    ".filters",
    ".pagination",
)
MASTER_FORMS = ("orgunit", "municipality", "jurisdiction", "population", "measure")


@dataclass(frozen=True)
class Visit:
    """One page: `errors` means "submit the page's form empty and check the result too"."""

    name: str
    url: str
    errors: bool = False


def url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None  # an app not built yet (commendations is added in its own issue)


def record_visits(app: str, record, *, can_add: bool) -> list[Visit]:
    """List and detail of a programme app; its form, empty and with errors, if one may add."""
    visits = []
    if url := url_or_none(f"{app}:list"):
        visits.append(Visit(f"{app} 一覧", url))
    if record is not None:
        visits.append(Visit(f"{app} 詳細", record.get_absolute_url()))
    if can_add and (url := url_or_none(f"{app}:create")):
        visits.append(Visit(f"{app} 新規作成", url, errors=True))
    return visits


def station_records(org) -> dict[str, object]:
    """岐阜中's records (make_year_2025): a draft, a submitted, and approved ones."""
    gifunaka = {"owning_unit": org.gifunaka}
    return {
        "draft": Activity.objects.filter(status=WorkflowStatus.DRAFT, **gifunaka).first(),
        "submitted": Activity.objects.filter(status=WorkflowStatus.SUBMITTED, **gifunaka).first(),
        "liaison": LiaisonRecord.objects.filter(**gifunaka).first(),
        "intel": IntelReport.objects.filter(**gifunaka).first(),
        "training": TrainingSession.objects.filter(**gifunaka).first(),
    }


def visits_for(role: str, records: dict, ogaki_officer: User) -> list[Visit]:
    """The pages `role` can open, as the authorization matrix says."""
    visits = [Visit("ホーム", "/")]
    if role == "auditor":
        return [*visits, Visit("監査記録", reverse("core:audit_list"))]
    station = role in {"officer", "approver"}
    activity = records["draft"] if role == "officer" else records["submitted"]
    per_app = {
        "activities": activity,
        "liaison": records["liaison"],
        "intel": records["intel"],
        "training": records["training"],
        "commendations": None,
    }
    for app in RECORD_APPS[:4]:
        visits += record_visits(app, per_app[app], can_add=station)
    if url := url_or_none("commendations:score_index"):  # 表彰の評価: every record reader
        visits.append(Visit("表彰の評価", url))
    if role == "admin":  # recommendations and schemes are 本部管理者's (MANAGE_COMMENDATIONS)
        visits += record_visits("commendations", None, can_add=True)
        if url := url_or_none("commendations:scheme_list"):
            visits.append(Visit("表彰の評価基準", url))
    visits.append(Visit("ダッシュボード", reverse("reports:dashboard") + DASHBOARD_QUERY))
    if role in {"analyst", "admin"}:
        visits.append(Visit("年間報告", reverse("reports:annual", kwargs={"year": 2025})))
    if role == "admin":
        visits += [
            Visit("利用者一覧", reverse("accounts:user_list")),
            Visit("利用者詳細", reverse("accounts:user_detail", kwargs={"pk": ogaki_officer.pk})),
            Visit("利用者の登録", reverse("accounts:user_create"), errors=True),
            Visit("参照データ", reverse("orgs:index")),
            *(Visit(f"参照データ {key} 一覧", reverse(f"orgs:{key}_list")) for key in MASTER_LISTS),
            *(
                Visit(f"参照データ {key} 登録", reverse(f"orgs:{key}_create"), errors=True)
                for key in MASTER_FORMS
            ),
        ]
    return visits


@dataclass
class Findings:
    """Problems per page, and the pages × roles seen (for the report)."""

    problems: dict[str, list[str]] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    minor: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, step: str, started: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + time.monotonic() - started

    def add(self, where: str, problems: list[str]) -> None:
        if problems:
            self.problems.setdefault(where, []).extend(problems)

    def summary(self) -> str:
        blocks = (f"■ {where}\n" + "\n".join(lines) for where, lines in self.problems.items())
        return "\n\n".join(blocks)


def check_page(page: Page, where: str, findings: Findings, *, focus: bool = True) -> None:
    """axe, the form checks, focus, targets, and the layout at every viewport."""
    findings.checked.append(where)
    started = time.monotonic()
    violations = run_axe(page)
    findings.timed("axe", started)
    serious = failing(violations)
    if serious:
        findings.add(where, [report("axe:", serious)])
    for violation in violations:
        if violation not in serious:
            findings.minor[violation.rule] = findings.minor.get(violation.rule, 0) + 1
    started = time.monotonic()
    findings.add(where, a11y_checks.form_problems(page))
    findings.add(where, a11y_checks.target_problems(page))
    findings.timed("forms+targets", started)
    if focus:
        started = time.monotonic()
        findings.add(where, a11y_checks.focus_problems(page))
        findings.timed("focus", started)
    started = time.monotonic()
    for name, size in VIEWPORTS.items():
        if size != DESKTOP:  # the page is at DESKTOP already
            page.set_viewport_size(size)
        findings.add(where, [f"{name}: {p}" for p in a11y_checks.layout_problems(page)])
    page.set_viewport_size(DESKTOP)
    findings.timed("layout", started)


def submit_empty(page: Page) -> None:
    """Submit the page's main form as it is (its own 保存/登録 button, not a filter form)."""
    form = page.locator("main form[method=post]").filter(has=page.locator("[type=submit]")).last
    with page.expect_navigation():
        form.locator("[type=submit]").last.click()


def visit_and_check(page: Page, visit: Visit, where: str, findings: Findings, role: str) -> None:
    started = time.monotonic()
    response = page.goto(visit.url, timeout=30_000)  # the annual report draws many charts
    findings.timed("load", started)
    if response is None or response.status != 200:
        findings.add(where, [f"HTTP {response.status if response else '?'}"])
        return
    check_page(page, where, findings)
    if visit.errors:
        submit_empty(page)
        check_page(page, f"{visit.name}（エラー） × {role}", findings, focus=False)


def new_context(browser: Browser, live_server, page_watch: PageWatch) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    context.route("**/*", page_watch.on_request)
    serve_axe(context, live_server.url)  # after the catch-all: the later route wins
    return context


def watched_page(context: BrowserContext, page_watch: PageWatch) -> Page:
    page = context.new_page()
    page.on("console", page_watch.on_console)
    page.on("pageerror", lambda error: page_watch.page_errors.append(str(error)))
    return page


def sign_in(page: Page, username: str, user: User, findings: Findings, role: str) -> None:
    """The login form (and the code prompt for HQ roles), checked on the way."""
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    if role in HQ_ROLES:
        expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
        check_page(page, f"確認コード入力 × {role}", findings, focus=False)
        page.get_by_role("textbox", name="確認コード").fill(totp_code(verified_device(user)))
        page.get_by_role("button", name="確認").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")


@pytest.fixture
def year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki):
    return make_year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki)


@pytest.fixture
def role_users(officer_gifunaka, approver_gifunaka, analyst, admin_user, auditor):
    for user in (analyst, admin_user, auditor):
        verified_device(user)  # HQ roles have their authenticator app registered
    return {
        "officer": officer_gifunaka,
        "approver": approver_gifunaka,
        "analyst": analyst,
        "admin": admin_user,
        "auditor": auditor,
    }


@pytest.fixture
def findings() -> Iterator[Findings]:
    found = Findings()
    yield found
    print(f"\naccessibility: {len(found.checked)} pages × roles checked")
    roles = Counter(where.split(" × ")[-1].split("（")[0] for where in found.checked)
    print("per role:", dict(roles))
    print("seconds per step:", {k: round(v, 1) for k, v in found.seconds.items()})
    if found.minor:
        print("axe (moderate/minor, not failing):", dict(sorted(found.minor.items())))


# The walk (95 pages × roles, ~2 s of axe each) checks markup, which does not depend on the
# database: it runs in the SQLite pass of CI only, where it costs its minutes once. Every
# page it opens is also exercised on PostgreSQL by the app's own view tests.
@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="markup check; runs in the SQLite pass"
)
def test_every_page_for_every_role_passes_axe_and_the_checks_axe_misses(
    browser: Browser,
    live_server,
    page_watch: PageWatch,
    year_2025,
    role_users,
    officer_ogaki,
    findings: Findings,
):
    started = time.monotonic()
    records = station_records(year_2025)

    context = new_context(browser, live_server, page_watch)
    page = watched_page(context, page_watch)
    page.goto("/accounts/login/")
    check_page(page, "ログイン × 未ログイン", findings)
    submit_empty(page)
    expect(page.get_by_role("alert", name="入力内容を確認してください")).to_be_visible()
    check_page(page, "ログイン（エラー） × 未ログイン", findings, focus=False)
    context.close()

    for role, user in role_users.items():
        context = new_context(browser, live_server, page_watch)
        page = watched_page(context, page_watch)
        sign_in(page, USERNAMES[role], user, findings, role)
        for visit in visits_for(role, records, officer_ogaki):
            where = f"{visit.name} × {role}（{visit.url}）"
            try:
                visit_and_check(page, visit, where, findings, role)
            except PlaywrightError as error:  # one broken page must not hide the others
                findings.add(where, [f"ページを操作できない: {error.message.splitlines()[0]}"])
        context.close()

    took = time.monotonic() - started
    print(f"accessibility walk: {took:.0f} s")
    assert not findings.problems, (
        f"{len(findings.problems)} of {len(findings.checked)} pages × roles have problems:\n\n"
        + findings.summary()
    )
    assert page_watch.console_errors == []
    assert page_watch.page_errors == []
    assert page_watch.blocked_requests == []


# ---- The checks themselves can fail --------------------------------------------------

BROKEN_FORM = """
<main>
  <form method="post">
    <input type="text" name="q" placeholder="氏名">
    <label for="a">件名</label><input id="a" name="a" required>
    <input id="b" name="b" aria-invalid="true">
    <label><input type="radio" name="r" value="1">はい</label>
    <label><input type="radio" name="r" value="2">いいえ</label>
    <button type="submit" class="tiny">送信</button>
  </form>
  <div><table><tr><td>%s</td></tr></table></div>
</main>
"""


def test_the_checks_report_what_they_are_meant_to(page: Page, live_server):
    """A page breaking each rule: every check names it (so a passing walk means something)."""
    page.goto("/accounts/login/")  # same origin, so axe can be served
    page.set_viewport_size(DESKTOP)
    serve_axe(page.context, live_server.url)
    page.set_content(BROKEN_FORM % ("W" * 400))

    problems = a11y_checks.form_problems(page)
    assert any("placeholder「氏名」だけ" in p for p in problems), problems
    assert any(p.startswith("必須: input#a") for p in problems), problems
    assert any(p.startswith("エラー: input#b") for p in problems), problems
    assert any(p.startswith("グループ:") for p in problems), problems
    assert any("送信" in p for p in a11y_checks.target_problems(page))
    assert a11y_checks.focus_problems(page), "the page has no focus style at all"
    layout = a11y_checks.layout_problems(page)
    assert any(p.startswith("横スクロール") for p in layout), layout
    assert any(p.startswith("表:") for p in layout), layout
    with pytest.raises(AssertionError, match=r"\[critical\] label"):
        assert_no_serious_violations(page, "broken form")


# ---- Print ----------------------------------------------------------------------------


def test_list_and_detail_print_on_a4_without_navigation(page: Page, year_2025, officer_gifunaka):
    """@media print hides the menu, breadcrumbs, filters and buttons; the PDF is A4.

    The header's title and the footer's 「部内限り」 stay: a printout keeps its origin and
    handling mark.
    """
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill("officer.gifunaka")
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")
    record = station_records(year_2025)["draft"]
    page.emulate_media(media="print")
    for url in (reverse("activities:list"), record.get_absolute_url()):
        page.goto(url)
        for chrome in (*PRINT_HIDDEN, "main button", "main a.button"):
            for element in page.locator(chrome).all():
                expect(element).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("footer")).to_contain_text("部内限り")
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        # A4 portrait is 595 × 842 pt; every page of the PDF has that MediaBox.
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
        assert boxes, "no page in the PDF"
        assert all(abs(float(w) - 595) < 3 and abs(float(h) - 842) < 3 for w, h in boxes), boxes
    page.emulate_media(media="screen")


# ---- Screenshots ----------------------------------------------------------------------


def test_screenshots_at_1366_and_768(
    browser: Browser, live_server, page_watch: PageWatch, year_2025, officer_gifunaka
):
    """Login, home, the activity form with errors and the dashboard, written as artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for width in (1366, 768):
        context = new_context(browser, live_server, page_watch)
        page = watched_page(context, page_watch)
        page.set_viewport_size({"width": width, "height": 900})

        def shot(name: str, page=page, width=width) -> None:
            path = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=path, full_page=True)
            written.append(path)

        page.goto("/accounts/login/")
        shot("login")
        page.get_by_label("ユーザー名").fill("officer.gifunaka")
        page.get_by_label("パスワード").fill(TEST_PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("ホーム")
        shot("home")
        page.goto(reverse("activities:create"))
        submit_empty(page)
        expect(page.locator("[data-error-summary]")).to_be_focused()
        shot("activity-form-errors")
        page.goto(reverse("reports:dashboard") + DASHBOARD_QUERY)
        shot("dashboard")
        context.close()
    print("\nscreenshots:", *written, sep="\n  ")
    assert all(path.stat().st_size > 10_000 for path in written)
