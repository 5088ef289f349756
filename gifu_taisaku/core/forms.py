"""The base form of every programme record: owning unit within scope, optimistic locking,
and dates typed as officers write them (2025/04/01, 2025-04-01, full-width, 令和7年4月1日)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.imports.cells import CellError, parse_date
from gifu_taisaku.core.scoping import unit_filter
from gifu_taisaku.orgs.models import OrgUnit

BLANK_LABEL = _("選択してください")
DATE_HELP = _("例：2025/04/01、令和7年4月1日、R7.4.1")


class JapaneseDateInput(forms.DateInput):
    """A text box for a date (see JapaneseDateField). Not type="date": a browser's date
    picker lets nobody type 令和7年4月1日, and reads 2025/04/01 differently by locale."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"class": "date-input", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_input() -> JapaneseDateInput:
    """The widget of every date field; a stored date shows as 2025-04-01."""
    return JapaneseDateInput()


class JapaneseDateField(forms.DateField):
    """A date as officers write it, read by the Excel import's own parser (core.imports.cells):
    2025/04/01, 2025-04-01, 2025年4月1日, full-width digits, 令和7年4月1日, 令和元年5月1日,
    R7.4.1. A day the calendar or the era does not have (令和7年2月30日, 平成31年5月1日) is an
    error saying so; the text stays in the box."""

    widget = JapaneseDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None


def accept_japanese_dates(field: forms.Field, *, hint: bool = True) -> None:
    """Make a plain DateField (a ModelForm's, a declared one, a list filter's) read dates as
    JapaneseDateField does, and (with `hint`) say how to write them under the label.
    The field is the form instance's own copy."""
    if type(field) is forms.DateField:
        field.__class__ = JapaneseDateField  # adds no state: only how text is read
    if isinstance(field, JapaneseDateField):
        if type(field.widget) is forms.DateInput:  # type="date" would refuse 和暦 typed in
            attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
            field.widget = JapaneseDateInput(attrs=attrs)
        if hint and str(DATE_HELP) not in str(field.help_text):
            field.help_text = f"{field.help_text} {DATE_HELP}" if field.help_text else DATE_HELP


class JapaneseFormMixin:
    """Select boxes say 選択してください instead of Django's "---------"; date fields take
    和暦 and the other ways officers write dates (JapaneseDateField)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = BLANK_LABEL
            accept_japanese_dates(field)
            refuse_ids_out_of_range(field)
            name_what_is_required(field)


DJANGO_REQUIRED_MESSAGE = forms.Field.default_error_messages["required"]
CHOSEN_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField)


def name_what_is_required(field: forms.Field) -> None:
    """「件名を入力してください。」 / 「施策を選択してください。」 instead of Django's
    「このフィールドは必須です。」, which does not say which box when read out of context
    (the error summary at the top of the form, a screen reader)."""
    if not field.label or field.error_messages.get("required") != DJANGO_REQUIRED_MESSAGE:
        return
    if isinstance(field, forms.BooleanField):
        message = _("%(label)sにチェックを入れてください。")
    elif isinstance(field, CHOSEN_FIELDS):
        message = _("%(label)sを選択してください。")
    else:
        message = _("%(label)sを入力してください。")
    field.error_messages["required"] = message % {"label": field.label}


def units_user_may_add_for(user):
    """Active org units the user may own records for: their station's subtree (or all, for HQ)."""
    condition = unit_filter(user, "add", field="")
    units = OrgUnit.objects.active_on()
    return (units if condition is None else units.filter(condition)).order_by("path")


class VersionedFormMixin(forms.ModelForm):
    """Carries the version of the row the form was opened on in a hidden field, so that
    core.services.save_versioned can refuse a save over someone else's newer one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class RecordForm(JapaneseFormMixin, VersionedFormMixin):
    """ModelForm for a RecordBase subclass. Needs `user=`; carries the record's `version`.

    The owning unit offers only units in the user's scope and defaults to the user's own
    unit; `version` travels in a hidden field so that a stale save is detected.
    """

    class Meta:
        fields: list[str] = []
        labels = {"owning_unit": _("担当所属")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "owning_unit" in self.fields:
            self.fields["owning_unit"].queryset = units_user_may_add_for(user)
            if self.instance._state.adding and user.primary_membership:
                own = user.primary_membership.unit
                self.initial.setdefault("owning_unit", own.pk)

    def clean_version(self) -> int:
        # An absent version (a tampered form) can never match, so the save is refused.
        return self.cleaned_data.get("version") or 0


def add_service_errors(form: forms.BaseForm, error) -> None:
    """Put a service's ValidationError on the form: under the field it names when the form
    has that field, otherwise at the top (so a rule on a hidden field still reaches the user)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# A formset builds one form for each row its TOTAL_FORMS claims, up to `absolute_max`
