"""A small hand-made year (2025) whose figures are known by heart.

Approved activities of 2025: 岐阜中 two (one by its 岐阜駅前交番), 大垣 two (A01 with
interpreters, A90 enforcement), 可児 one; plus an unapproved pair at 岐阜中, one of 2024
(last year) and one of 2026 (outside). Liaison: two approved, one submitted. Intel: 大垣's
部内限り report, 大垣's 秘 report (a 予兆), 岐阜中's 部内限り 予兆. Training: one 岐阜中 session.
"""

import datetime

from activities.choices import InterpreterKind, OffenceType
from gifu_taisaku.core.models import WorkflowStatus
from intel.choices import Secrecy
from liaison.choices import LiaisonKind
from tests.activities.factories import ActivityFactory, measure
from tests.intel.factories import IntelReportFactory
from tests.liaison.factories import LiaisonRecordFactory
from tests.orgs.factories import LanguageFactory
from tests.training.factories import TrainingSessionFactory, d_measures

APPROVED = WorkflowStatus.APPROVED
D = datetime.date


def activity(unit, day, code="A02", status=APPROVED, languages=(), **fields):
    record = ActivityFactory(
        owning_unit=unit, date=day, measure=measure(code, f"方策{code}"), status=status, **fields
    )
    record.interpreter_languages.set(languages)
    return record


def make_year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki):
    """The records of the docstring above; returns `org`."""
    pt = LanguageFactory(code="pt", name="ポルトガル語")
    vi = LanguageFactory(code="vi", name="ベトナム語")
    interpreted = {"interpreter_used": True, "interpreter_kind": InterpreterKind.EXTERNAL}
    activity(org.gifunaka, D(2025, 1, 15), participants_total=20, participants_foreign=18)
    activity(
        org.koban,
        D(2025, 1, 20),
        participants_total=10,
        participants_foreign=10,
        participants_children=4,
        languages=[pt],
        **interpreted,
    )
    activity(
        org.ogaki,
        D(2025, 3, 5),
        "A01",
        participants_total=5,
        participants_foreign=5,
        participants_children=2,
        households_visited=5,
        languages=[pt, vi],
        **interpreted,
    )
    activity(
        org.ogaki,
        D(2025, 3, 10),
        "A90",
        participants_total=0,
        participants_foreign=0,
        offence_type=OffenceType.ILLEGAL_EMPLOYMENT,
        cases_built=2,
        persons_arrested=3,
    )
    activity(
        org.kani,
        D(2025, 12, 31),
        participants_total=30,
        participants_foreign=25,
        participants_children=10,
    )
    activity(org.gifunaka, D(2025, 6, 1), status=WorkflowStatus.SUBMITTED, participants_total=99)
    activity(org.gifunaka, D(2025, 7, 1), status=WorkflowStatus.DRAFT)
    activity(org.gifunaka, D(2024, 5, 1))
    activity(org.gifunaka, D(2026, 1, 1))

    LiaisonRecordFactory(owning_unit=org.gifunaka, date=D(2025, 2, 1), status=APPROVED)
    LiaisonRecordFactory(
        owning_unit=org.ogaki, date=D(2025, 2, 2), status=APPROVED, kind=LiaisonKind.JOINT_DRILL
    )
    LiaisonRecordFactory(owning_unit=org.kani, date=D(2025, 2, 3), status=WorkflowStatus.SUBMITTED)

    intel = {"status": APPROVED, "information_date": D(2025, 4, 1)}
    IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, **intel)
    IntelReportFactory(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        secrecy=Secrecy.SECRET,
        warning_sign=True,
        **intel,
    )
    IntelReportFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, warning_sign=True, **intel
    )

    d_measures()
    TrainingSessionFactory(
        owning_unit=org.gifunaka,
        status=APPROVED,
        attendees=[officer_gifunaka, approver_gifunaka],
    )
    return org
