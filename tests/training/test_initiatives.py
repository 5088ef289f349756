"""Initiative posts: the record contract, and organisation-wide reading once approved."""

import pytest

from gifu_taisaku.core.models import WorkflowStatus
from tests.activities.factories import ActivityFactory
from tests.record_view_contract import RecordViewContract
from tests.training.factories import InitiativePostFactory
from training.models import InitiativePost

BASE = "/training/initiatives/"


def initiative_payload(org, **overrides) -> dict:
    return {
        "owning_unit": org.gifunaka.pk,
        "title": "技能実習生向け自転車教室を企業と共催",
        "content": "受入れ企業の会議室で、自転車の交通ルールを通訳人と説明した。",
        "people": "交通課・地域課、美濃つばさ縫製株式会社",
        "result": "参加者42人。企業が社内研修に取り入れた。",
        **overrides,
    }


class TestInitiativePostViews(RecordViewContract):
    base_url = BASE
    factory = InitiativePostFactory

    def payload(self, org, **overrides):
        return initiative_payload(org, **overrides)


def test_published_posts_are_read_by_every_station_drafts_are_not(
    client, org, officer_gifunaka, officer_ogaki, officer_kani
):
    published = InitiativePostFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.APPROVED
    )
    submitted = InitiativePostFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.SUBMITTED
    )
    draft = InitiativePostFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    client.force_login(officer_ogaki)
    assert set(client.get(BASE).context["object_list"]) == {published}
    assert client.get(f"{BASE}{published.pk}/").status_code == 200
    for hidden in (submitted, draft):
        assert client.get(f"{BASE}{hidden.pk}/").status_code == 404
    # Reading is all another station may do.
    assert client.get(f"{BASE}{published.pk}/edit/").status_code == 404
    client.force_login(officer_gifunaka)
    assert set(client.get(BASE).context["object_list"]) == {published, submitted, draft}


def test_only_the_owning_stations_approver_may_reopen_a_published_post(
    client, org, officer_gifunaka, approver_ogaki
):
    published = InitiativePostFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.APPROVED
    )
    client.force_login(approver_ogaki)
    assert client.post(f"{BASE}{published.pk}/reopen/", {"reason": "x"}).status_code == 404
    published.refresh_from_db()
    assert published.status == WorkflowStatus.APPROVED


def test_search_finds_published_posts_of_other_stations(client, org, officer_ogaki, officer_kani):
    InitiativePostFactory(
        owning_unit=org.kani,
        created_by=officer_kani,
        status=WorkflowStatus.APPROVED,
        title="多言語の防犯ちらし",
    )
    InitiativePostFactory(
        owning_unit=org.kani,
        created_by=officer_kani,
        status=WorkflowStatus.APPROVED,
        title="交通安全教室",
    )
    client.force_login(officer_ogaki)
    listed = client.get(BASE, {"q": "防犯"}).context["object_list"]
    assert [post.title for post in listed] == ["多言語の防犯ちらし"]


def test_linked_activities_are_only_the_authors_visible_ones(
    client, org, officer_gifunaka, officer_ogaki
):
    own = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    theirs = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    client.force_login(officer_gifunaka)
    offered = set(client.get(f"{BASE}new/").context["form"].fields["activities"].queryset)
    assert own in offered
    assert theirs not in offered
    refused = client.post(f"{BASE}new/", initiative_payload(org, activities=[theirs.pk]))
    assert "activities" in refused.context["form"].errors
    assert (
        client.post(f"{BASE}new/", initiative_payload(org, activities=[own.pk])).status_code == 302
    )
    assert list(InitiativePost.objects.get().activities.all()) == [own]


def test_readers_elsewhere_see_linked_activities_without_a_link(
    client, org, officer_gifunaka, officer_ogaki
):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    post = InitiativePostFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.APPROVED
    )
    post.activities.add(activity)
    client.force_login(officer_ogaki)
    page = client.get(f"{BASE}{post.pk}/").content.decode()
    assert activity.title in page
    assert activity.get_absolute_url() not in page
    client.force_login(officer_gifunaka)
    assert activity.get_absolute_url() in client.get(f"{BASE}{post.pk}/").content.decode()


def test_photos_of_a_published_post_are_shared_too(client, org, officer_gifunaka, officer_ogaki):
    from gifu_taisaku.core.attachments import attachment_add
    from tests.core.files import image_bytes, upload

    post = InitiativePostFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.APPROVED
    )
    photo = attachment_add(
        actor=officer_gifunaka,
        record=post,
        upload=upload("教室.png", image_bytes()),
        media_type="image/png",
    )
    client.force_login(officer_ogaki)
    url = f"{BASE}{post.pk}/attachments/{photo.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(f"{url}delete/").status_code == 404


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("title", "件名を入力してください。"),
        ("content", "取組の内容を入力してください。"),
        ("people", "実施者・関係者を入力してください。"),
        ("result", "成果を入力してください。"),
    ],
)
def test_required_fields_say_which_in_japanese(client, org, officer_gifunaka, field, message):
    client.force_login(officer_gifunaka)
    response = client.post(f"{BASE}new/", initiative_payload(org, **{field: ""}))
    assert message in response.context["form"].errors[field]
