"""Follow-ups: due dates and a status that moves on, also after the record is approved."""

import datetime

import pytest

from gifu_taisaku.core.models import WorkflowStatus
from tests.liaison.factories import FollowUpFactory, LiaisonRecordFactory


@pytest.fixture
def approved(org, officer_gifunaka, approver_gifunaka):
    return LiaisonRecordFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        status=WorkflowStatus.APPROVED,
        decided_by=approver_gifunaka,
        title="自治会との打合せ",
    )


def test_officer_completes_a_follow_up_of_an_approved_record(client, officer_gifunaka, approved):
    follow_up = FollowUpFactory(record=approved, description="ごみ出しルールの多言語チラシ")
    client.force_login(officer_gifunaka)
    page = client.get(f"/liaison/{approved.pk}/").content.decode()
    assert f'action="/liaison/followups/{follow_up.pk}/status/"' in page
    response = client.post(f"/liaison/followups/{follow_up.pk}/status/", {"status": "done"})
    assert response.url == f"/liaison/{approved.pk}/#follow-ups"
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.completed_on) == ("done", datetime.date.today())
    assert follow_up.history.first().history_user == officer_gifunaka
    approved.refresh_from_db()
    assert approved.status == WorkflowStatus.APPROVED


def test_reopening_a_follow_up_clears_its_completion_date(client, officer_gifunaka, approved):
    follow_up = FollowUpFactory(
        record=approved, status="done", completed_on=datetime.date(2025, 7, 1)
    )
    client.force_login(officer_gifunaka)
    client.post(f"/liaison/followups/{follow_up.pk}/status/", {"status": "in_progress"})
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.completed_on) == ("in_progress", None)


def test_an_unknown_status_is_refused_in_japanese(client, officer_gifunaka, approved):
    follow_up = FollowUpFactory(record=approved)
    client.force_login(officer_gifunaka)
    page = client.post(
        f"/liaison/followups/{follow_up.pk}/status/", {"status": "forgotten"}, follow=True
    )
    assert "正しく選択してください。" in page.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_another_stations_follow_up_is_404_and_hq_may_not_change_any(
    client, org, officer_gifunaka, officer_ogaki, analyst
):
    theirs = LiaisonRecordFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    follow_up = FollowUpFactory(record=theirs)
    url = f"/liaison/followups/{follow_up.pk}/status/"
    client.force_login(officer_gifunaka)
    assert client.post(url, {"status": "done"}).status_code == 404
    client.force_login(analyst)
    assert client.post(url, {"status": "done"}).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


def test_follow_up_list_puts_pending_first_and_filters_overdue(
    client, org, officer_gifunaka, officer_ogaki, approved
):
    FollowUpFactory(
        record=approved, description="完了済み", status="done", due_date=datetime.date(2020, 1, 1)
    )
    FollowUpFactory(record=approved, description="期限切れ", due_date=datetime.date(2020, 6, 1))
    FollowUpFactory(record=approved, description="来年", due_date=datetime.date(2099, 1, 1))
    theirs = LiaisonRecordFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    FollowUpFactory(record=theirs, description="大垣の対応")
    client.force_login(officer_gifunaka)
    listed = client.get("/liaison/followups/").context["object_list"]
    assert [f.description for f in listed] == ["期限切れ", "来年", "完了済み"]
    overdue = client.get("/liaison/followups/", {"pending": "overdue"}).context["object_list"]
    assert [f.description for f in overdue] == ["期限切れ"]
