"""No template or module turns off HTML escaping, except a short allow-list with reasons.

`|safe`, `|safeseq`, `{% autoescape off %}`, `mark_safe`, `SafeString`/`SafeText` and
`@html_safe` tell Django that a string needs no escaping. On user data that is a stored
XSS; so each use must be on text the developers wrote, and must be listed below with the
reason. `format_html` (which escapes its arguments) is the way to build markup.
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Hidden directories (.venv, .git, caches) are skipped too.
SKIP_DIRS = {"node_modules", "var", "staticfiles", "__pycache__", "test-results"}
# This file names the patterns it looks for; the scanner's own tests are below.
SKIP_FILES = {Path(__file__).resolve()}

TEMPLATE_PATTERNS = [
    re.compile(r"\|\s*safe(seq)?\b"),
    re.compile(r"{%\s*autoescape\s+off\s*%}"),
]
PYTHON_PATTERNS = [
    re.compile(r"\bmark_safe\b"),
    re.compile(r"\bSafe(String|Text|Data)\b"),
    re.compile(r"\bhtml_safe\b"),
    re.compile(r"\|\s*safe(seq)?\b"),  # templates written as Python strings
    re.compile(r"{%\s*autoescape\s+off\s*%}"),
]

# (path relative to the project, the exact text on the line) → why it is not user data.
ALLOWED = {
    ("templates/django/forms/help_text.html", "{{ field.help_text|safe }}"): (
        "Django's own form template, overridden for the id. Help texts are written in the "
        "source (forms, models) and the password-rules list is Django's HTML; no form sets "
        "a help text from stored data."
    ),
}


def _files(suffixes: tuple[str, ...]):
    for directory, subdirectories, names in os.walk(ROOT):
        subdirectories[:] = sorted(
            d for d in subdirectories if d not in SKIP_DIRS and not d.startswith(".")
        )
        for name in sorted(names):
            path = Path(directory, name)
            if path.suffix in suffixes and path not in SKIP_FILES:
                yield path


def unsafe_uses(text: str, patterns: list[re.Pattern]) -> list[tuple[int, str]]:
    """(line number, line) of every line matching one of `patterns`."""
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if any(pattern.search(line) for pattern in patterns)
    ]


def _is_allowed(relative: str, line: str) -> bool:
    return any(path == relative and snippet in line for path, snippet in ALLOWED)


def _findings() -> list[str]:
    found = []
    for suffixes, patterns in (
        ((".html", ".txt", ".xml", ".svg", ".js"), TEMPLATE_PATTERNS),
        ((".py",), PYTHON_PATTERNS),
    ):
        for path in _files(suffixes):
            relative = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in unsafe_uses(text, patterns):
                if not _is_allowed(relative, line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_template_or_module_disables_escaping():
    assert _findings() == [], (
        "HTML escaping is turned off (use format_html, or add the line to ALLOWED with why "
        "it is never user data)"
    )


def test_every_allow_list_entry_still_exists():
    """A stale entry would silently allow a future use at the same place."""
    for path, snippet in ALLOWED:
        assert snippet in (ROOT / path).read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    ("text", "patterns"),
    [
        ("<p>{{ report.details|safe }}</p>", TEMPLATE_PATTERNS),
        ("<p>{{ names | safeseq|join:', ' }}</p>", TEMPLATE_PATTERNS),
        ("{% autoescape off %}{{ x }}{% endautoescape %}", TEMPLATE_PATTERNS),
        ("from django.utils.safestring import mark_safe", PYTHON_PATTERNS),
        ("html = SafeString(contact.phone)", PYTHON_PATTERNS),
        ("Template('{{ note|safe }}')", PYTHON_PATTERNS),
    ],
)
def test_the_scanner_flags_each_form(text, patterns):
    assert unsafe_uses(text, patterns) == [(1, text)]


@pytest.mark.parametrize(
    "text",
    ["{{ report.safety_notes }}", "{{ x|safe_label }}", "format_html('<b>{}</b>', name)"],
)
def test_the_scanner_leaves_escaped_output_alone(text):
    assert unsafe_uses(text, TEMPLATE_PATTERNS + PYTHON_PATTERNS) == []
