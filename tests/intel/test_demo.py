"""The demo intel reports of `manage.py seed_demo`: valid, varied, shared entities, idempotent."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import AuditEvent
from intel import demo
from intel.choices import EntityKind, Secrecy
from intel.models import AnalystNote, Entity, IntelReport, IntelUserGrant

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
def reports(seeded_database, db):
    return IntelReport.objects.select_related("measure", "owning_unit", "created_by")


def test_thirty_reports_across_every_category_and_the_demo_stations(reports):
    assert reports.count() == 30
    assert {r.measure.code for r in reports} == {f"C0{n}" for n in range(1, 9)}
    assert {r.owning_unit.code for r in reports} == {"gifunaka", "ogaki", "kani"}
    assert all(r.created_by.username == f"officer.{r.owning_unit.code}" for r in reports)
    assert all(r.details.endswith(demo.DEMO_MARK) for r in reports)


def test_every_report_and_link_passes_the_model_rules(reports):
    for report in reports:
        report.full_clean()
        for link in report.entity_links.all():
            link.full_clean()


def test_levels_warning_signs_and_links_to_activities(reports):
    levels = Counter(reports.values_list("secrecy", flat=True))
    assert 3 <= levels[Secrecy.SECRET] <= 5
    assert levels[Secrecy.CAUTION] > 0
    warnings = reports.filter(warning_sign=True)
    assert warnings.count() == 2
    assert all(r.status == "submitted" and r.secrecy != Secrecy.SECRET for r in warnings)
    sourced = reports.exclude(source_activity=None).select_related("source_activity")
    assert sourced.count() >= 3
    assert all(r.source_activity.owning_unit_id == r.owning_unit_id for r in sourced)


def test_entities_are_shared_and_people_only_where_allowed(reports):
    def uses(name):
        return Entity.objects.get(name=name).report_links.count()

    for shared in ("県営みどり台団地", "駅南飲食店街", "東山ヤード", "南米出身者互助ネットワーク"):
        assert uses(shared) >= 3, shared
    yard_stations = set(
        reports.filter(entity_links__entity__name="東山ヤード").values_list(
            "owning_unit__code", flat=True
        )
    )
    assert yard_stations == {"ogaki", "kani"}
    people = reports.filter(entity_links__entity__kind=EntityKind.PERSON).distinct()
    assert {r.measure.code for r in people} <= {"C06", "C08"}


def test_one_grant_to_the_analyst_on_a_secret_report_and_two_reviews_overdue(reports):
    grant = IntelUserGrant.objects.select_related("content_object").get()
    analyst = User.objects.get(username="analyst.hq")
    assert grant.user == analyst
    assert grant.content_object.secrecy == Secrecy.SECRET
    assert grant.expires_at > timezone.now()
    assert IntelReport.objects.visible_to(analyst).filter(pk=grant.content_object.pk).exists()
    assert reports.filter(review_date__lte=timezone.localdate()).count() == 2
    assert AnalystNote.objects.filter(shareable=True).exists()


def test_history_follows_the_workflow_and_no_audit_events_are_invented(reports):
    approved = reports.filter(status="approved").first()
    steps = list(approved.history.order_by("history_date").values_list("status", flat=True))
    assert steps == ["draft", "submitted", "approved"]
    assert approved.created_at < approved.submitted_at < approved.decided_at
    assert not AuditEvent.objects.filter(object_type="intel.intelreport").exists()


def test_seeding_again_adds_nothing(reports):
    before = (reports.count(), Entity.objects.count(), IntelUserGrant.objects.count())
    assert "作成済み" in demo.seed()
    assert (reports.count(), Entity.objects.count(), IntelUserGrant.objects.count()) == before
