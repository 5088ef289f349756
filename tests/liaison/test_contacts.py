"""Contacts (代表者・担当者): personal data kept by one station, seen by it and by HQ only."""

import pytest

from gifu_taisaku.orgs.models import Language
from liaison.models import Contact, OrganisationKind
from tests.liaison.factories import ContactFactory, LiaisonRecordFactory, OrganisationFactory


@pytest.fixture
def company(db):
    return OrganisationFactory(name="美濃つばさ縫製", kind=OrganisationKind.COMPANY)


@pytest.fixture
def contacts(org, company):
    """The same company's contacts as kept by 岐阜中署 (at its koban too) and by 大垣署."""
    return {
        "mine": ContactFactory(owning_unit=org.gifunaka, organisation=company, name="岐阜 担当"),
        "koban": ContactFactory(owning_unit=org.koban, organisation=company, name="駅前 担当"),
        "theirs": ContactFactory(owning_unit=org.ogaki, organisation=company, name="大垣 担当"),
    }


def contact_payload(organisation, unit, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "owning_unit": unit.pk,
        "name": "グエン・ヴァン・アン",
        "title": "通訳担当",
        "phone": "058-000-1234",
        "email": "an@example.jp",
        "is_active": "on",
    }
    return {**data, **overrides}


def test_officer_registers_a_contact_kept_with_history(client, org, officer_gifunaka, company):
    vietnamese = Language.objects.create(code="vi", name="ベトナム語")
    client.force_login(officer_gifunaka)
    form = client.get(f"/liaison/contacts/new/?organisation={company.pk}").context["form"]
    assert form.initial == {
        "organisation": company.pk,
        "owning_unit": org.gifunaka.pk,
        "version": 1,
    }
    payload = contact_payload(company, org.gifunaka, languages=[vietnamese.code])
    response = client.post("/liaison/contacts/new/", payload)
    assert response.status_code == 302, response.context["form"].errors
    contact = Contact.objects.get()
    assert (contact.created_by, list(contact.languages.all())) == (officer_gifunaka, [vietnamese])
    edit = {**payload, "title": "総務課長", "version": contact.version}
    client.post(f"/liaison/contacts/{contact.pk}/edit/", edit)
    history = client.get(f"/liaison/contacts/{contact.pk}/history/").content.decode()
    assert "通訳担当" in history
    assert "総務課長" in history
    assert [h.history_user for h in contact.history.all()] == [officer_gifunaka] * 2


def test_station_lists_only_its_own_contacts(client, officer_gifunaka, contacts):
    client.force_login(officer_gifunaka)
    listed = set(client.get("/liaison/contacts/").context["object_list"])
    assert listed == {contacts["mine"], contacts["koban"]}


@pytest.mark.parametrize("suffix", ["", "edit/", "history/"])
def test_another_stations_contact_is_404(client, officer_gifunaka, contacts, suffix):
    client.force_login(officer_gifunaka)
    theirs = contacts["theirs"]
    assert client.get(f"/liaison/contacts/{theirs.pk}/{suffix}").status_code == 404


def test_organisation_page_shows_only_the_viewers_contacts(
    client, officer_gifunaka, analyst, contacts, company
):
    client.force_login(officer_gifunaka)
    page = client.get(f"/liaison/organisations/{company.pk}/").content.decode()
    assert "岐阜 担当" in page
    assert "大垣 担当" not in page
    client.force_login(analyst)
    page = client.get(f"/liaison/organisations/{company.pk}/").content.decode()
    assert "大垣 担当" in page


def test_a_record_never_shows_a_contact_the_viewer_may_not_see(
    client, org, officer_gifunaka, contacts, company
):
    """Even a record that names another station's contact (data from elsewhere) hides it."""
    record = LiaisonRecordFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, organisations=[company]
    )
    record.contacts.set([contacts["mine"], contacts["theirs"]])
    client.force_login(officer_gifunaka)
    page = client.get(f"/liaison/{record.pk}/").content.decode()
    assert "岐阜 担当" in page
    assert "大垣 担当" not in page


def test_hq_reads_every_stations_contacts_but_cannot_change_them(client, analyst, contacts):
    client.force_login(analyst)
    assert set(client.get("/liaison/contacts/").context["object_list"]) == set(contacts.values())
    assert client.get(f"/liaison/contacts/{contacts['theirs'].pk}/").status_code == 200
    assert client.get(f"/liaison/contacts/{contacts['theirs'].pk}/edit/").status_code == 403
    assert client.get("/liaison/contacts/new/").status_code == 403


def test_auditor_has_no_access_to_contacts(client, auditor, contacts):
    client.force_login(auditor)
    assert client.get("/liaison/contacts/").status_code == 403


def test_a_contact_cannot_be_given_to_another_station(client, org, officer_gifunaka, company):
    client.force_login(officer_gifunaka)
    response = client.post("/liaison/contacts/new/", contact_payload(company, org.ogaki))
    assert "正しく選択してください。" in str(response.context["form"].errors["owning_unit"])
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "氏名を入力してください。"),
        ("phone", "058-000-ABCD", "電話番号は半角の数字とハイフンで入力してください"),
        ("email", "an@", "有効なメールアドレスを入力してください。"),
    ],
)
def test_bad_contact_input_gets_a_japanese_error(
    client, org, officer_gifunaka, company, field, value, message
):
    client.force_login(officer_gifunaka)
    payload = contact_payload(company, org.gifunaka, **{field: value})
    response = client.post("/liaison/contacts/new/", payload)
    assert message in str(response.context["form"].errors[field])
    assert not Contact.objects.exists()


def test_contact_page_lists_the_records_with_them(client, org, officer_gifunaka, contacts, company):
    record = LiaisonRecordFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        organisations=[company],
        title="採用面接時の防犯指導の打合せ",
    )
    record.contacts.set([contacts["mine"]])
    client.force_login(officer_gifunaka)
    page = client.get(f"/liaison/contacts/{contacts['mine'].pk}/").content.decode()
    assert "採用面接時の防犯指導の打合せ" in page
