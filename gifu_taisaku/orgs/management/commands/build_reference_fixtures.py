"""Write fixtures/nationalities.json and fixtures/languages.json from CLDR (through babel).

The Japanese names are CLDR's, never typed by hand. Run it again after upgrading babel
and commit the result; `load_reference` then adds any new rows without touching old ones.
"""

import json
from pathlib import Path

from babel import Locale
from django.conf import settings
from django.core.management.base import BaseCommand

# Most common first among Gifu's foreign residents, so that dropdowns start with them.
COMMON_LANGUAGES = (
    "pt", "tl", "vi", "zh", "ko", "id", "ne", "es", "en", "th", "my",
    "km", "si", "mn", "fr", "ru", "ar", "bn", "ur", "fa", "hi",
)  # fmt: skip
COMMON_COUNTRIES = (
    "BR", "PH", "VN", "CN", "KR", "ID", "NP", "PE", "TH", "MM", "US", "KH", "LK", "MN",
)  # fmt: skip

# CLDR territory codes that are not ISO 3166-1 countries: groupings (EU, EZ, UN, QO),
# unknown/pseudo (ZZ, XA, XB), user-assigned (XK) and ISO's "exceptionally reserved"
# codes (AC, CP, CQ, DG, EA, IC, TA).
NON_COUNTRY_TERRITORIES = frozenset(
    {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
)
# Two-letter codes CLDR still names but ISO 639-1 has withdrawn (sh: Serbo-Croatian).
WITHDRAWN_LANGUAGES = frozenset({"sh"})

DEFAULT_SORT_ORDER = 1000  # the models' default: everything after the common ones


def _sort_order(code: str, common: tuple[str, ...]) -> int:
    return (common.index(code) + 1) * 10 if code in common else DEFAULT_SORT_ORDER


def country_names(locale: Locale) -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → Japanese name."""
    return {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in NON_COUNTRY_TERRITORIES
    }


def language_names(locale: Locale) -> dict[str, str]:
    """ISO 639-1 code → Japanese name."""
    return {
        code: name
        for code, name in locale.languages.items()
        if len(code) == 2 and code.isalpha() and code not in WITHDRAWN_LANGUAGES
    }


def fixture_rows(model: str, names: dict[str, str], common: tuple[str, ...]) -> list[dict]:
    """Fixture objects sorted as the dropdowns will show them (sort order, then code)."""
    rows = [
        {
            "model": model,
            "pk": code,
            "fields": {"name": name, "sort_order": _sort_order(code, common), "is_active": True},
        }
        for code, name in names.items()
    ]
    return sorted(rows, key=lambda row: (row["fields"]["sort_order"], row["pk"]))


class Command(BaseCommand):
    help = "CLDR（babel）から国籍・地域と言語の参照データ（fixtures/*.json）を生成します。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.BASE_DIR / "fixtures",
            help="出力先ディレクトリ（既定: fixtures/）",
        )

    def handle(self, *args, output_dir: Path, **options):
        locale = Locale("ja")
        outputs = {
            "nationalities.json": fixture_rows(
                "orgs.nationality", country_names(locale), COMMON_COUNTRIES
            ),
            "languages.json": fixture_rows(
                "orgs.language", language_names(locale), COMMON_LANGUAGES
            ),
        }
        output_dir.mkdir(parents=True, exist_ok=True)
        for filename, rows in outputs.items():
            text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
            (output_dir / filename).write_text(text, encoding="utf-8")
            self.stdout.write(f"{output_dir / filename}: {len(rows)} 件")
