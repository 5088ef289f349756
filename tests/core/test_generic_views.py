"""The generic record views: scope as 404, optimistic locking, history, workflow, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gifu_taisaku.core.models import AuditEvent, WorkflowStatus
from tests.recordapp.factories import NoteFactory
from tests.recordapp.models import Note

pytestmark = pytest.mark.urls("tests.recordapp.root_urls")


@pytest.fixture
def ogaki_note(org, officer_ogaki):
    return NoteFactory(owning_unit=org.ogaki, created_by=officer_ogaki, title="大垣の記録")


@pytest.fixture
def gifunaka_note(org, officer_gifunaka):
    return NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="岐阜中の記録")


@pytest.mark.parametrize("suffix", ["", "edit/", "history/"])
def test_other_stations_record_is_404_not_403(client, officer_gifunaka, ogaki_note, suffix):
    client.force_login(officer_gifunaka)
    assert client.get(f"/notes/{ogaki_note.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("action", ["submit", "approve", "return"])
def test_workflow_posts_on_another_station_are_404(client, approver_gifunaka, ogaki_note, action):
    client.force_login(approver_gifunaka)
    response = client.post(f"/notes/{ogaki_note.pk}/{action}/", {"reason": "x"})
    assert response.status_code == 404
    ogaki_note.refresh_from_db()
    assert ogaki_note.status == WorkflowStatus.DRAFT


def test_list_shows_own_station_only(client, officer_gifunaka, gifunaka_note, ogaki_note):
    client.force_login(officer_gifunaka)
    page = client.get("/notes/").content.decode()
    assert "岐阜中の記録" in page
    assert "大垣の記録" not in page


def test_list_query_count_does_not_grow_with_rows(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    NoteFactory.create_batch(2, owning_unit=org.gifunaka, created_by=officer_gifunaka)
    with CaptureQueriesContext(connection) as few:
        client.get("/notes/")
    NoteFactory.create_batch(30, owning_unit=org.koban, created_by=officer_gifunaka)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/notes/").status_code == 200
    assert len(many) == len(few)


def test_create_defaults_to_own_unit_and_records_the_author(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    form = client.get("/notes/new/").context["form"]
    assert form.initial["owning_unit"] == org.gifunaka.pk
    response = client.post("/notes/new/", {"owning_unit": org.gifunaka.pk, "title": "新しい記録"})
    note = Note.objects.get(title="新しい記録")
    assert response.status_code == 302
    assert note.created_by == officer_gifunaka
    assert note.history.count() == 1
    assert note.history.first().history_user == officer_gifunaka


def test_create_for_another_station_is_refused(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.post("/notes/new/", {"owning_unit": org.ogaki.pk, "title": "越権"})
    assert response.status_code == 200
    assert "owning_unit" in response.context["form"].errors
    assert not Note.objects.filter(title="越権").exists()


def test_stale_version_keeps_input_and_explains(client, org, officer_gifunaka, gifunaka_note):
    client.force_login(officer_gifunaka)
    opened_version = gifunaka_note.version
    # Someone else saves first.
    other = {"owning_unit": org.gifunaka.pk, "title": "先に保存", "version": opened_version}
    assert client.post(f"/notes/{gifunaka_note.pk}/edit/", other).status_code == 302
    mine = {"owning_unit": org.gifunaka.pk, "title": "後から保存", "version": opened_version}
    response = client.post(f"/notes/{gifunaka_note.pk}/edit/", mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "他の利用者が変更しました" in page
    assert 'value="後から保存"' in page
    gifunaka_note.refresh_from_db()
    assert gifunaka_note.title == "先に保存"


def test_submitted_record_can_no_longer_be_edited(client, org, officer_gifunaka, gifunaka_note):
    client.force_login(officer_gifunaka)
    client.post(f"/notes/{gifunaka_note.pk}/submit/")
    gifunaka_note.refresh_from_db()
    assert gifunaka_note.status == WorkflowStatus.SUBMITTED
    assert client.get(f"/notes/{gifunaka_note.pk}/edit/").status_code == 404


def test_officer_cannot_approve(client, officer_gifunaka, approver_gifunaka, org):
    note = NoteFactory(
        owning_unit=org.gifunaka, created_by=approver_gifunaka, status=WorkflowStatus.SUBMITTED
    )
    client.force_login(officer_gifunaka)
    assert client.post(f"/notes/{note.pk}/approve/").status_code == 403
    note.refresh_from_db()
    assert note.status == WorkflowStatus.SUBMITTED


def test_approver_approves_and_the_decision_is_audited(
    client, approver_gifunaka, gifunaka_note
):
    gifunaka_note.status = WorkflowStatus.SUBMITTED
    gifunaka_note.save()
    client.force_login(approver_gifunaka)
    client.post(f"/notes/{gifunaka_note.pk}/approve/", {"comment": "了"})
    gifunaka_note.refresh_from_db()
    assert gifunaka_note.status == WorkflowStatus.APPROVED
    assert gifunaka_note.decided_by == approver_gifunaka
    event = AuditEvent.objects.get(action="record_approved")
    assert (event.actor, event.object_id) == (approver_gifunaka, str(gifunaka_note.pk))


def test_return_needs_a_reason(client, approver_gifunaka, gifunaka_note):
    gifunaka_note.status = WorkflowStatus.SUBMITTED
    gifunaka_note.save()
    client.force_login(approver_gifunaka)
    response = client.post(f"/notes/{gifunaka_note.pk}/return/", {"reason": " "}, follow=True)
    assert "差戻しの理由を入力してください" in response.content.decode()
    client.post(f"/notes/{gifunaka_note.pk}/return/", {"reason": "人数を確認してください"})
    gifunaka_note.refresh_from_db()
    assert gifunaka_note.status == WorkflowStatus.RETURNED
    assert gifunaka_note.decision_comment == "人数を確認してください"


def test_approver_cannot_approve_own_record(client, org, approver_gifunaka):
    note = NoteFactory(
        owning_unit=org.gifunaka, created_by=approver_gifunaka, status=WorkflowStatus.SUBMITTED
    )
    client.force_login(approver_gifunaka)
    client.post(f"/notes/{note.pk}/approve/")
    note.refresh_from_db()
    assert note.status == WorkflowStatus.SUBMITTED


def test_history_shows_changes_but_never_hidden_fields(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    client.post(
        "/notes/new/",
        {"owning_unit": org.gifunaka.pk, "title": "初版", "secret": "CANARY-HISTORY-SECRET"},
    )
    note = Note.objects.get(title="初版")
    client.post(
        f"/notes/{note.pk}/edit/",
        {"owning_unit": org.gifunaka.pk, "title": "第二版", "secret": "CANARY-2", "version": 1},
    )
    page = client.get(f"/notes/{note.pk}/history/").content.decode()
    assert "初版" in page and "第二版" in page
    assert "CANARY" not in page
    assert "岐阜中" in page  # foreign keys shown by name, not id


def test_home_lists_records_waiting_for_this_approver(client, org, officer_gifunaka,
                                                      approver_gifunaka, approver_ogaki):
    NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="決裁してください",
                status=WorkflowStatus.SUBMITTED)
    client.force_login(approver_gifunaka)
    assert "決裁してください" in client.get("/").content.decode()
    client.force_login(approver_ogaki)
    assert "決裁してください" not in client.get("/").content.decode()


def test_home_shows_returned_records_to_their_author(client, org, officer_gifunaka):
    NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="直してください",
                status=WorkflowStatus.RETURNED)
    client.force_login(officer_gifunaka)
    assert "直してください" in client.get("/").content.decode()
