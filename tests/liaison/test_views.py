"""Liaison record screens: the shared record contract, plus what is particular to liaison."""

import datetime

import pytest

from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import WorkflowStatus
from liaison.models import LiaisonRecord, OrganisationKind
from tests.activities.factories import measure
from tests.factories import member
from tests.liaison.factories import (
    ContactFactory,
    FollowUpFactory,
    LiaisonRecordFactory,
    OrganisationFactory,
    liaison_measure,
)
from tests.record_view_contract import RecordViewContract

CANARY = "CANARY-連携で入手した情報"


def liaison_payload(org, **overrides) -> dict:
    """A valid POST of the liaison form for 岐阜中署 (a meeting with the city office)."""
    city = OrganisationFactory(kind=OrganisationKind.MUNICIPAL)
    data = {
        "owning_unit": org.gifunaka.pk,
        "measure": liaison_measure().pk,
        "kind": "meeting",
        "title": "多文化共生推進会議",
        "date": "2025/06/01",
        "organisations": [city.pk],
        "summary": "外国人住民の相談状況について意見を交換した。",
    }
    for prefix in ("information", "followups"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return {**data, **overrides}


class TestLiaisonViews(RecordViewContract):
    base_url = "/liaison/"
    factory = LiaisonRecordFactory
    confidential_canary = CANARY

    def record(self, unit, author, **fields):
        return self.factory(
            owning_unit=unit, created_by=author, intel_obtained=True, intel_note=CANARY, **fields
        )

    def payload(self, org, **overrides):
        return liaison_payload(org, intel_obtained="on", intel_note=CANARY, **overrides)


@pytest.fixture
def officer(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    return officer_gifunaka


def test_meeting_with_contacts_participants_information_and_follow_ups(
    client, org, officer, officer_koban
):
    city = OrganisationFactory(name="岐阜市 多文化共生担当課", kind=OrganisationKind.MUNICIPAL)
    company = OrganisationFactory(name="みらい精密工業", kind=OrganisationKind.COMPANY)
    manager = ContactFactory(owning_unit=org.gifunaka, organisation=company, name="工場 一郎")
    payload = liaison_payload(
        org,
        organisations=[city.pk, company.pk],
        contacts=[manager.pk],
        participants=[officer.pk, officer_koban.pk],
        **{
            "information-TOTAL_FORMS": "2",
            "information-0-direction": "received",
            "information-0-organisation": company.pk,
            "information-0-content": "技能実習生の受入れ予定（ベトナム10名）",
            "information-1-direction": "provided",
            "information-1-content": "110番通報講習の案内",
            "followups-TOTAL_FORMS": "1",
            "followups-0-description": "講習会の日程調整",
            "followups-0-due_date": "2025/07/01",
            "followups-0-status": "open",
        },
    )
    response = client.post("/liaison/new/", payload)
    assert response.status_code == 302, response.context["form"].errors
    record = LiaisonRecord.objects.get()
    assert set(record.organisations.all()) == {city, company}
    assert list(record.contacts.all()) == [manager]
    assert set(record.participants.all()) == {officer, officer_koban}
    assert [(i.direction, i.organisation) for i in record.information.all()] == [
        ("received", company),
        ("provided", None),
    ]
    follow_up = record.follow_ups.get()
    assert (follow_up.due_date, follow_up.status) == (datetime.date(2025, 7, 1), "open")
    page = client.get(f"/liaison/{record.pk}/").content.decode()
    for text in (
        "工場 一郎",
        "先方から受領",
        "技能実習生の受入れ予定",
        "講習会の日程調整",
        "駅前 二郎",
    ):
        assert text in page


def test_a_contact_whose_organisation_is_not_named_is_refused(client, org, officer):
    company = OrganisationFactory(name="東濃ひばり電子", kind=OrganisationKind.COMPANY)
    manager = ContactFactory(owning_unit=org.gifunaka, organisation=company, name="人事 花子")
    response = client.post("/liaison/new/", liaison_payload(org, contacts=[manager.pk]))
    errors = response.context["form"].errors["contacts"]
    assert "人事 花子（東濃ひばり電子） の所属する関係機関・団体" in str(errors)
    assert not LiaisonRecord.objects.exists()


def test_another_stations_contact_is_neither_offered_nor_accepted(
    client, org, officer, officer_ogaki
):
    theirs = ContactFactory(owning_unit=org.ogaki, name="大垣の担当者")
    form = client.get("/liaison/new/").context["form"]
    assert theirs not in form.fields["contacts"].queryset
    payload = liaison_payload(org, organisations=[theirs.organisation.pk], contacts=[theirs.pk])
    response = client.post("/liaison/new/", payload)
    assert "正しく選択してください。" in str(response.context["form"].errors["contacts"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "件名を入力してください。"),
        ("organisations", [], "関係機関・団体を選択してください。"),
        ("date", "2025/02/30", "存在しない日付です。"),
        ("kind", "party", "正しく選択してください。"),
        ("intel_obtained", "on", "入手した情報の概要を入力してください。"),
    ],
)
def test_bad_input_gets_a_japanese_error_next_to_the_field(
    client, org, officer, field, value, message
):
    response = client.post("/liaison/new/", liaison_payload(org, **{field: value}))
    errors = response.context["form"].errors
    field_errors = errors["intel_note"] if field == "intel_obtained" else errors[field]
    assert message in str(field_errors)
    assert not LiaisonRecord.objects.exists()


def test_only_liaison_measures_are_offered_and_an_activity_measure_is_refused(client, org, officer):
    lecture = measure("A02", "外国人に対する110番通報講習")
    liaison_measure("B01")
    form = client.get("/liaison/new/").context["form"]
    assert list(form.fields["measure"].queryset.values_list("code", flat=True)) == ["B01"]
    response = client.post("/liaison/new/", liaison_payload(org, measure=lecture.pk))
    assert "正しく選択してください。" in str(response.context["form"].errors["measure"])


def test_a_follow_up_without_a_due_date_is_refused(client, org, officer):
    payload = liaison_payload(
        org,
        **{"followups-TOTAL_FORMS": "1", "followups-0-description": "資料の送付"},
    )
    response = client.post("/liaison/new/", payload)
    assert response.status_code == 200
    formset = response.context["formsets"]["followups"]
    assert "期限を入力してください。" in str(formset.forms[0].errors["due_date"])
    assert not LiaisonRecord.objects.exists()


def test_new_form_defaults_to_today_self_and_the_organisation_it_came_from(
    client, org, officer, officer_ogaki
):
    city = OrganisationFactory(kind=OrganisationKind.MUNICIPAL)
    form = client.get(f"/liaison/new/?organisation={city.pk}").context["form"]
    assert form.initial["date"] == datetime.date.today()
    assert form.initial["participants"] == [officer.pk]
    assert form.initial["organisations"] == [city.pk]
    assert officer_ogaki not in form.fields["participants"].queryset


def test_list_filters_by_organisation_and_kind_and_totals_follow_ups(client, org, officer):
    city = OrganisationFactory(kind=OrganisationKind.MUNICIPAL)
    with_city = LiaisonRecordFactory(
        owning_unit=org.gifunaka, created_by=officer, organisations=[city], intel_obtained=True
    )
    LiaisonRecordFactory(owning_unit=org.gifunaka, created_by=officer, kind="event")
    FollowUpFactory(record=with_city, due_date=datetime.date(2020, 1, 1))
    FollowUpFactory(record=with_city, due_date=datetime.date(2099, 1, 1))
    FollowUpFactory(record=with_city, status="done")
    response = client.get("/liaison/", {"organisation": city.pk})
    assert list(response.context["object_list"]) == [with_city]
    assert response.context["totals"] == {
        "count": 1,
        "intel": 1,
        "open_follow_ups": 2,
        "overdue": 1,
    }
    events = client.get("/liaison/", {"kind": "event"}).context["object_list"]
    assert [r.kind for r in events] == ["event"]
    overdue = client.get("/liaison/", {"follow_up": "overdue"}).context["object_list"]
    assert list(overdue) == [with_city]


def test_list_offers_exports_with_the_lists_conditions(client, org, officer):
    LiaisonRecordFactory(owning_unit=org.gifunaka, created_by=officer)
    page = client.get("/liaison/", {"kind": "meeting"}).content.decode()
    assert 'action="/liaison/export.xlsx"' in page
    assert '<input type="hidden" name="kind" value="meeting">' in page
    assert 'name="personal_data"' in page


def test_koban_officer_records_for_the_station_and_sees_its_records(
    client, org, officer_koban, officer_gifunaka
):
    theirs = LiaisonRecordFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    client.force_login(officer_koban)
    assert client.get(f"/liaison/{theirs.pk}/").status_code == 200
    response = client.post("/liaison/new/", liaison_payload(org, owning_unit=org.koban.pk))
    assert response.status_code == 302


def test_approved_record_of_another_station_is_read_by_hq_not_by_the_station(
    client, org, officer_ogaki, officer_gifunaka, analyst
):
    approver = member("approver.kani", org.kani, Role.APPROVER)
    record = LiaisonRecordFactory(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        status=WorkflowStatus.APPROVED,
        decided_by=approver,
    )
    client.force_login(analyst)
    assert client.get(f"/liaison/{record.pk}/").status_code == 200
    client.force_login(officer_gifunaka)
    assert client.get(f"/liaison/{record.pk}/").status_code == 404
