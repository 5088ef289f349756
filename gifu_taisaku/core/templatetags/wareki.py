"""Template filters for 和暦 and 年度, available in every template (a builtin)."""

import datetime

from django import template
from django.utils import timezone

from gifu_taisaku.core import wareki as w

register = template.Library()


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def wareki(value) -> str:
    """{{ record.date|wareki }} → 令和7年4月1日 (empty for no date)."""
    day = _as_date(value)
    return w.wareki_date(day) if day else ""


@register.filter
def wareki_datetime(value) -> str:
    """令和7年4月1日 09:30, in Japan time."""
    if not isinstance(value, datetime.datetime):
        return wareki(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{w.wareki_date(local.date())} {local:%H:%M}"


@register.filter
def nendo(value) -> str:
    """A date or a fiscal year number as 令和7年度."""
    if isinstance(value, int):
        return w.fiscal_year_label(value)
    day = _as_date(value)
    return w.fiscal_year_label(w.fiscal_year_of(day)) if day else ""


@register.filter
def wareki_year(value) -> str:
    """A calendar year number as 令和7年."""
    return w.wareki_year(int(value)) if value not in (None, "") else ""
