"""An organisation's page: the relationship's history, limited to what the viewer may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.models import OrganisationKind
from tests.activities.factories import ActivityFactory, measure
from tests.liaison.factories import (
    ContactFactory,
    FollowUpFactory,
    LiaisonRecordFactory,
    OrganisationFactory,
)


@pytest.fixture
def school(db):
    return OrganisationFactory(name="岐阜市立ひかり小学校", kind=OrganisationKind.SCHOOL)


def timeline_titles(response) -> list[str]:
    return [entry.record.title for entry in response.context["timeline"]]


def test_page_shows_records_activities_and_follow_ups_newest_first(
    client, org, officer_gifunaka, school
):
    other = OrganisationFactory(name="別の団体")
    meeting = LiaisonRecordFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        organisations=[school],
        title="学校との打合せ",
        date=datetime.date(2025, 3, 1),
    )
    FollowUpFactory(record=meeting, description="保護者向け案内の翻訳", status="in_progress")
    LiaisonRecordFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, organisations=[other], title="無関係"
    )
    lecture = ActivityFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        title="交通安全教室",
        date=datetime.date(2025, 5, 1),
    )
    lecture.partners.add(school)
    ActivityFactory(
        owning_unit=org.koban,
        created_by=officer_gifunaka,
        measure=measure("A07", "自主防犯団体との合同パトロール"),
        title="通学路の合同パトロール",
        date=datetime.date(2024, 11, 1),
        patrol_group=school,
    )
    client.force_login(officer_gifunaka)
    response = client.get(f"/liaison/organisations/{school.pk}/")
    assert timeline_titles(response) == ["交通安全教室", "学校との打合せ", "通学路の合同パトロール"]
    assert [f.description for f in response.context["follow_ups"]] == ["保護者向け案内の翻訳"]
    page = response.content.decode()
    assert "対応中" in page
    assert "無関係" not in page


def test_page_shows_only_what_the_viewer_may_see(
    client, org, officer_gifunaka, officer_ogaki, analyst, school
):
    mine = LiaisonRecordFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, organisations=[school]
    )
    theirs = LiaisonRecordFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, organisations=[school]
    )
    FollowUpFactory(record=theirs, description="大垣の対応")
    their_activity = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    their_activity.partners.add(school)
    client.force_login(officer_gifunaka)
    response = client.get(f"/liaison/organisations/{school.pk}/")
    assert [entry.record for entry in response.context["timeline"]] == [mine]
    assert list(response.context["follow_ups"]) == []
    client.force_login(analyst)
    response = client.get(f"/liaison/organisations/{school.pk}/")
    assert {entry.record for entry in response.context["timeline"]} == {
        mine,
        theirs,
        their_activity,
    }
    assert [f.description for f in response.context["follow_ups"]] == ["大垣の対応"]


def test_page_queries_are_the_same_for_1_or_20_records(client, org, officer_gifunaka, school):
    language_speaker = ContactFactory(owning_unit=org.gifunaka, organisation=school)
    client.force_login(officer_gifunaka)
    counts = []
    for extra in (1, 19):
        for _ in range(extra):
            record = LiaisonRecordFactory(
                owning_unit=org.gifunaka, created_by=officer_gifunaka, organisations=[school]
            )
            record.contacts.add(language_speaker)
            FollowUpFactory(record=record)
            activity = ActivityFactory(owning_unit=org.koban, created_by=officer_gifunaka)
            activity.partners.add(school)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/liaison/organisations/{school.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.context["timeline"]) == 40
    assert counts[0] == counts[1]


def test_directory_links_to_the_page_and_the_page_to_new_records(client, officer_gifunaka, school):
    client.force_login(officer_gifunaka)
    directory = client.get("/liaison/organisations/").content.decode()
    assert f'href="/liaison/organisations/{school.pk}/"' in directory
    page = client.get(f"/liaison/organisations/{school.pk}/").content.decode()
    assert f"/liaison/new/?organisation={school.pk}" in page
    assert f"/liaison/contacts/new/?organisation={school.pk}" in page


def test_analyst_reads_the_page_without_links_to_write(client, analyst, school):
    client.force_login(analyst)
    page = client.get(f"/liaison/organisations/{school.pk}/").content.decode()
    assert "連携を記録" not in page
