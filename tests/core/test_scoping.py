"""visible_to(user, action): stations see their own station, HQ roles see every station."""

import pytest

from gifu_taisaku.core.forms import units_user_may_add_for
from tests.recordapp.factories import NoteFactory
from tests.recordapp.models import Note


@pytest.fixture
def notes(org, officer_gifunaka, officer_ogaki):
    return {
        "gifunaka": NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka),
        "koban": NoteFactory(owning_unit=org.koban, created_by=officer_gifunaka),
        "ogaki": NoteFactory(owning_unit=org.ogaki, created_by=officer_ogaki),
    }


def visible(user, action="view") -> set[int]:
    return set(Note.objects.visible_to(user, action).values_list("pk", flat=True))


def test_station_officer_sees_own_station_and_its_kobans_only(notes, officer_gifunaka):
    assert visible(officer_gifunaka) == {notes["gifunaka"].pk, notes["koban"].pk}


def test_koban_officer_sees_the_whole_station(notes, officer_koban):
    assert visible(officer_koban) == {notes["gifunaka"].pk, notes["koban"].pk}


def test_other_station_sees_none_of_gifunakas_records(notes, officer_ogaki):
    assert visible(officer_ogaki) == {notes["ogaki"].pk}


def test_hq_analyst_and_admin_see_every_station(notes, analyst, admin_user):
    everything = {n.pk for n in notes.values()}
    assert visible(analyst) == everything
    assert visible(admin_user) == everything


def test_auditor_sees_no_programme_records(notes, auditor):
    assert visible(auditor) == set()


def test_deactivated_and_anonymous_users_see_nothing(notes, deactivated):
    from django.contrib.auth.models import AnonymousUser

    assert visible(deactivated) == set()
    assert visible(AnonymousUser()) == set()


def test_only_approvers_may_approve(notes, officer_gifunaka, approver_gifunaka, analyst):
    assert visible(officer_gifunaka, "approve") == set()
    assert visible(approver_gifunaka, "approve") == {notes["gifunaka"].pk, notes["koban"].pk}
    assert visible(analyst, "approve") == set()


def test_analysts_read_but_do_not_edit(notes, analyst):
    assert visible(analyst, "change") == set()


def test_units_offered_for_new_records_stay_inside_the_station(org, officer_koban, analyst):
    assert set(units_user_may_add_for(officer_koban)) == {org.gifunaka, org.koban}
    assert list(units_user_may_add_for(analyst)) == []


def test_a_user_with_two_memberships_sees_both_stations(notes, officer_gifunaka, org):
    from gifu_taisaku.accounts.models import Membership

    Membership.objects.create(user=officer_gifunaka, unit=org.ogaki, role="officer")
    officer_gifunaka.__dict__.pop("active_memberships", None)
    assert visible(officer_gifunaka) == {n.pk for n in notes.values()}