# (Django's default: 2,000), and renders them all again when the POST is refused: one
# hostile request cost a minute of CPU (tests/security/test_fuzz_forms.py). Every inline
# formset passes these limits; no record has anywhere near this many rows.
FORMSET_LIMITS = {"max_num": 50, "validate_max": True, "absolute_max": 50}


ID_RANGE = range(-(2**63), 2**63)


def refuse_ids_out_of_range(field: forms.Field) -> None:
    """A multiple choice of rows refuses an id no database column can hold.

    Django looks the ids up with `pk__in=[…]`, and SQLite cannot even bind an integer
    beyond 64 bits (OverflowError: a server error for a POST of "999…9"). The field is the
    form instance's own copy, so wrapping its `clean` changes no other form.
    """
    if not isinstance(field, forms.ModelMultipleChoiceField) or field.queryset is None:
        return
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if not isinstance(key, models.IntegerField):
        return
    clean = field.clean

    def clean_in_range(value):
        for item in value if isinstance(value, list | tuple) else ():
            text = str(item).strip()
            digits = text.removeprefix("-")
            too_long = len(digits) > 19  # int() of thousands of digits is itself refused
            if digits.isascii() and digits.isdigit() and (too_long or int(text) not in ID_RANGE):
                raise ValidationError(
                    field.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text},
                )
        return clean(value)

    field.clean = clean_in_range


# --- <select> rendered in Python (issue 9) -------------------------------------------------
# A list's filter form offers hundreds of languages, nationalities and municipalities; with
# one template render per option they were a third of a list page's time. These widgets
# build exactly the markup of templates/django/forms/widgets/select.html (itself Django's
# select.html + attrs.html + select_option.html, inlined) from the same widget context, so
# selected state, optgroups and the aria-*/required attributes of BoundField are unchanged.
# tests/core/test_forms.py compares both renderings.

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def _shown(value):
    """What `{{ value }}` prints before escaping: localized, made a string (a safe string
    stays safe). format_html then escapes it as the template's autoescape does."""
    if type(value) is str:
        return value
    value = localize(template_localtime(value))
    return value if isinstance(value, str) else str(value)


def _as_s(value):
    """What `{{ value|stringformat:'s' }}` prints before escaping. The filter is is_safe:
    a safe string goes through unescaped, so it is passed on as it is."""
    if isinstance(value, str) and hasattr(value, "__html__"):
        return value
    return stringformat(value, "s")


def _attrs_html(attrs: dict):
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    if not attrs:
        return ""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", _shown(name)) if value is True else
             format_html(' {}="{}"', _shown(name), _as_s(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )  # fmt: skip


def render_select_html(widget: dict):
    """The HTML of select.html for a widget context (built with format_html, so every
    value is escaped), or None where only the template knows (a value or label it would
    call)."""
    parts = [
        format_html('<select name="{}"{}>', _shown(widget["name"]), _attrs_html(widget["attrs"]))
    ]
    for group_name, options, _index in widget["optgroups"]:
        if callable(group_name):
            return None
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', _shown(group_name)))
        for option in options:
            value, label = option["value"], option["label"]
            if callable(value) or callable(label):
                return None
        parts.append(
            format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                (
                    (_as_s(option["value"]), _attrs_html(option["attrs"]), _shown(option["label"]))
                    for option in options
                ),
            )
        )
        if group_name:
            parts.append(format_html("\n  </{}>", "optgroup"))
    parts.append(
        format_html("\n</{}>", "select")
    )  # the renderer strips the template's last newline
    return format_html_join("", "{}", ((part,) for part in parts))


class PythonSelectMixin:
    """Render select.html in Python (same markup); any other template as usual."""

    def _render(self, template_name, context, renderer=None):
        if template_name == SELECT_TEMPLATE:
            html = render_select_html(context["widget"])
            if html is not None:
                return html
        return super()._render(template_name, context, renderer)


class PythonSelect(PythonSelectMixin, forms.Select):
    pass


class PythonSelectMultiple(PythonSelectMixin, forms.SelectMultiple):
    pass


PYTHON_SELECTS = {forms.Select: PythonSelect, forms.SelectMultiple: PythonSelectMultiple}


def render_selects_in_python(form: forms.BaseForm) -> None:
    """Give the form's plain Select / SelectMultiple widgets the Python rendering.

    The widgets are the form instance's own copies, so no other form changes."""
    for field in form.fields.values():
        python_class = PYTHON_SELECTS.get(type(field.widget))
        if python_class is not None:
            field.widget.__class__ = python_class
