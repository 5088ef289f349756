"""The period (暦年, 年度 or any range) and the scope (prefecture or one station) of a report."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gifu_taisaku.core.wareki import (
    fiscal_year_label,
    fiscal_year_of,
    fiscal_year_range,
    wareki_date,
    wareki_year,
)
from gifu_taisaku.orgs.models import OrgUnit


class Basis(models.TextChoices):
    """How the period is counted: 犯罪統計 and the directive's 年間 use the calendar year."""

    CALENDAR = "calendar", gettext_lazy("暦年（1月〜12月）")
    FISCAL = "fiscal", gettext_lazy("年度（4月〜翌年3月）")
    RANGE = "range", gettext_lazy("期間を指定")


def one_year_earlier(day: datetime.date) -> datetime.date:
    """The same day a year before (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """First and last day of a report, and how they were chosen."""

    start: datetime.date
    end: datetime.date
    basis: str = Basis.CALENDAR
    year: int | None = None  # the 暦年 or 年度 (named by its first calendar year)

    @classmethod
    def calendar(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), Basis.CALENDAR, year)

    @classmethod
    def fiscal(cls, year: int) -> "Period":
        return cls(*fiscal_year_range(year), Basis.FISCAL, year)

    @classmethod
    def of_year(cls, year: int, basis: str) -> "Period":
        return cls.fiscal(year) if basis == Basis.FISCAL else cls.calendar(year)

    @classmethod
    def current(cls, basis: str = Basis.CALENDAR, today: datetime.date | None = None):
        today = today or timezone.localdate()
        year = fiscal_year_of(today) if basis == Basis.FISCAL else today.year
        return cls.of_year(year, basis)

    @property
    def label(self) -> str:
        """令和7年, 令和7年度, or 令和7年4月1日〜令和7年6月30日."""
        if self.basis == Basis.CALENDAR and self.year:
            return wareki_year(self.year)
        if self.basis == Basis.FISCAL and self.year:
            return fiscal_year_label(self.year)
        return f"{wareki_date(self.start)}〜{wareki_date(self.end)}"

    @property
    def span_label(self) -> str:
        """令和7年1月1日〜令和7年12月31日."""
        return f"{wareki_date(self.start)}〜{wareki_date(self.end)}"

    def previous(self) -> "Period":
        """The same span one year earlier (for year-on-year change)."""
        if self.year and self.basis != Basis.RANGE:
            return Period.of_year(self.year - 1, self.basis)
        return Period(one_year_earlier(self.start), one_year_earlier(self.end), Basis.RANGE)

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches, in order."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return months

    def as_params(self) -> dict:
        """The query-string form of the period (what the options form reads back)."""
        if self.basis == Basis.RANGE:
            return {
                "basis": self.basis,
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        return {"basis": self.basis, "year": self.year}


@dataclass(frozen=True)
class Scope:
    """The prefecture (unit None: every station and HQ) or one unit's subtree."""

    unit: OrgUnit | None = None

    @property
    def is_prefecture(self) -> bool:
        return self.unit is None

    @property
    def label(self) -> str:
        return _("岐阜県警察（全所属）") if self.unit is None else self.unit.name

    def as_params(self) -> dict:
        return {"unit": self.unit.pk if self.unit else ""}


def month_label(month: datetime.date, period: Period) -> str:
    """4月, or 2025年4月 when the period spans more than twelve months."""
    if len(period.months()) > 12:
        return _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}
    return _("%(month)s月") % {"month": month.month}
