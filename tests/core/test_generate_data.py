"""`manage.py generate_data`: a tiny scale loads on SQLite and PostgreSQL alike (issue 9).

The benchmark itself (bench/, `make bench`) is not part of the test suite: this only
checks that the generator writes consistent records, history and relations, fast.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from activities.models import Activity, AudienceLanguage
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.synthetic import USERNAME_PREFIX
from intel.models import IntelReport, IntelUserGrant, ReportEntity
from liaison.models import LiaisonRecord
from training.models import Attendance, TrainingSession

pytestmark = pytest.mark.django_db


def test_generate_data_at_a_tiny_scale():
    """One run (the generator is the slow part), then each property of what it wrote."""
    call_command("generate_data", scale=0.0005, force=True, stdout=io.StringIO())
    counts_follow_the_scale()
    records_carry_the_history_of_their_workflow()
    records_are_valid_and_in_their_station()
    generated_users_cannot_sign_in()
    if connection.vendor == "postgresql":
        indexes_and_foreign_keys_are_back_after_the_bulk_load()


def counts_follow_the_scale():
    assert Activity.objects.count() == 500
    assert LiaisonRecord.objects.count() == 100
    assert IntelReport.objects.count() == 50
    assert TrainingSession.objects.count() == 25
    assert User.objects.filter(username__startswith=USERNAME_PREFIX).count() >= 22 * 2
    assert ReportEntity.objects.count() > 0
    assert IntelUserGrant.objects.count() == 10
    assert Attendance.objects.count() > 0
    assert AudienceLanguage.objects.count() > 0


def records_carry_the_history_of_their_workflow():
    approved = Activity.objects.filter(status=WorkflowStatus.APPROVED).first()
    steps = list(
        Activity.history.filter(id=approved.pk)
        .order_by("history_date")
        .values_list("status", "history_type", "version")
    )
    assert steps == [("draft", "+", 1), ("submitted", "~", 2), ("approved", "~", 3)]
    drafts = Activity.objects.filter(status=WorkflowStatus.DRAFT)
    assert all(Activity.history.filter(id=d.pk).count() == 1 for d in drafts)
    assert Activity.history.count() == sum(
        1 + bool(a.submitted_at) + bool(a.decided_at) for a in Activity.objects.all()
    )


def records_are_valid_and_in_their_station():
    for activity in Activity.objects.select_related("owning_unit", "measure")[:100]:
        activity.full_clean()
        assert activity.owning_unit.kind == "station"
        assert activity.measure.code.startswith("A")


def generated_users_cannot_sign_in():
    user = User.objects.filter(username__startswith=USERNAME_PREFIX).first()
    assert not user.has_usable_password()


def indexes_and_foreign_keys_are_back_after_the_bulk_load():
    constraints = connection.introspection.get_constraints(
        connection.cursor(), Activity._meta.db_table
    )
    assert "activity_unit_date_idx" in constraints
    assert any(c["foreign_key"] == ("orgs_orgunit", "id") for c in constraints.values())
