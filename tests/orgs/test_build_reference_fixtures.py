"""`build_reference_fixtures` writes the CLDR catalogues; the committed files are its output."""

import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from gifu_taisaku.orgs.management.commands.build_reference_fixtures import (
    COMMON_COUNTRIES,
    COMMON_LANGUAGES,
)


def build(tmp_path: Path) -> dict[str, list]:
    call_command("build_reference_fixtures", output_dir=tmp_path, stdout=StringIO())
    return {name: json.loads((tmp_path / name).read_text("utf-8")) for name in
            ("nationalities.json", "languages.json")}  # fmt: skip


def test_languages_are_two_letter_codes_with_common_ones_first(tmp_path):
    rows = build(tmp_path)["languages.json"]
    codes = [row["pk"] for row in rows]
    assert codes[: len(COMMON_LANGUAGES)] == list(COMMON_LANGUAGES)
    assert all(len(code) == 2 for code in codes)
    assert rows[0]["fields"] == {"name": "ポルトガル語", "sort_order": 10, "is_active": True}


def test_nationalities_exclude_non_countries(tmp_path):
    rows = build(tmp_path)["nationalities.json"]
    codes = [row["pk"] for row in rows]
    assert codes[: len(COMMON_COUNTRIES)] == list(COMMON_COUNTRIES)
    assert not {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"} & set(codes)
    assert len(codes) == 249


def test_committed_fixtures_are_up_to_date(tmp_path):
    built = build(tmp_path)
    for name, rows in built.items():
        committed = json.loads((settings.BASE_DIR / "fixtures" / name).read_text("utf-8"))
        assert committed == rows, (
            f"fixtures/{name} is stale: run manage.py build_reference_fixtures"
        )
