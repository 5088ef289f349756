"""Date fields read dates as officers write them, 和暦 included; selects rendered in Python
(core.forms)."""

import datetime

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from activities.filters import ActivityFilter
from activities.models import Activity
from gifu_taisaku.core.forms import (
    DATE_HELP,
    JapaneseDateField,
    JapaneseFormMixin,
    PythonSelect,
    PythonSelectMultiple,
    date_input,
    render_selects_in_python,
)
from gifu_taisaku.orgs.models import Language

UNREADABLE = "日付として読み取れません。2025/04/01 や 令和7年4月1日 のように入力してください。"


class VisitForm(JapaneseFormMixin, forms.Form):
    """A plain DateField, as a ModelForm makes from a model's DateField."""

    day = forms.DateField(label="実施日", widget=date_input())


class DueForm(JapaneseFormMixin, forms.Form):
    due = forms.DateField(label="期限", required=False, help_text="対応する日です。")


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025/04/01", datetime.date(2025, 4, 1)),
        ("2025-04-01", datetime.date(2025, 4, 1)),
        ("2025/4/1", datetime.date(2025, 4, 1)),
        ("２０２５／０４／０１", datetime.date(2025, 4, 1)),
        ("2025年4月1日", datetime.date(2025, 4, 1)),
        ("令和7年4月1日", datetime.date(2025, 4, 1)),
        ("令和７年４月１日", datetime.date(2025, 4, 1)),
        ("R7.4.1", datetime.date(2025, 4, 1)),
        ("r7.4.1", datetime.date(2025, 4, 1)),
        ("令和元年5月1日", datetime.date(2019, 5, 1)),
        ("平成31年4月30日", datetime.date(2019, 4, 30)),
        (" H31.4.30 ", datetime.date(2019, 4, 30)),
    ],
)
def test_a_date_field_reads_the_ways_officers_write_dates(typed, day):
    form = VisitForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("令和7年2月30日", "存在しない日付です。"),
        ("平成31年5月1日", "平成31年5月1日という日付はありません。元号を確認してください。"),
        ("平成32年1月1日", "平成32年1月1日という日付はありません。元号を確認してください。"),
        ("令和元年4月30日", "令和元年4月30日という日付はありません。元号を確認してください。"),
        ("4月1日", UNREADABLE),
        ("あした", UNREADABLE),
    ],
)
def test_a_date_that_does_not_exist_is_an_error_under_the_field_and_the_text_stays(typed, message):
    form = VisitForm({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == [message]
    html = str(form["day"])
    assert f'value="{typed.strip()}"' in html  # what was typed, kept for correcting
    assert 'aria-invalid="true"' in html


def test_the_box_is_text_with_an_example_and_shows_a_stored_date_as_iso():
    form = VisitForm(initial={"day": datetime.date(2025, 4, 1)})
    html = str(form["day"])
    assert 'type="text"' in html
    assert 'value="2025-04-01"' in html
    assert 'aria-describedby="id_day_helptext"' in html
    assert form.fields["day"].help_text == DATE_HELP


def test_a_field_with_its_own_help_keeps_it_and_gains_the_example():
    field = DueForm().fields["due"]
    assert isinstance(field, JapaneseDateField)
    assert field.help_text == f"対応する日です。 {DATE_HELP}"
    assert isinstance(field.widget, forms.DateInput)
    assert field.widget.input_type == "text"
    assert DueForm({"due": ""}).is_valid()  # optional stays optional


def test_only_the_form_instance_is_changed():
    VisitForm()
    assert type(VisitForm.base_fields["day"]) is forms.DateField


def test_an_activity_form_takes_wareki(org, officer_gifunaka):
    from activities.forms import ActivityForm

    form = ActivityForm(
        {"date": "令和7年6月10日", "follow_up_due": "R7.7.1"}, user=officer_gifunaka
    )
    form.is_valid()
    assert "date" not in form.errors
    assert "follow_up_due" not in form.errors
    assert form.cleaned_data["date"] == datetime.date(2025, 6, 10)
    assert form.cleaned_data["follow_up_due"] == datetime.date(2025, 7, 1)


# --- <select> rendered in Python (issue 9): the same markup as the template ----------------


def _both(widget_class, python_class, name, value, attrs=None, choices=()):
    renderer = get_default_renderer()
    by_template = widget_class(choices=choices).render(name, value, attrs, renderer)
    in_python = python_class(choices=choices).render(name, value, attrs, renderer)
    return by_template, in_python


def _select_cases() -> dict:
    return {
        "plain, one selected": ("s", "b", {}, [("", "すべて"), ("a", "下書き"), ("b", "承認")]),
        "nothing selected, none value": ("x", None, {}, [(None, "—"), (1, "一")]),
        "escaping and safe labels": (
            "q",
            '<"&>',
            {"data-x": '"<&>'},
            [('<"&>', "<b>太字</b> & 'quote'"), ("s", format_html("<i>{}</i>", "安全"))],
        ),
        "attributes: True bare, False left out, aria": (
            "f",
            "1",
            {"id": "id_f", "required": True, "disabled": False, "aria-describedby": "id_f_help"},
            [("1", "一"), ("2", "二")],
        ),
        "optgroups": (
            "g",
            "b2",
            {"id": "id_g"},
            [("", "すべて"), ("グループA", [("a1", "A1"), ("a2", "A2")]), ("b2", "B2")],
        ),
        "numbers and lazy labels": ("n", 2, {}, [(1, 1234567), (2, gettext_lazy("二"))]),
    }


@pytest.mark.parametrize("case", list(_select_cases()))
def test_a_select_rendered_in_python_is_the_templates_markup(case):
    name, value, attrs, choices = _select_cases()[case]
    by_template, in_python = _both(forms.Select, PythonSelect, name, value, attrs, choices)
    assert in_python == by_template
    assert "<option" in in_python


def test_a_multiple_select_marks_every_chosen_option_like_the_template():
    choices = [("en", "英語"), ("vi", "ベトナム語"), ("pt", "ポルトガル語")]
    by_template, in_python = _both(
        forms.SelectMultiple, PythonSelectMultiple, "langs", ["en", "pt"], {"id": "id_l"}, choices
    )
    assert in_python == by_template
    assert in_python.count(" selected") == 2


def test_a_filter_form_renders_the_same_with_python_selects(rf, org):
    """The activity filter (units, measures, municipalities, languages, nationalities, status)
    with values chosen: identical HTML either way, and its selects are the Python ones."""
    for code, name in (("en", "英語"), ("vi", "ベトナム語"), ("pt", "ポルトガル語")):
        Language.objects.get_or_create(code=code, defaults={"name": name})
    language = Language.objects.get(code="vi")
    request = rf.get(
        "/activities/",
        {"owning_unit": org.ogaki.pk, "status": "approved", "language": language.pk, "q": "<x>"},
    )
    by_template = ActivityFilter(request.GET, queryset=Activity.objects.all(), request=request)
    in_python = ActivityFilter(request.GET, queryset=Activity.objects.all(), request=request)
    render_selects_in_python(in_python.form)
    assert type(in_python.form.fields["status"].widget) is PythonSelect
    assert type(by_template.form.fields["status"].widget) is forms.Select
    html = str(in_python.form)
    assert html == str(by_template.form)
    assert f'<option value="{language.pk}" selected>' in html
    assert f'<option value="{org.ogaki.pk}" selected>' in html


class RequiredForm(JapaneseFormMixin, forms.Form):
    title = forms.CharField(label="件名")
    kind = forms.ChoiceField(label="種別", choices=[("a", "会議")])
    agreed = forms.BooleanField(label="同意")
    note = forms.CharField(label="備考", error_messages={"required": "備考は必ず書くこと。"})
    unlabelled = forms.CharField(label="")


def test_a_missing_value_names_the_field_in_japanese():
    errors = RequiredForm(data={}).errors
    assert errors["title"] == ["件名を入力してください。"]
    assert errors["kind"] == ["種別を選択してください。"]
    assert errors["agreed"] == ["同意にチェックを入れてください。"]
    assert errors["note"] == ["備考は必ず書くこと。"]  # a form's own message is kept
    assert errors["unlabelled"] == ["このフィールドは必須です。"]
