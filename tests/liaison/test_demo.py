"""The demo liaison of `manage.py seed_demo`: plausible, valid, reproducible, idempotent."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from gifu_taisaku.core.models import AuditEvent, WorkflowStatus
from liaison import demo
from liaison.models import Contact, FollowUp, LiaisonRecord, Organisation, OrganisationKind

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
    return LiaisonRecord.objects.select_related("measure", "owning_unit", "created_by")


def test_about_forty_records_over_two_years_for_the_three_stations(seeded):
    records = list(seeded)
    assert 35 <= len(records) <= 45
    per_station = Counter(r.owning_unit.code for r in records)
    assert set(per_station) == set(STATIONS)
    assert min(per_station.values()) >= 10
    assert all(demo.PERIOD[0] <= r.date <= demo.PERIOD[1] for r in records)
    assert {r.date.year for r in records} == {2024, 2025}
    assert {r.measure.code for r in records} == {"B01", "B02", "B03"}
    assert all(r.created_by.username == f"officer.{r.owning_unit.code}" for r in records)


def test_every_record_and_follow_up_passes_the_model_rules(seeded):
    for record in seeded:
        record.full_clean()
        assert record.organisations.exists()
    for follow_up in FollowUp.objects.all():
        follow_up.full_clean()


def test_partners_include_town_offices_companies_schools_and_an_association(seeded):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    wanted = {"municipal", "immigration", "labour", "company", "school", "international"}
    assert wanted <= kinds
    municipal = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL)
    assert {"212016", "212024", "212148"} <= set(municipal.values_list("municipality", flat=True))


def test_contacts_belong_to_their_stations_and_records_name_only_their_own(seeded):
    assert Contact.objects.count() >= 12
    for record in seeded.prefetch_related("contacts__owning_unit", "organisations"):
        for contact in record.contacts.all():
            assert contact.owning_unit == record.owning_unit
            assert contact.organisation in record.organisations.all()


def test_workflow_history_and_no_audit_events(seeded):
    statuses = Counter(seeded.values_list("status", flat=True))
    assert statuses[WorkflowStatus.APPROVED] >= 30
    assert {WorkflowStatus.DRAFT, WorkflowStatus.SUBMITTED, WorkflowStatus.RETURNED} <= set(
        statuses
    )
    approved = seeded.filter(status=WorkflowStatus.APPROVED).first()
    assert approved.created_at < approved.submitted_at < approved.decided_at
    steps = list(approved.history.order_by("history_date"))
    assert [(s.status, s.history_user_id) for s in steps] == [
        (WorkflowStatus.DRAFT, approved.created_by_id),
        (WorkflowStatus.SUBMITTED, approved.created_by_id),
        (WorkflowStatus.APPROVED, approved.decided_by_id),
    ]
    assert not AuditEvent.objects.filter(object_type="liaison.liaisonrecord").exists()


def test_follow_ups_information_and_intel(seeded):
    follow_ups = FollowUp.objects.all()
    assert follow_ups.filter(status="done").count() > follow_ups.exclude(status="done").count()
    assert follow_ups.exclude(status="done").exists()
    assert all(f.completed_on for f in follow_ups.filter(status="done"))
    directions = set(seeded.values_list("information__direction", flat=True))
    assert {"received", "provided"} <= directions
    assert seeded.filter(intel_obtained=True).exists()


def test_running_seed_demo_again_adds_nothing(seeded, settings):
    settings.DEBUG, settings.DEMO_PASSWORD = True, DEMO_PASSWORD
    before = (LiaisonRecord.objects.count(), Organisation.objects.count(), Contact.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    after = (LiaisonRecord.objects.count(), Organisation.objects.count(), Contact.objects.count())
    assert after == before


def test_the_same_records_on_every_fresh_database(seeded):
    def fingerprint():
        return list(
            seeded.order_by("owning_unit__code", "date", "title").values_list(
                "owning_unit__code", "date", "title", "kind", "status"
            )
        )

    first = fingerprint()
    LiaisonRecord.objects.all().delete()
    assert demo.seed().startswith("デモの関係機関との連携 ")
    assert fingerprint() == first
