"""Cell parsers: what stations' existing logs contain, turned into clean values.

Date cells, 2025/04/01, 令和7年4月1日, R7.4.1, full-width digits (NFKC), あり/なし/○/×/1/0,
codes or names. A parser also accepts its own output (ISO dates, codes, lists), so values
staged as JSON in an `ImportBatch` are re-validated with the same columns at commit. A
value that cannot be used raises `CellError` with a message in Japanese.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from gifu_taisaku.core.wareki import modern_eras


class CellError(ValueError):
    """A cell's value cannot be used; the message says what is wrong, in Japanese."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(value: Any) -> str:
    """Text of a cell with full-width digits and letters made half-width (NFKC)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_text(max_length: int | None = None) -> Callable[[Any], str]:
    """Free text, kept as written (no NFKC: it is the officer's wording)."""

    def parse(value: Any) -> str:
        if isinstance(value, datetime.date):
            value = value.isoformat()
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
        text = text.strip()
        if max_length is not None and len(text) > max_length:
            raise CellError(
                _("%(max)s文字以内で入力してください（%(length)s文字あります）。")
                % {"max": max_length, "length": len(text)}
            )
        return text

    return parse


# The eras a date cell may be written in (昭和 onwards); their names, initials and first
# and last days are japanera's, through wareki, so era knowledge lives in one place.
ERAS = tuple(era for era in modern_eras() if era.kanji in ("昭和", "平成", "令和"))
ERA_NAMES = "|".join(e.kanji for e in ERAS) + "|[" + "".join(e.initial for e in ERAS) + "]"
WESTERN_DATE = re.compile(
    r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?"
)  # a time part (ignored) is what date-and-time text from other systems carries
COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
ERA_DATE = re.compile(
    "(" + ERA_NAMES + r")\s*(\d{1,2}|元)\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?",
    re.IGNORECASE,
)
EXCEL_SERIALS = range(36526, 73051)  # 2000-01-01 … 2099-12-31 as Excel day numbers


def date_format_message() -> str:
    return _("日付として読み取れません。2025/04/01 や 令和7年4月1日 のように入力してください。")


def parse_date(value: Any) -> datetime.date:
    """A date cell, 2025/04/01, 2025-04-01, 2025年4月1日, 20250401, 令和7年4月1日, R7.4.1."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and EXCEL_SERIALS.start <= value < EXCEL_SERIALS.stop:
        return from_excel(value).date()  # a date cell formatted as a number
    text = normalise(value)
    if match := ERA_DATE.fullmatch(text):
        return _era_date(*match.groups())
    if match := WESTERN_DATE.fullmatch(text) or COMPACT_DATE.fullmatch(text):
        return _make_date(*(int(part) for part in match.groups()))
    raise CellError(date_format_message())


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("存在しない日付です。")) from None


def _era_date(era: str, year: str, month: str, day: str) -> datetime.date:
    span = next(e for e in ERAS if era.upper() in (e.kanji, e.initial))
    year_in_era = 1 if year == "元" else int(year)
    date = _make_date(span.first_day.year + year_in_era - 1, int(month), int(day))
    if date < span.first_day or (span.last_day is not None and date > span.last_day):
        raise CellError(
            _(
                "%(era)s%(year)s年%(month)s月%(day)s日という日付はありません。"
                "元号を確認してください。"
            )
            % {"era": span.kanji, "year": year, "month": month, "day": day}
        )
    return date


TIME_TEXT = re.compile(r"(\d{1,2})\s*[:時]\s*(\d{1,2})?\s*(?:[:分]\s*(\d{1,2})?\s*秒?)?")
TIME_DIGITS = re.compile(r"(\d{1,2})(\d{2})")


def parse_time(value: Any) -> datetime.time:
    """A time cell, 9:30, 09:30:00, 9時30分, 9時, 0930."""
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a fraction of a day, unformatted
        seconds = round(value * 24 * 60 * 60)
        return datetime.time(seconds // 3600, seconds // 60 % 60)
    text = normalise(value)
    match = TIME_TEXT.fullmatch(text) or TIME_DIGITS.fullmatch(text)
    if match:
        hour, minute, second = (int(part or 0) for part in (*match.groups(), None)[:3])
        if hour < 24 and minute < 60 and second < 60:
            return datetime.time(hour, minute, second)
    raise CellError(_("時刻として読み取れません。9:30 のように24時間制で入力してください。"))


def parse_count(value: Any, *, max_value: int = 1_000_000) -> int:
    """A non-negative whole number: 12, 12.0, "１２", "1,200"."""
    if isinstance(value, bool):
        raise CellError(_("0以上の整数を入力してください。"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise(value).replace(",", "")
    if not re.fullmatch(r"\d+", text):
        raise CellError(_("0以上の整数を入力してください。"))
    if int(text) > max_value:
        raise CellError(_("数が大きすぎます。"))
    return int(text)


TRUE_WORDS = frozenset({"あり", "有", "有り", "はい", "○", "〇", "◯", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"なし", "無", "無し", "いいえ", "×", "✕", "x", "0", "false", "no", "n"})


def parse_yes_no(value: Any) -> bool:
    """あり/なし, 有/無, ○/×, 1/0, TRUE/FALSE (cells or text)."""
    if isinstance(value, bool):
        return value
    text = normalise(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("「あり」または「なし」で入力してください（○・×、1・0 も使えます）。"))


def code_key(value: Any) -> str:
    """How codes and names are compared: NFKC, upper case, no spaces."""
    return re.sub(r"\s", "", normalise(value)).upper()


def lookup_table(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """{code_key(name or code): code} from (code, names) pairs, for parse_code."""
    return {code_key(key): code for code, keys in entries for key in (code, *keys)}


def parse_code(table: Mapping[str, str], what: str) -> Callable[[Any], str]:
    """A code (or a name) found in `table`; `what` names the list in the message."""

    def parse(value: Any) -> str:
        code = table.get(code_key(value))
        if code is None:
            raise CellError(_unknown_message(what, [normalise(value)]))
        return code

    return parse


LIST_SEPARATORS = re.compile(r"[、,;/]+|\s+")


def parse_code_list(table: Mapping[str, str], what: str) -> Callable[[Any], list[str]]:
    """Codes separated by 、 or , (or a list of codes, as staged)."""

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else LIST_SEPARATORS.split(normalise(value))
        items = [item for item in items if not is_blank(item)]
        unknown = [str(item) for item in items if code_key(item) not in table]
        if unknown:
            raise CellError(_unknown_message(what, unknown))
        return list(dict.fromkeys(table[code_key(item)] for item in items))

    return parse


def _unknown_message(what: str, values: Sequence[str]) -> str:
    return _("「%(values)s」は%(what)sにありません。「コード一覧」シートで確かめてください。") % {
        "values": "、".join(values),
        "what": what,
    }


def parse_choice(choices: Iterable[tuple[str, Any]], what: str) -> Callable[[Any], str]:
    """A value of a Django `choices` list, written as its label (部内通訳) or its value."""
    return parse_code(lookup_table((value, [str(label)]) for value, label in choices), what)
