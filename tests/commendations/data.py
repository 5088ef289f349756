"""A hand-built year (2025) of three stations whose scores are known to the point.

Officers (station staff, active): 岐阜中 4 (one at its koban), 大垣 2, 可児 5. Foreign
residents: 市A (2,000, shared by 岐阜中 and 可児), 市B (500, 大垣), 町C (1,000, 可児; a 2024
figure, the latest up to 2025). Scheme 2025 (暦年):

metric (weight, normalisation, cap)    岐阜中                       大垣                 可児
activities (1, none)                  3 → 3                        1 → 1                0
activities A02 (1, none)              2 → 2                        1 → 1                0
foreign (0.5, per 1,000 foreign, 20)  33 /1000 → 33 ⇒ 20 → 10      40 /500 → 80 ⇒ 20 → 10  0
interpreter visits (2, per 100 off.)  1 /4 → 25 → 50               0                    0
liaison events (3, none, cap 2)       3 ⇒ 2 → 6                    1 → 3                0
intel 予兆 (1, none)                  0                            1 → 1 (秘 not counted)  0
training coverage (0.1, none)         50 % → 5                     0                    0
total                                 76 (1位)                     16 (2位)             0 (3位)

Scheme 2024 counts all activities (weight 1): 岐阜中 had one, so its change is +75.
"""

import datetime
from decimal import Decimal

from activities.choices import InterpreterKind, OffenceType
from commendations.choices import Normalisation
from commendations.models import Scheme, SchemeMetric
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import WorkflowStatus
from intel.choices import Secrecy
from liaison.choices import LiaisonKind
from tests.factories import member
from tests.intel.factories import IntelReportFactory
from tests.liaison.factories import LiaisonRecordFactory
from tests.orgs.factories import (
    ForeignPopulationFactory,
    JurisdictionFactory,
    MunicipalityFactory,
)
from tests.reports.data import activity
from tests.training.factories import TrainingSessionFactory

APPROVED = WorkflowStatus.APPROVED
D = datetime.date
INTERPRETED = {"interpreter_used": True, "interpreter_kind": InterpreterKind.EXTERNAL}

# (metric, measure_code, weight, normalisation, cap)
SCHEME_2025 = (
    ("activities", "", "1", Normalisation.NONE, None),
    ("activities", "A02", "1", Normalisation.NONE, None),
    ("foreign_participants", "", "0.5", Normalisation.PER_1000_FOREIGN, "20"),
    ("interpreter_visits", "", "2", Normalisation.PER_100_OFFICERS, None),
    ("liaison_events", "", "3", Normalisation.NONE, "2"),
    ("intel_signs", "", "1", Normalisation.NONE, None),
    ("training_coverage", "", "0.1", Normalisation.NONE, None),
)


def make_scheme(year, admin, rows=SCHEME_2025, basis="calendar") -> Scheme:
    scheme = Scheme.objects.create(year=year, basis=basis, created_by=admin)
    for order, (metric, code, weight, how, cap) in enumerate(rows):
        SchemeMetric.objects.create(
            scheme=scheme,
            metric=metric,
            measure_code=code,
            weight=Decimal(weight),
            normalisation=how,
            cap=None if cap is None else Decimal(cap),
            sort_order=order,
        )
    return scheme


def officers(org) -> dict:
    """Station staff; the deactivated and the HQ analyst do not count."""
    staff = {
        "gifunaka": [
            member("cmd.g1", org.gifunaka, Role.OFFICER),
            member("cmd.g2", org.gifunaka, Role.OFFICER),
            member("cmd.g3", org.koban, Role.OFFICER),
            member("cmd.g4", org.gifunaka, Role.APPROVER),
        ],
        "ogaki": [member(f"cmd.o{n}", org.ogaki, Role.OFFICER) for n in range(2)],
        "kani": [member(f"cmd.k{n}", org.kani, Role.OFFICER) for n in range(5)],
    }
    member("cmd.retired", org.gifunaka, Role.OFFICER, is_active=False)
    member("cmd.analyst", org.kokusai, Role.ANALYST)
    return staff


def residents(org) -> None:
    city_a, city_b, town_c = (MunicipalityFactory() for _ in range(3))
    JurisdictionFactory(station=org.gifunaka, municipality=city_a, partial=True)
    JurisdictionFactory(station=org.kani, municipality=city_a, partial=True)
    JurisdictionFactory(station=org.ogaki, municipality=city_b)
    JurisdictionFactory(station=org.kani, municipality=town_c)
    ForeignPopulationFactory(municipality=city_a, year=2025, count=2000)
    ForeignPopulationFactory(municipality=city_b, year=2025, count=500)
    ForeignPopulationFactory(municipality=city_b, year=2026, count=9999)
    ForeignPopulationFactory(municipality=town_c, year=2024, count=1000)


def activities(org) -> None:
    activity(org.gifunaka, D(2025, 1, 15), participants_total=20, participants_foreign=18)
    activity(org.koban, D(2025, 2, 1), participants_total=10, participants_foreign=10)
    activity(
        org.gifunaka,
        D(2025, 3, 5),
        "A01",
        participants_total=5,
        participants_foreign=5,
        households_visited=5,
        **INTERPRETED,
    )
    activity(org.gifunaka, D(2025, 6, 1), status=WorkflowStatus.SUBMITTED, participants_foreign=9)
    activity(org.gifunaka, D(2024, 5, 1))
    activity(org.ogaki, D(2025, 4, 1), participants_total=40, participants_foreign=40)
    activity(
        org.ogaki,
        D(2025, 3, 10),
        "A90",
        participants_total=0,
        participants_foreign=0,
        offence_type=OffenceType.ILLEGAL_EMPLOYMENT,
        cases_built=2,
    )


def liaison(org) -> None:
    for month in (2, 5, 8):
        LiaisonRecordFactory(owning_unit=org.gifunaka, date=D(2025, month, 1), status=APPROVED)
    LiaisonRecordFactory(owning_unit=org.ogaki, date=D(2025, 5, 1), status=APPROVED)
    LiaisonRecordFactory(
        owning_unit=org.ogaki, date=D(2025, 5, 2), status=APPROVED, kind=LiaisonKind.INFO_EXCHANGE
    )
    LiaisonRecordFactory(owning_unit=org.kani, date=D(2025, 5, 1), status="submitted")


def intel(org) -> None:
    def report(unit, **fields):
        return IntelReportFactory(owning_unit=unit, warning_sign=True, **fields)

    report(org.ogaki, status=APPROVED)
    report(org.ogaki, status=APPROVED, secrecy=Secrecy.SECRET)
    report(org.kani, status="submitted")


def make_year(org, admin) -> dict:
    """Everything of the docstring; returns the station staff."""
    staff = officers(org)
    residents(org)
    activities(org)
    liaison(org)
    intel(org)
    TrainingSessionFactory(
        owning_unit=org.gifunaka, status=APPROVED, attendees=staff["gifunaka"][:2]
    )
    make_scheme(2025, admin)
    make_scheme(2024, admin, rows=(("activities", "", "1", Normalisation.NONE, None),))
    return staff
