"""Coverage: hand-computed numbers, constant queries, and who sees which names."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import OrgUnit
from tests.factories import OrgUnitFactory, member
from tests.training.factories import TrainingSessionFactory, d_measure, d_measures
from training.choices import YearBasis
from training.coverage import Period, coverage_by_unit, coverage_gaps, unit_coverage

APPROVED, SUBMITTED, DRAFT = (
    WorkflowStatus.APPROVED,
    WorkflowStatus.SUBMITTED,
    WorkflowStatus.DRAFT,
)
CALENDAR_2025 = Period(2025)
FISCAL_2025 = Period(2025, YearBasis.FISCAL)


@pytest.fixture
def people(org, officer_gifunaka, approver_gifunaka, officer_koban, officer_ogaki, deactivated):
    """岐阜中署 has five officers (A, B, C at the koban, D, E); others must not count."""
    member("analyst.gifunaka", org.gifunaka, Role.ANALYST)  # not station staff
    return {
        "A": officer_gifunaka,
        "B": approver_gifunaka,
        "C": officer_koban,
        "D": member("officer.d", org.gifunaka, Role.OFFICER, full_name="岐阜中 四郎"),
        "E": member("officer.e", org.gifunaka, Role.OFFICER, full_name="岐阜中 五郎"),
        "ogaki": officer_ogaki,
        "retired": deactivated,
    }


@pytest.fixture
def sessions(org, people):
    """The fixture the numbers below are computed from by hand."""
    d_measures()
    p = people

    def held(code, day, status, attendees, unit=None):
        TrainingSessionFactory(
            owning_unit=unit or org.gifunaka,
            created_by=p["A"],
            measure=d_measure(code),
            date=datetime.date.fromisoformat(day),
            status=status,
            attendees=attendees,
        )

    held("D01", "2025-02-10", APPROVED, [p["A"], p["B"], p["C"], p["ogaki"], p["retired"]])
    held("D01", "2025-06-01", APPROVED, [p["A"]])  # A twice: still one officer
    held("D01", "2025-07-01", DRAFT, [p["D"]])  # not approved: does not count
    held("D01", "2025-09-01", APPROVED, [p["E"], p["ogaki"]], unit=org.ogaki)  # held elsewhere
    held("D02", "2025-03-15", APPROVED, [p["B"]])
    held("D02", "2024-11-20", APPROVED, [p["C"], p["D"]])  # the year before
    held("D02", "2025-05-01", SUBMITTED, [p["A"]])  # awaiting approval: does not count
    held("D03", "2026-02-01", APPROVED, [p["E"]])  # 年度 2025, calendar 2026


def counts(coverage) -> dict[str, int]:
    return {row.measure.code: row.attended for row in coverage.measures}


def test_calendar_year_coverage_matches_the_hand_computed_numbers(org, sessions):
    coverage = unit_coverage(org.gifunaka, CALENDAR_2025)
    assert coverage.officers == 5
    assert counts(coverage) == {"D01": 4, "D02": 1, "D03": 0}  # D01: A B C E
    assert [row.percent for row in coverage.measures] == [80, 20, 0]
    assert coverage.of("D02").missing == 4


def test_fiscal_year_coverage(org, sessions):
    coverage = unit_coverage(org.gifunaka, FISCAL_2025)  # 2025-04-01 … 2026-03-31
    assert counts(coverage) == {"D01": 2, "D02": 0, "D03": 1}  # D01: A (June), E (Sept.)


def test_previous_year_koban_and_other_station(org, sessions):
    assert counts(unit_coverage(org.gifunaka, Period(2024))) == {"D01": 0, "D02": 2, "D03": 0}
    koban = unit_coverage(org.koban, CALENDAR_2025)
    assert (koban.officers, counts(koban)) == (1, {"D01": 1, "D02": 0, "D03": 0})
    ogaki = unit_coverage(org.ogaki, CALENDAR_2025)
    assert (ogaki.officers, counts(ogaki)) == (1, {"D01": 1, "D02": 0, "D03": 0})


def test_a_unit_without_officers_has_no_share(org, sessions):
    coverage = unit_coverage(org.kani, CALENDAR_2025)
    assert coverage.officers == 0
    assert [row.share for row in coverage.measures] == [None, None, None]


def test_gaps_name_who_has_not_attended_d02(org, sessions, people):
    gaps = set(coverage_gaps(org.gifunaka, CALENDAR_2025, "D02"))
    assert gaps == {people[key] for key in ("A", "C", "D", "E")}


def test_every_station_at_once(org, sessions):
    stations = OrgUnit.objects.stations().order_by("code")
    with CaptureQueriesContext(connection) as queries:
        result = {c.unit.code: counts(c)["D01"] for c in coverage_by_unit(stations, CALENDAR_2025)}
    assert result == {"gifunaka": 4, "kani": 0, "ogaki": 1}
    assert len(queries) == 2


def bulk_station(code: str, size: int) -> OrgUnit:
    """A station of `size` officers, half of whom attended an approved D01 session of 2025."""
    unit = OrgUnitFactory(code=code, name=f"{code}警察署")
    users = User.objects.bulk_create(
        User(username=f"{code}.{n:04d}", full_name=f"{code} 署員{n}") for n in range(size)
    )
    Membership.objects.bulk_create(
        Membership(user=user, unit=unit, role=Role.OFFICER) for user in users
    )
    TrainingSessionFactory(
        owning_unit=unit, created_by=users[0], status=APPROVED, attendees=users[::2]
    )
    return unit


def test_coverage_queries_do_not_grow_with_the_number_of_officers(org):
    d_measures()
    results = []
    for code, size in (("small", 10), ("large", 500)):
        unit = bulk_station(code, size)
        with CaptureQueriesContext(connection) as queries:
            coverage = unit_coverage(unit, CALENDAR_2025)
        results.append((len(queries), coverage.officers, coverage.of("D01").attended))
    assert results == [(2, 10, 5), (2, 500, 250)]


def test_coverage_page_queries_do_not_grow_with_the_number_of_officers(client, org):
    d_measures()
    counted = []
    for code, size in (("small", 10), ("large", 500)):
        unit = bulk_station(code, size)
        approver = member(f"approver.{code}", unit, Role.APPROVER)
        client.force_login(approver)
        query = {"unit": unit.pk, "year": 2025, "basis": "calendar"}
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/training/coverage/", query)
        assert len(response.context["officer_rows"]) == size + 1
        counted.append(len(queries))
    assert counted[0] == counted[1]


def test_officers_see_the_shares_approvers_also_the_names(
    client, org, sessions, people, approver_gifunaka
):
    query = {"unit": org.gifunaka.pk, "year": 2025, "basis": "calendar"}
    client.force_login(people["A"])
    response = client.get("/training/coverage/", query)
    assert counts(response.context["coverage"]) == {"D01": 4, "D02": 1, "D03": 0}
    assert "officer_rows" not in response.context
    assert "岐阜中 五郎" not in response.content.decode()
    client.force_login(approver_gifunaka)
    response = client.get("/training/coverage/", query)
    assert {officer.username for officer in response.context["gaps"]} == {
        "officer.gifunaka",
        "officer.ekimae",
        "officer.d",
        "officer.e",
    }
    assert "D02 の未受講者（4 人）" in response.content.decode()


def test_coverage_defaults_to_the_users_station_this_year(client, org, people):
    client.force_login(people["C"])  # a koban officer: their station is 岐阜中
    response = client.get("/training/coverage/")
    assert response.context["unit"] == org.gifunaka
    assert response.context["period"] == Period.current()


def test_another_stations_coverage_is_refused(client, org, people):
    client.force_login(people["A"])
    response = client.get("/training/coverage/", {"unit": org.ogaki.pk, "year": 2025})
    assert "unit" in response.context["form"].errors
    assert "coverage" not in response.context


def test_hq_may_look_at_any_station(client, org, sessions, analyst):
    client.force_login(analyst)
    assert "coverage" not in client.get("/training/coverage/").context  # chooses first
    query = {"unit": org.gifunaka.pk, "year": 2025, "basis": "fiscal"}
    response = client.get("/training/coverage/", query)
    assert counts(response.context["coverage"]) == {"D01": 2, "D02": 0, "D03": 1}
    assert "officer_rows" not in response.context


def test_my_page_lists_the_sessions_i_attended(client, org, sessions, people):
    moved = people["E"]
    client.force_login(moved)
    response = client.get("/training/mine/")
    rows = {s.date.isoformat(): s.in_scope for s in response.context["object_list"]}
    # E attended 大垣署's session: listed, but not a link (outside E's scope).
    assert rows == {"2026-02-01": True, "2025-09-01": False}
