"""Dates typed as officers type them."""

import datetime

import pytest
from django import forms


class DateForm(forms.Form):
    day = forms.DateField(label="実施日")


@pytest.mark.parametrize("typed", ["2025/04/01", "2025-04-01"])
def test_date_fields_accept_slashes_and_iso(typed):
    form = DateForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2025, 4, 1)


def test_an_impossible_date_is_refused_in_japanese():
    form = DateForm({"day": "2025/02/30"})
    assert not form.is_valid()
    assert "日付を正しく入力してください" in str(form.errors["day"])
