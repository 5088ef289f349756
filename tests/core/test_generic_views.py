"""The generic record views, through a minimal record model (tests.recordapp.Note)."""

import pytest

from gifu_taisaku.core.models import WorkflowStatus
from tests.record_view_contract import RecordViewContract
from tests.recordapp.factories import NoteFactory

pytestmark = pytest.mark.urls("tests.recordapp.root_urls")


class TestNoteViews(RecordViewContract):
    base_url = "/notes/"
    factory = NoteFactory
    confidential_canary = "CANARY-秘匿"

    def payload(self, org, **overrides):
        return {
            "owning_unit": org.gifunaka.pk,
            "title": "編集後の件名",
            "secret": "CANARY-秘匿-0002",
            **overrides,
        }


def test_history_names_foreign_keys_and_shows_both_versions(client, org, officer_gifunaka):
    note = NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="初版")
    client.force_login(officer_gifunaka)
    client.post(
        f"/notes/{note.pk}/edit/",
        {"owning_unit": org.koban.pk, "title": "第二版", "version": note.version},
    )
    page = client.get(f"/notes/{note.pk}/history/").content.decode()
    assert "初版" in page
    assert "第二版" in page
    assert "岐阜駅前交番" in page  # the unit by name, not by id


def test_stale_save_keeps_what_the_user_typed(client, org, officer_gifunaka):
    note = NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    client.force_login(officer_gifunaka)
    payload = {"owning_unit": org.gifunaka.pk, "version": note.version}
    client.post(f"/notes/{note.pk}/edit/", {**payload, "title": "先に保存"})
    response = client.post(f"/notes/{note.pk}/edit/", {**payload, "title": "後から保存"})
    assert 'value="後から保存"' in response.content.decode()
    note.refresh_from_db()
    assert note.title == "先に保存"


def test_a_form_without_version_cannot_overwrite(client, org, officer_gifunaka):
    note = NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="元")
    client.force_login(officer_gifunaka)
    client.post(f"/notes/{note.pk}/edit/", {"owning_unit": org.gifunaka.pk, "title": "改ざん"})
    note.refresh_from_db()
    assert note.title == "元"


def test_home_lists_records_waiting_for_this_approver(
    client, org, officer_gifunaka, approver_gifunaka, approver_ogaki
):
    NoteFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        title="決裁してください",
        status=WorkflowStatus.SUBMITTED,
    )
    client.force_login(approver_gifunaka)
    assert "決裁してください" in client.get("/").content.decode()
    client.force_login(approver_ogaki)
    assert "決裁してください" not in client.get("/").content.decode()


def test_home_shows_returned_records_to_their_author(client, org, officer_gifunaka):
    NoteFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        title="直してください",
        status=WorkflowStatus.RETURNED,
    )
    client.force_login(officer_gifunaka)
    assert "直してください" in client.get("/").content.decode()


def test_home_shows_unread_notices_and_marks_them_read(client, officer_gifunaka, analyst):
    from gifu_taisaku.core.models import Notification
    from gifu_taisaku.core.notifications import notify

    notify(
        recipients=[analyst],
        text="予兆ありの実態把握（実態把握 第1号）が提出されました。",
        url="/intel/1/",
    )
    client.force_login(officer_gifunaka)
    assert "予兆あり" not in client.get("/").content.decode()  # someone else's notice
    notice = Notification.objects.get()
    client.post(f"/notifications/{notice.pk}/read/")
    assert Notification.objects.get().read_at is None  # not theirs to mark
    client.force_login(analyst)
    assert "予兆あり" in client.get("/").content.decode()
    client.post(f"/notifications/{notice.pk}/read/")
    assert Notification.objects.get().read_at is not None
    assert "予兆あり" not in client.get("/").content.decode()


def test_a_record_form_shows_step_one_and_keeps_a_draft_without_hidden_fields(
    client, officer_gifunaka
):
    """The form is step 入力; drafts.js may keep it, but never the history-hidden fields."""
    client.force_login(officer_gifunaka)
    page = client.get("/notes/new/").content.decode()
    assert 'aria-current="step"><span class="steps__number" aria-hidden="true">1</span>入力' in page
    assert f'data-draft="{officer_gifunaka.pk}"' in page
    assert 'data-draft-exclude="secret"' in page
    assert "前回の入力内容を復元しますか" in page
    assert f'data-clear-drafts="{officer_gifunaka.pk}"' in page  # logout clears them


def test_intel_forms_keep_no_draft_in_the_browser(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    page = client.get("/intel/new/").content.decode()
    assert "<form" in page
    assert "data-draft=" not in page
    assert "data-draft-prompt" not in page


def test_a_submit_with_an_unreadable_version_is_refused(client, org, officer_gifunaka):
    note = NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    client.force_login(officer_gifunaka)
    response = client.post(f"/notes/{note.pk}/submit/", {"version": "最新"})
    assert response["Location"] == f"/notes/{note.pk}/submit/"
    note.refresh_from_db()
    assert note.status == WorkflowStatus.DRAFT
