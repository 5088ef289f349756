"""The demo activities of `manage.py seed_demo`: plausible, valid, reproducible, idempotent."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from activities import demo
from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Jurisdiction
from liaison.models import Organisation, OrganisationKind

STATIONS = ("gifunaka", "ogaki", "kani")
DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker):
    """Seed once for the module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True, DEMO_PASSWORD=DEMO_PASSWORD):
            call_command("load_reference", verbosity=0)
            call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_database, db):
    """The demo activities (each test's changes are rolled back to the seeded state)."""
    return Activity.objects.select_related("measure", "owning_unit", "created_by", "decided_by")


def test_two_years_of_records_for_the_three_demo_stations(seeded):
    activities = list(seeded)
    assert 150 <= len(activities) <= 300
    assert {a.owning_unit.code for a in activities} == set(STATIONS)
    assert all(demo.PERIOD[0] <= a.date <= demo.PERIOD[1] for a in activities)
    assert all(a.created_by.username == f"officer.{a.owning_unit.code}" for a in activities)
    per_station = Counter(a.owning_unit.code for a in activities)
    assert min(per_station.values()) >= 50


def test_every_record_passes_the_model_rules(seeded):
    for activity in seeded:
        activity.full_clean()


def test_municipalities_come_from_each_stations_jurisdiction(seeded):
    jurisdiction = set(Jurisdiction.objects.values_list("station__code", "municipality"))
    for activity in seeded.exclude(municipality=None):
        assert (activity.owning_unit.code, activity.municipality_id) in jurisdiction


def test_most_are_approved_some_wait_some_were_returned_some_are_drafts(seeded):
    statuses = Counter(seeded.values_list("status", flat=True))
    assert statuses[WorkflowStatus.APPROVED] > 0.85 * sum(statuses.values())
    approver = User.objects.get(username="approver.gifunaka")
    gifunaka = seeded.filter(owning_unit__code="gifunaka")
    waiting = gifunaka.filter(status=WorkflowStatus.SUBMITTED)
    assert waiting.count() >= 3
    assert all(a.submitted_at and a.decided_by is None for a in waiting)
    returned = gifunaka.filter(status=WorkflowStatus.RETURNED)
    assert returned.count() >= 2
    assert all(a.decided_by == approver and a.decision_comment for a in returned)
    assert gifunaka.filter(status=WorkflowStatus.DRAFT).exists()
    assert all(a.decided_by == approver for a in gifunaka.filter(status=WorkflowStatus.APPROVED))


def test_decisions_follow_submissions_and_history_shows_each_step(seeded):
    approved = seeded.filter(status=WorkflowStatus.APPROVED).first()
    assert approved.created_at < approved.submitted_at < approved.decided_at
    assert approved.created_at.date() > approved.date  # written up afterwards
    steps = list(approved.history.order_by("history_date"))
    assert [(s.status, s.history_user_id) for s in steps] == [
        (WorkflowStatus.DRAFT, approved.created_by_id),
        (WorkflowStatus.SUBMITTED, approved.created_by_id),
        (WorkflowStatus.APPROVED, approved.decided_by_id),
    ]
    assert steps[-1].version == approved.version == 3


def test_records_are_written_and_decided_on_working_days_in_office_hours(seeded):
    local = timezone.get_current_timezone()
    for activity in seeded.exclude(decided_at=None):
        for moment in (activity.created_at, activity.submitted_at, activity.decided_at):
            moment = moment.astimezone(local)
            assert moment.weekday() < 5
            assert 8 <= moment.hour < 19


def test_other_stations_decisions_name_their_own_approver_who_cannot_sign_in(seeded):
    decided = seeded.filter(owning_unit__code="ogaki").exclude(decided_by=None).first()
    assert decided.decided_by.username == "approver.ogaki"
    assert not decided.decided_by.has_usable_password()


def test_home_visits_have_an_interpreter_households_and_languages(seeded):
    visits = seeded.filter(measure__code="A01").prefetch_related("interpreter_languages")
    assert visits.count() >= 30
    for visit in visits:
        assert visit.interpreter_used
        assert visit.interpreter_kind
        assert visit.households_visited >= visit.foreign_households >= visit.liaison_cards
        assert {lang.code for lang in visit.interpreter_languages.all()} <= {"pt", "tl", "vi", "zh"}
    kinds = set(visits.values_list("interpreter_kind", flat=True))
    assert kinds == {"internal", "external"}


def test_programmes_for_children_at_schools(seeded):
    for_children = seeded.filter(participants_children__gt=0)
    assert for_children.count() >= 6
    assert {a.measure.code for a in for_children} >= {"A03", "A04", "A06"}
    school = Organisation.objects.get(name="可児市立こだま小学校")
    at_school = for_children.filter(partners=school)
    assert at_school.exists()
    assert all(a.audience_languages.exists() for a in at_school)


def test_traffic_classes_in_spring_and_autumn(seeded):
    months = set(seeded.filter(measure__code="A03").values_list("date__month", flat=True))
    assert {4, 5} <= months
    assert months & {9, 10, 11}
    assert not months & {1, 2, 3, 6, 7, 8, 12}


def test_joint_patrols_enforcement_and_partner_organisations(seeded):
    patrols = seeded.filter(measure__code="A07")
    assert patrols.exists()
    assert {p.patrol_group.kind for p in patrols} == {OrganisationKind.CRIME_PREVENTION}
    enforcement = seeded.filter(measure__code="A90")
    assert 3 <= enforcement.count() <= 8
    assert enforcement.filter(offence_type="illegal_employment", cases_built=1).exists()
    assert all(a.persons_arrested >= 1 for a in enforcement)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"crime_prevention", "company", "school", "international"} <= kinds


def test_audience_languages_add_up_to_the_foreign_participants(seeded):
    for activity in seeded.filter(measure__code__in=["A02", "A03", "A04"]):
        counts = activity.audience_languages.values_list("count", flat=True)
        assert sum(counts) == activity.participants_foreign


def test_running_seed_demo_again_adds_nothing(seeded, settings):
    settings.DEBUG, settings.DEMO_PASSWORD = True, DEMO_PASSWORD
    before = (Activity.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Activity.objects.count(), Organisation.objects.count(), User.objects.count()) == before


def test_the_same_records_on_every_fresh_database(seeded):
    """Reproducible: the same figures come back after the demo records are gone."""

    def fingerprint():
        return list(
            seeded.order_by("owning_unit__code", "date", "title").values_list(
                "owning_unit__code", "date", "title", "participants_total", "status"
            )
        )

    first = fingerprint()
    Activity.objects.all().delete()
    assert demo.seed().startswith("デモの各種警察活動 ")
    assert fingerprint() == first
    assert first[0][1] >= datetime.date(2024, 1, 1)
