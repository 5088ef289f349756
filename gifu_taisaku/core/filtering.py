"""Applying a django-filter FilterSet the way every list page of the app does."""

import threading
import time

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import accept_japanese_dates, render_selects_in_python
from gifu_taisaku.orgs.models import Language, Measure, Municipality, Nationality, OrgUnit

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
        use_cached_choices(field)
    render_selects_in_python(filterset.form)  # hundreds of options, no template each
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs


# --- Choices of master data, cached per process (issue 9) ----------------------------------
# A list's filter form offers every municipality, measure, unit, language and nationality:
# about 530 rows read, made into model instances and iterated on every list page. These
# tables change a few times a year (by an administrator), so the choices a filter field
# shows are kept per process, keyed by the field's exact query (so a field limited to some
# rows gets its own entry, never another field's), and dropped when any of these models is
# saved or deleted in this process. Another process's change shows here after at most
# CHOICES_TTL seconds. Validation is unchanged: a chosen value is still looked up in the
# field's queryset, so a stale option can never select a row that is not there.
MASTER_DATA_MODELS = (OrgUnit, Measure, Municipality, Language, Nationality)
CHOICES_TTL = 300.0  # seconds
_CHOICES_MAX_ENTRIES = 256
_choices_cache: dict[tuple, tuple[float, list]] = {}
_choices_lock = threading.Lock()
_choices_generation = 0


def clear_choices_cache(**kwargs) -> None:
    """Forget every cached choice list (a signal receiver: master data changed)."""
    global _choices_generation
    with _choices_lock:
        _choices_generation += 1
        _choices_cache.clear()


for _model in MASTER_DATA_MODELS:
    post_save.connect(clear_choices_cache, sender=_model, dispatch_uid=f"choices-{_model}")
    post_delete.connect(clear_choices_cache, sender=_model, dispatch_uid=f"choices-{_model}")


def _choices_key(field: forms.ModelChoiceField) -> tuple | None:
    queryset = field.queryset
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return None
    label = getattr(field.label_from_instance, "__func__", field.label_from_instance)
    return (
        type(field),
        queryset.db,
        sql,
        label,
        field.to_field_name,
        str(field.empty_label),
        str(getattr(field, "null_label", None)),
        str(getattr(field, "null_value", None)),
        translation.get_language(),
    )


def use_cached_choices(field: forms.Field) -> None:
    """Give a master-data choice field's widget the process's copy of its choices.

    Not inside a transaction: rows read there may not be committed (and a test's rows are
    rolled back without any signal), so they are read from the database as before."""
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return
    if field.queryset.model not in MASTER_DATA_MODELS:
        return
    if connections[field.queryset.db].in_atomic_block:
        return
    key = _choices_key(field)
    if key is None:
        return
    now = time.monotonic()
    entry = _choices_cache.get(key)
    if entry is None or entry[0] <= now:
        generation = _choices_generation
        choices = list(field.widget.choices)
        with _choices_lock:
            if generation == _choices_generation:  # no change while reading
                if len(_choices_cache) >= _CHOICES_MAX_ENTRIES:
                    _choices_cache.clear()
                _choices_cache[key] = (now + CHOICES_TTL, choices)
    else:
        choices = entry[1]
    field.widget.choices = choices
