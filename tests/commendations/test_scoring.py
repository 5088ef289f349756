"""commendations.scoring on the hand-built year of tests/commendations/data.py."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commendations.scoring import StationScore, YearResult, compute_year, rank
from tests.activities.factories import ActivityFactory
from tests.commendations.data import make_scheme
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def points(result, station, key, code=""):
    return result.station(station.pk).metric(key, code)


def test_every_metric_of_the_hand_built_year(org, year):
    result = compute_year(year)
    gifunaka, ogaki, kani = (result.station(s.pk) for s in (org.gifunaka, org.ogaki, org.kani))
    assert (gifunaka.officers, ogaki.officers, kani.officers) == (4, 2, 5)
    assert (gifunaka.foreign_residents, ogaki.foreign_residents, kani.foreign_residents) == (
        1000,
        500,
        2000,
    )
    expected = {
        # key, code: (raw, normalised, capped, points) for 岐阜中, 大垣
        ("activities", ""): ((3, 3, False, 3), (1, 1, False, 1)),
        ("activities", "A02"): ((2, 2, False, 2), (1, 1, False, 1)),
        ("foreign_participants", ""): ((33, 33, True, 10), (40, 80, True, 10)),
        ("interpreter_visits", ""): ((1, 25, False, 50), (0, 0, False, 0)),
        ("liaison_events", ""): ((3, 3, True, 6), (1, 1, False, 3)),
        ("intel_signs", ""): ((0, 0, False, 0), (1, 1, False, 1)),
        ("training_coverage", ""): ((50, 50, False, 5), (0, 0, False, 0)),
    }
    for (key, code), rows in expected.items():
        for station, (raw, normalised, capped, pts) in zip((gifunaka, ogaki), rows, strict=True):
            metric = station.metric(key, code)
            actual = (metric.raw, metric.normalised, metric.capped, metric.points)
            assert actual == (Decimal(raw), Decimal(normalised), capped, Decimal(pts)), (
                station.name,
                key,
                code,
            )
    assert all(m.points == 0 for m in kani.metrics)


def test_totals_ranks_and_change_from_last_year(org, year):
    result = compute_year(year)
    assert [(s.name, s.total, s.rank) for s in result.stations] == [
        ("岐阜中警察署", Decimal("76.00"), 1),
        ("大垣警察署", Decimal("16.00"), 2),
        ("可児警察署", Decimal("0.00"), 3),
    ]
    assert result.station(org.gifunaka.pk).change == Decimal("75.00")
    assert result.station(org.ogaki.pk).change == Decimal("16.00")


def test_fiscal_basis_counts_april_to_march(org, year):
    year.basis = "fiscal"
    year.save()
    result = compute_year(year)
    # 2025-04-01 … 2026-03-31: 岐阜中's January–March activities fall out.
    assert result.station(org.gifunaka.pk).metric("activities", "").raw == 0
    assert result.station(org.ogaki.pk).metric("activities", "").raw == 1


def test_equal_totals_share_a_rank():
    stations = [
        StationScore(n, f"s{n}", f"署{n}", 1, 1, [], total=Decimal(total))
        for n, total in enumerate(("5", "9", "5", "1"))
    ]
    assert [(s.total, s.rank) for s in rank(stations)] == [
        (Decimal("9"), 1),
        (Decimal("5"), 2),
        (Decimal("5"), 2),
        (Decimal("1"), 4),
    ]


def test_a_result_survives_its_json_form(year):
    result = compute_year(year)
    again = YearResult.from_json(result.to_json())
    assert again.stations == result.stations


def count_queries(scheme) -> tuple[int, int]:
    """(queries, stations) of computing `scheme`."""
    with CaptureQueriesContext(connection) as queries:
        result = compute_year(scheme)
    return len(queries), len(result.stations)


def add_stations(n: int, author) -> None:
    for i in range(n):
        station = OrgUnitFactory(code=f"extra{i}", name=f"追加{i}警察署")
        ActivityFactory(owning_unit=station, status="approved", created_by=author)


def test_query_count_does_not_grow_with_stations_or_records(org, year, admin_user):
    three, stations = count_queries(year)
    assert stations == 3
    add_stations(19, admin_user)
    assert count_queries(year) == (three, 22)


def test_a_station_without_officers_or_residents_normalises_to_zero(org, admin_user):
    scheme = make_scheme(
        2030,
        admin_user,
        rows=(
            ("activities", "", "1", "per_100_officers", None),
            ("foreign_participants", "", "1", "per_1000_foreign", None),
        ),
    )
    ActivityFactory(owning_unit=org.kani, status="approved", date="2030-05-01")
    assert [m.points for m in compute_year(scheme).station(org.kani.pk).metrics] == [0, 0]
