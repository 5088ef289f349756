"""The partner-organisation directory: shared by all stations, kept with history."""

from liaison.models import Organisation
from tests.liaison.factories import OrganisationFactory


def test_officer_registers_a_patrol_group(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.post(
        "/liaison/organisations/new/",
        {
            "name": "金華地区防犯パトロール隊",
            "kind": "crime_prevention",
            "stations": [org.gifunaka.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert list(organisation.stations.all()) == [org.gifunaka]
    assert organisation.history.get().history_user == officer_gifunaka


def test_missing_name_is_refused_and_input_kept(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.post(
        "/liaison/organisations/new/", {"name": "", "kind": "company", "address": "岐阜市今沢町"}
    )
    assert "名称を入力してください。" in str(response.context["form"].errors["name"])
    assert "岐阜市今沢町" in response.content.decode()


def test_directory_lists_other_stations_partners_and_filters(client, org, officer_ogaki):
    OrganisationFactory(name="岐阜国際交流協会", kind="international")
    OrganisationFactory(name="ABC電子工業", kind="company")
    client.force_login(officer_ogaki)
    response = client.get("/liaison/organisations/", {"kind": "company"})
    assert [o.name for o in response.context["object_list"]] == ["ABC電子工業"]


def test_analyst_reads_but_cannot_register(client, analyst):
    client.force_login(analyst)
    assert client.get("/liaison/organisations/").status_code == 200
    assert client.get("/liaison/organisations/new/").status_code == 403
