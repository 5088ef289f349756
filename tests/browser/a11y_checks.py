"""The checks axe does not make, run in the page: each returns a list of problems (Japanese).

axe accepts a placeholder as a label and knows nothing of our conventions, so these
check what the issue asks of every form and page:

- `form_problems`: every visible input/select/textarea has a visible <label> or
  aria-labelledby (a placeholder or aria-label alone is not enough); every required
  control shows 「※必須」 in its label or its group's legend; every control marked
  aria-invalid points (aria-describedby) at a visible error text, and every field error
  is pointed at by an aria-invalid control; checkboxes and radios sharing a name sit in
  a fieldset with a legend.
- `focus_problems`: after a key press (so the browser is in keyboard mode), each link,
  button and control, when focused, has an outline of at least 2 px whose colour has
  3:1 contrast against the background around it.
- `target_problems`: buttons and links in the navigation and forms, and the form
  controls, are at least 44 × 44 CSS px.
- `layout_problems`: no horizontal scrolling of the page, and a table wider than the
  page scrolls inside its own box.
"""

from pathlib import Path

from playwright.sync_api import Page

TARGET_SIZE = 44
FOCUS_CONTRAST = 3.0
# An expression giving {form, focus, targets, layout}: each returns a list of problems.
CHECKS_JS = (Path(__file__).with_name("a11y_checks.js")).read_text(encoding="utf-8")


def _run(page: Page, check: str, arg=None) -> list[str]:
    return page.evaluate(f"([check, arg]) => ({CHECKS_JS})[check](arg)", [check, arg])


def form_problems(page: Page) -> list[str]:
    return _run(page, "form")


def focus_problems(page: Page) -> list[str]:
    """Focus every focusable element in keyboard mode and measure its outline."""
    page.keyboard.press("Tab")  # a key press puts Chromium in keyboard mode (:focus-visible)
    return _run(page, "focus", FOCUS_CONTRAST)


def target_problems(page: Page) -> list[str]:
    return _run(page, "targets", TARGET_SIZE)


def layout_problems(page: Page) -> list[str]:
    return _run(page, "layout")
