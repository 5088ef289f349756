"""和暦 and 年度: how official documents write dates and fiscal years.

Era boundaries come from japanera (昭和64年1月7日 → 平成元年1月8日, 平成31年4月30日 →
令和元年5月1日). The first year of an era is written 元年.
"""

import datetime
import functools
from typing import NamedTuple

from japanera import ERA_DATA_GENERAL, EraDate

FISCAL_YEAR_START_MONTH = 4
FIRST_MODERN_ERA = "明治"


class EraSpan(NamedTuple):
    """An era as a date is written in it: 令和, its initial R, its first and last day."""

    kanji: str
    initial: str
    first_day: datetime.date
    last_day: datetime.date | None  # None: the present era


@functools.cache
def modern_eras() -> tuple[EraSpan, ...]:
    """明治 … 令和, oldest first, with the days they ran, from japanera's era data."""
    names = [era.kanji for era in ERA_DATA_GENERAL]
    eras = ERA_DATA_GENERAL[names.index(FIRST_MODERN_ERA) :]
    # japanera's `until` is the next era's first day: the era's last day is the day before.
    return tuple(
        EraSpan(
            era.kanji,
            era.english_head,
            era.since,
            era.until - datetime.timedelta(days=1) if era.until else None,
        )
        for era in eras
    )


def era_and_year(day: datetime.date) -> tuple[str, int]:
    """The era name and the year within it for `day`: 2019-05-01 → ("令和", 1)."""
    era = EraDate.from_date(day).era
    return era.kanji, era.absolute_year_to_relative_year(day.year)


def _year_text(year_in_era: int) -> str:
    return "元" if year_in_era == 1 else str(year_in_era)


def wareki_date(day: datetime.date) -> str:
    """令和7年4月1日."""
    era, year = era_and_year(day)
    return f"{era}{_year_text(year)}年{day.month}月{day.day}日"


def wareki_year(year: int) -> str:
    """A calendar year (暦年) as written in reports: 2025 → 令和7年, 2019 → 令和元年.

    A year in which the era changed is named by the era at its end, as statistics do.
    """
    era, year_in_era = era_and_year(datetime.date(year, 12, 31))
    return f"{era}{_year_text(year_in_era)}年"


def fiscal_year_of(day: datetime.date) -> int:
    """The 年度 (April–March) `day` falls in, named by the calendar year it starts in."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a 年度: 2025 → 2025-04-01 … 2026-03-31."""
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def fiscal_year_label(fiscal_year: int) -> str:
    """令和7年度. A 年度 in which the era changed takes the new era when its first
    calendar year already belongs to it (2019 → 令和元年度), otherwise the old one
    (1988 → 昭和63年度), as government documents do."""
    start, end = fiscal_year_range(fiscal_year)
    era_at_end = EraDate.from_date(end).era
    if era_at_end.since.year <= fiscal_year:
        era, year_in_era = era_at_end.kanji, era_at_end.absolute_year_to_relative_year(fiscal_year)
    else:
        era, year_in_era = era_and_year(start)
    return f"{era}{_year_text(year_in_era)}年度"
