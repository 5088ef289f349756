"""The options of the dashboard and the annual report: period and scope (GET forms)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import DATE_HELP, JapaneseDateField
from gifu_taisaku.core.wareki import wareki_year
from gifu_taisaku.reports.periods import Basis, Period, Scope
from gifu_taisaku.reports.selectors import report_units

FIRST_YEAR = 2019  # the directive has been in force since 令和元年9月2日
MAX_RANGE_DAYS = 366 * 10 + 1


def year_choices() -> list[tuple[int, str]]:
    last = timezone.localdate().year + 1
    return [(year, f"{year}（{wareki_year(year)}）") for year in range(last, FIRST_YEAR - 1, -1)]


class ScopeFormMixin:
    """A `unit` field offering only the scopes the user may report on.

    Prefecture-wide users (本部) may leave it empty for the whole prefecture; station users
    choose among their own station(s), the first by default.
    """

    def add_unit_field(self, user) -> None:
        units, self.prefecture_wide = report_units(user)
        self.fields["unit"] = forms.ModelChoiceField(
            label=_("対象"),
            queryset=units,
            required=False,
            empty_label=_("岐阜県警察（全所属）") if self.prefecture_wide else None,
        )

    def clean_unit(self):
        """Empty means the prefecture for 本部, and the user's (first) station for the others."""
        unit = self.cleaned_data.get("unit")
        if unit is None and not self.prefecture_wide:
            unit = self.fields["unit"].queryset.first()
            if unit is None:
                raise forms.ValidationError(_("集計できる所属がありません。"))
        return unit

    def scope(self) -> Scope:
        return Scope(self.cleaned_data.get("unit"))


class DashboardForm(ScopeFormMixin, forms.Form):
    """Period (暦年 by default, 年度, or a date range) and scope of the dashboard."""

    basis = forms.ChoiceField(label=_("集計期間の区分"), choices=Basis.choices)
    year = forms.TypedChoiceField(label=_("年・年度"), coerce=int, required=False, choices=())
    # Typed like every date of the app (2025/04/01, 令和7年4月1日), not a locale-dependent
    # browser date picker.
    start = JapaneseDateField(label=_("開始日"), required=False, help_text=DATE_HELP)
    end = JapaneseDateField(label=_("終了日"), required=False, help_text=DATE_HELP)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = year_choices()
        self.add_unit_field(user)

    def clean(self):
        data = super().clean()
        if data.get("basis") == Basis.RANGE:
            start, end = data.get("start"), data.get("end")
            if not (start and end):
                raise forms.ValidationError(_("開始日と終了日を入力してください。"))
            if end < start:
                raise forms.ValidationError(_("終了日は開始日以降の日付にしてください。"))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("期間は10年以内で指定してください。"))
        elif data.get("basis") and not data.get("year"):
            self.add_error("year", _("年・年度を選んでください。"))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        if data["basis"] == Basis.RANGE:
            return Period(data["start"], data["end"], Basis.RANGE)
        return Period.of_year(data["year"], data["basis"])


def default_dashboard_query(user, today: datetime.date | None = None) -> dict:
    """This calendar year, for the prefecture (本部) or the user's first station."""
    units, prefecture_wide = report_units(user)
    first = None if prefecture_wide else units.first()
    period = Period.current(Basis.CALENDAR, today or timezone.localdate())
    return {**period.as_params(), "unit": first.pk if first else ""}


class AnnualReportForm(ScopeFormMixin, forms.Form):
    """暦年 or 年度 of the annual report (the year is in the URL) and its scope."""

    basis = forms.ChoiceField(
        label=_("集計期間の区分"), choices=[c for c in Basis.choices if c[0] != Basis.RANGE]
    )

    def __init__(self, data=None, *, user, year: int, **kwargs):
        super().__init__(data, **kwargs)
        self.year = year
        self.add_unit_field(user)

    def period(self) -> Period:
        return Period.of_year(self.year, self.cleaned_data["basis"])
