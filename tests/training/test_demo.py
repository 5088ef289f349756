"""The demo training of `manage.py seed_demo`: valid, meaningful coverage, idempotent."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import OrgUnit
from training import demo
from training.coverage import Period, unit_coverage
from training.models import Attendance, InitiativePost, TrainingSession

DEMO_PASSWORD = "demo-password-for-tests"
STATIONS = ("gifunaka", "ogaki", "kani")


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
    return TrainingSession.objects.select_related("owning_unit", "measure", "created_by")


def test_sessions_of_each_demo_station_over_two_years(seeded):
    sessions = list(seeded)
    per_station = Counter(s.owning_unit.code for s in sessions)
    assert per_station == dict.fromkeys(STATIONS, len(demo.SCHEDULE) * len(demo.YEARS))
    assert {s.date.year for s in sessions} == set(demo.YEARS)
    assert {s.measure.code for s in sessions} == {"D01", "D02", "D03"}
    for session in sessions:
        session.full_clean()
        assert session.created_by.username == f"officer.{session.owning_unit.code}"


def test_attendance_is_the_stations_own_officers(seeded):
    for row in Attendance.objects.select_related("session__owning_unit", "user"):
        units = set(row.user.memberships.values_list("unit__code", flat=True))
        assert row.session.owning_unit.code in units


def test_coverage_is_meaningful(seeded):
    for code in STATIONS:
        coverage = unit_coverage(OrgUnit.objects.get(code=code), Period(2025))
        assert coverage.officers >= demo.OFFICERS_PER_STATION + 2
        shares = [row.share for row in coverage.measures]
        assert all(0.4 <= share < 1 for share in shares), (code, shares)


def test_the_named_demo_accounts_are_unchanged_and_demo_officers_cannot_sign_in(seeded):
    officer = User.objects.get(username="officer.gifunaka")
    assert officer.has_usable_password()
    assert list(officer.memberships.values_list("unit__code", "role")) == [("gifunaka", "officer")]
    extras = User.objects.filter(username__startswith="demo.gifunaka.")
    assert extras.count() == demo.OFFICERS_PER_STATION
    assert not any(user.has_usable_password() for user in extras)
    assert all("デモ" in user.full_name for user in extras)


def test_most_sessions_approved_one_waits_for_the_gifunaka_approver(seeded):
    statuses = Counter(seeded.values_list("status", flat=True))
    assert statuses[WorkflowStatus.SUBMITTED] == 1
    assert statuses[WorkflowStatus.DRAFT] == 1
    waiting = seeded.get(status=WorkflowStatus.SUBMITTED)
    assert waiting.owning_unit.code == "gifunaka"
    approved = seeded.filter(status=WorkflowStatus.APPROVED).first()
    steps = list(approved.history.order_by("history_date").values_list("status", flat=True))
    assert steps == ["draft", "submitted", "approved"]
    assert approved.created_at < approved.submitted_at < approved.decided_at


def test_two_published_initiative_posts_with_their_stations_activities(seeded):
    posts = list(InitiativePost.objects.order_by("owning_unit__code"))
    assert len(posts) == 2
    for post in posts:
        assert post.status == WorkflowStatus.APPROVED
        assert post.activities.exists()
        assert {a.owning_unit_id for a in post.activities.all()} == {post.owning_unit_id}


def test_running_seed_demo_again_adds_nothing(seeded, settings):
    settings.DEBUG, settings.DEMO_PASSWORD = True, DEMO_PASSWORD
    counts = (TrainingSession, Attendance, InitiativePost, User)
    before = [model.objects.count() for model in counts]
    call_command("seed_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in counts] == before
