"""axe-core in the browser tests: run it on the page and fail on serious or critical findings.

axe-core is installed from the npm registry by the test set-up (`make node-deps`, which
`make test` runs: package.json / package-lock.json → node_modules/axe-core). The page's
Content-Security-Policy (script-src 'self') forbids the inline script that
`page.add_script_tag(path=...)` would insert, so the context serves the local file under
a same-origin URL (`serve_axe`) and the page loads it with an ordinary <script src>:
the CSP is left as it is in production.

Rule set: WCAG 2.0/2.1/2.2 level A and AA plus axe's best practices. Only serious and
critical violations fail a test; the others are returned so a test can print them.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Route

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Same origin as the live server, so that script-src 'self' allows it; no view has this path.
AXE_PATH = "/__browser-tests__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = frozenset({"serious", "critical"})


def axe_source() -> Path:
    """The installed axe-core; fails in CI and skips elsewhere when it is missing."""
    if not AXE_JS.exists():
        reason = f"{AXE_JS} がありません（`make node-deps` で axe-core を入れてください）"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI では必須: {reason}")
        pytest.skip(reason)
    return AXE_JS


def serve_axe(context: BrowserContext, base_url: str) -> None:
    """Answer AXE_PATH on the live server's origin with the local axe-core file.

    Register it after any catch-all route: Playwright tries the latest route first.
    """
    source = axe_source()

    def fulfil(route: Route) -> None:
        route.fulfill(path=str(source), content_type="text/javascript; charset=utf-8")

    context.route(f"{base_url}{AXE_PATH}", fulfil)


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    help_url: str

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:6]) + (" …" if len(self.targets) > 6 else "")
        where = f"      → {shown}\n      ({self.help_url})"
        return f"  [{self.impact}] {self.rule}: {self.help}\n{where}"


def run_axe(page: Page) -> list[Violation]:
    """Every axe violation on the page as it is now (the script is loaded on first use)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_PATH)
    raw = page.evaluate(
        """async (tags) => {
            const results = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return results.violations.map((v) => ({
                rule: v.id, impact: v.impact || "minor", help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.map(String).join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    return [
        Violation(v["rule"], v["impact"], v["help"], tuple(v["targets"]), v["helpUrl"]) for v in raw
    ]


def failing(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in FAILING_IMPACTS]


def report(where: str, violations: list[Violation]) -> str:
    """A readable block: the page, then one entry per rule with its target selectors."""
    return f"{where}\n" + "\n".join(str(v) for v in violations)


def assert_no_serious_violations(page: Page, where: str = "") -> list[Violation]:
    """Run axe; fail listing every serious/critical violation; return the minor ones."""
    violations = run_axe(page)
    serious = failing(violations)
    assert not serious, "axe: serious/critical violations\n" + report(where or page.url, serious)
    return [v for v in violations if v.impact not in FAILING_IMPACTS]
