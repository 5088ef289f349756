"""和暦 and 年度 at the boundaries official documents care about."""

import datetime
import itertools

import pytest
from django.template import Context, Template

from gifu_taisaku.core import wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
        (datetime.date(1989, 1, 8), "平成元年1月8日"),
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(2025, 4, 1), "令和7年4月1日"),
    ],
)
def test_wareki_date_changes_era_on_the_right_day(day, expected):
    assert wareki.wareki_date(day) == expected


@pytest.mark.parametrize(
    ("day", "fiscal_year", "label"),
    [
        (datetime.date(2025, 3, 31), 2024, "令和6年度"),
        (datetime.date(2025, 4, 1), 2025, "令和7年度"),
        (datetime.date(2019, 4, 1), 2019, "令和元年度"),
        (datetime.date(2020, 3, 31), 2019, "令和元年度"),
        (datetime.date(1989, 3, 31), 1988, "昭和63年度"),
        (datetime.date(1989, 4, 1), 1989, "平成元年度"),
    ],
)
def test_fiscal_year_runs_april_to_march(day, fiscal_year, label):
    assert wareki.fiscal_year_of(day) == fiscal_year
    assert wareki.fiscal_year_label(fiscal_year) == label


def test_fiscal_year_range_is_april_first_to_march_thirty_first():
    assert wareki.fiscal_year_range(2025) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


@pytest.mark.parametrize(
    ("year", "label"), [(2019, "令和元年"), (2025, "令和7年"), (1989, "平成元年")]
)
def test_calendar_year_label(year, label):
    assert wareki.wareki_year(year) == label


def test_template_filters_render_dates_in_japan_time():
    # 2025-03-31 15:30 UTC is already 4月1日 in Japan: the date must follow Japan time.
    moment = datetime.datetime(2025, 3, 31, 15, 30, tzinfo=datetime.UTC)
    rendered = Template(
        "{{ d|wareki }}|{{ d|wareki_datetime }}|{{ d|nendo }}|{{ y|nendo }}"
    ).render(Context({"d": moment, "y": 2019}))
    assert rendered == "令和7年4月1日|令和7年4月1日 00:30|令和7年度|令和元年度"


def test_template_filters_leave_missing_dates_empty():
    assert Template("[{{ d|wareki }}]").render(Context({"d": None})) == "[]"


def test_modern_eras_run_from_meiji_to_reiwa_without_gaps():
    eras = wareki.modern_eras()
    assert [(era.kanji, era.initial) for era in eras] == [
        ("明治", "M"),
        ("大正", "T"),
        ("昭和", "S"),
        ("平成", "H"),
        ("令和", "R"),
    ]
    heisei, reiwa = eras[-2:]
    assert (heisei.first_day, heisei.last_day) == (
        datetime.date(1989, 1, 8),
        datetime.date(2019, 4, 30),
    )
    assert (reiwa.first_day, reiwa.last_day) == (datetime.date(2019, 5, 1), None)
    for older, newer in itertools.pairwise(eras):
        assert older.last_day + datetime.timedelta(days=1) == newer.first_day
