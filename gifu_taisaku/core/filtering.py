"""Applying a django-filter FilterSet the way every list page of the app does."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import accept_japanese_dates

YES_NO = [("1", _("あり")), ("0", _("なし"))]


def yes_no_filter(label: str, **kwargs) -> django_filters.TypedChoiceFilter:
    """An あり/なし filter that starts empty (すべて), so searching never narrows by itself."""
    choices = [("", settings.FILTERS_EMPTY_CHOICE_LABEL), *kwargs.pop("choices", YES_NO)]
    return django_filters.TypedChoiceFilter(
        label=label,
        choices=choices,
        coerce=lambda value: value == "1",
        empty_value=None,
        **kwargs,
    )


def apply_filters(filterset_class, request, queryset):
    """The filterset for `request.GET` over `queryset`, and the rows it selects.

    Without a query string the list shows everything in scope; a query string with an
    invalid value (a malformed date, say) shows nothing rather than ignoring the filter,
    and the form says what is wrong. Date filters read 和暦 as record forms do.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    for field in filterset.form.fields.values():
        accept_japanese_dates(field, hint=False)  # 令和7年4月1日 searches like 2025/04/01
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs
