"""Aggregation on the hand-made year of conftest.py: every figure known by heart."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from gifu_taisaku.reports.periods import Basis, Period, Scope
from gifu_taisaku.reports.selectors import (
    AREAS,
    area_sources,
    fold_rows,
    in_period,
    report_figures,
    report_units,
)
from tests.activities.factories import ActivityFactory, measure
from tests.reports.data import activity

YEAR = Period.calendar(2025)


def by_code(table) -> dict[str, int]:
    return {row.label.text: row.total for row in table.table_rows()}


def test_activities_by_measure_month_and_station_count_only_approved(year_2025, analyst):
    activities = report_figures(analyst, YEAR, Scope()).areas["activities"]

    assert activities.totals == {
        "count": 5,
        "participants": 65,
        "foreign": 58,
        "children": 16,
        "child_events": 3,
        "interpreter": 2,
        "cases": 2,
        "arrests": 3,
    }
    by_month = activities.measure_by_month()
    assert by_code(by_month) == {"A01": 1, "A02": 3, "A90": 1}
    assert by_month.column_totals() == [2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    # The 岐阜駅前交番's activity counts for 岐阜中署.
    by_station = activities.station_by_measure()
    assert {row.label.title: row.total for row in by_station.table_rows()} == {
        "岐阜中警察署": 2,
        "大垣警察署": 2,
        "可児警察署": 1,
    }
    assert by_station.total == by_month.total == 5
    assert activities.unapproved == 2  # the submitted one and the draft


def test_interpreters_by_language_liaison_kinds_training_and_last_year(year_2025, analyst):
    figures = report_figures(analyst, YEAR, Scope())

    assert figures.languages == [("ポルトガル語", 2), ("ベトナム語", 1)]
    assert dict(figures.liaison_kinds)["会議"] == 1
    assert dict(figures.liaison_kinds)["合同訓練"] == 1
    assert figures.areas["liaison"].unapproved == 1
    assert figures.areas["training"].totals == {"count": 1, "attendances": 2, "minutes": 60}
    assert figures.areas["activities"].previous["count"] == 1  # 2024's one
    assert figures.areas["activities"].change() == 4
    assert figures.unapproved == 3
    gifunaka = next(c for c in figures.coverage if c.unit.code == "gifunaka")
    assert (gifunaka.officers, gifunaka.of("D01").attended) == (2, 2)


def test_fiscal_year_and_range(year_2025, analyst):
    fiscal = report_figures(analyst, Period.fiscal(2025), Scope()).areas["activities"]
    span = Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), Basis.RANGE)
    january = report_figures(analyst, span, Scope()).areas["activities"]

    # 2025-04-01 … 2026-03-31: 可児's December one and 岐阜中's of 2026-01-01.
    assert fiscal.totals["count"] == 2
    assert january.totals["count"] == 2
    assert span.previous() == Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 1, 31), Basis.RANGE
    )


def test_station_officer_reports_on_their_own_station_only(year_2025, officer_gifunaka, org):
    units, prefecture_wide = report_units(officer_gifunaka)
    figures = report_figures(officer_gifunaka, YEAR, Scope(org.gifunaka))

    assert (list(units), prefecture_wide) == ([org.gifunaka], False)
    assert figures.areas["activities"].totals["count"] == 2
    assert [s.name for s in figures.stations] == ["岐阜中警察署"]
    # Even for the whole prefecture, an officer's records are their station's.
    everything = report_figures(officer_gifunaka, YEAR, Scope())
    assert everything.areas["activities"].totals["count"] == 2


def test_intel_counts_only_for_readers_and_only_what_they_may_read(
    year_2025, officer_gifunaka, analyst, approver_ogaki, org
):
    assert not report_figures(officer_gifunaka, YEAR, Scope(org.gifunaka)).show_intel

    hq = report_figures(analyst, YEAR, Scope()).areas["intel"]
    # 大垣's 秘 report is read by its author and 大垣's approvers only.
    assert hq.totals == {"count": 2, "signs": 1}
    ogaki = report_figures(approver_ogaki, YEAR, Scope(org.ogaki)).areas["intel"]
    assert ogaki.totals == {"count": 2, "signs": 1}


def add_activities(org, count: int) -> None:
    """Approved activities in bulk across stations, measures and months."""
    author = ActivityFactory(owning_unit=org.ogaki).created_by
    codes = [measure(code) for code in ("A02", "A03", "A04")]
    Activity.objects.bulk_create(
        ActivityFactory.build(
            owning_unit=(org.gifunaka, org.ogaki, org.kani, org.koban)[n % 4],
            measure=codes[n % 3],
            date=datetime.date(2025, n % 12 + 1, 1),
            status="approved",
            created_by=author,
        )
        for n in range(count)
    )


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/reports/dashboard/?basis=calendar&year=2025&unit=")
    assert response.status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_records(year_2025, admin_user, client):
    client.force_login(admin_user)
    add_activities(year_2025, 10)
    dashboard_queries(client)  # the first request also warms per-process caches
    with_10 = dashboard_queries(client)

    add_activities(year_2025, 190)

    assert dashboard_queries(client) == with_10


# --- the figures read in two queries per area equal plain aggregates (issue 9) -------------

PERIODS = [
    YEAR,
    Period.fiscal(2025),
    # Longer than a year: the period and the year before overlap (2024-05 … 2024-06).
    Period(datetime.date(2024, 5, 1), datetime.date(2025, 6, 15), Basis.RANGE),
    # Starting and ending inside a month.
    Period(datetime.date(2025, 1, 16), datetime.date(2025, 3, 7), Basis.RANGE),
]


def plain_figures(records, area, period, scope) -> dict:
    """The figures of one area computed the obvious way: one aggregate per figure."""
    from django.db.models.functions import TruncMonth

    approved = in_period(records, area, period, scope).filter(status="approved")
    before = in_period(records, area, period.previous(), scope).filter(status="approved")
    months = before.annotate(m=TruncMonth(area.date_field)).values_list("m")
    return {
        "month_rows": sorted(
            (r["measure_id"], r["month"], tuple(r[name] for name in area.metrics))
            for r in approved.annotate(month=TruncMonth(area.date_field))
            .values("measure_id", "month")
            .annotate(**area.metrics)
        ),
        "totals": {k: v or 0 for k, v in approved.aggregate(**area.metrics).items()},
        "previous": {k: v or 0 for k, v in before.aggregate(**area.metrics).items()},
        "unapproved": in_period(records, area, period, scope).exclude(status="approved").count(),
        "previous_months": dict(months.annotate(n=Count("pk")).order_by()),
    }


@pytest.mark.parametrize("period", PERIODS, ids=["calendar", "fiscal", "overlapping", "partial"])
def test_area_figures_equal_one_aggregate_per_figure(year_2025, analyst, officer_gifunaka, period):
    add_activities(year_2025, 24)
    activity(year_2025.ogaki, datetime.date(2024, 6, 30), "A90", cases_built=None)
    activity(year_2025.kani, datetime.date(2025, 2, 1), status="returned")
    for user in (analyst, officer_gifunaka):
        figures = report_figures(user, period, Scope())
        sources = area_sources(user)
        assert set(figures.areas) == set(sources)
        for key, records in sources.items():
            area, got = AREAS[key], figures.areas[key]
            want = plain_figures(records, area, period, Scope())
            rows = sorted(
                (r["measure_id"], r["month"], tuple(r[name] for name in area.metrics))
                for r in got.month_rows
            )
            assert rows == want["month_rows"], key
            assert got.totals == want["totals"], key
            assert got.previous == want["previous"], key
            assert got.unapproved == want["unapproved"], key
            if key == "activities":
                assert got.extra["previous_months"] == want["previous_months"]


def test_fold_rows_sums_like_sql():
    rows = [
        {"unit": 1, "measure": 7, "n": 2, "cases": None},
        {"unit": 2, "measure": 7, "n": 3, "cases": None},
        {"unit": 2, "measure": 8, "n": 1, "cases": None},
        {"unit": 3, "measure": 8, "n": 1, "cases": 4},
    ]

    folded = fold_rows(rows, ("measure",), ("n", "cases"))

    # SUM over only NULLs is NULL; NULL and 4 sum to 4.
    assert folded == [{"measure": 7, "n": 5, "cases": None}, {"measure": 8, "n": 2, "cases": 4}]


def test_report_figures_reads_each_area_twice(year_2025, analyst):
    report_figures(analyst, YEAR, Scope())  # warms per-process caches
    with CaptureQueriesContext(connection) as queries:
        report_figures(analyst, YEAR, Scope())

    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    # Per area: the period's approved rows, and the year before with the unapproved count;
    # then the interpreters' languages and the liaison kinds.
    reads = {
        "activities_activity": 3,
        "liaison_liaisonrecord": 3,
        "intel_intelreport": 2,
    }
    assert {table: tables.count(f'"{table}"') for table in reads} == reads, tables
