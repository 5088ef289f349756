"""Subjects of a report: a person only under C06/C08 and only with a written justification;
entities are shared, and each one's page lists the readable reports that mention it."""

import pytest
from django.core.exceptions import ValidationError

from intel.choices import EntityKind, Secrecy
from intel.forms import ReportEntityFormSet
from intel.models import Entity, IntelReport, ReportEntity
from tests.activities.factories import measure
from tests.intel.factories import EntityFactory, IntelReportFactory, mention
from tests.intel.helpers import sign_in
from tests.intel.test_smoke import report_payload

C06 = ("C06", "犯罪インフラ事犯")
C08 = ("C08", "外国人コミュニティに介入する日本人")


def rows(**row) -> dict:
    data = {"entities-TOTAL_FORMS": "1", "entities-INITIAL_FORMS": "0"}
    return data | {f"entities-0-{key}": value for key, value in row.items()}


def entity_formset(report, user, **row):
    return ReportEntityFormSet(rows(**row), instance=report, prefix="entities", user=user)


# --- the model ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "justification", "refused_on"),
    [
        ("C01", "偽装結婚の仲介が疑われる", "entity"),
        ("C05", "盗難車の解体", "entity"),
        ("C06", "", "justification"),
        ("C08", "   ", "justification"),
        ("C06", "偽装結婚の仲介が疑われる", None),
        ("C08", "不法就労の斡旋が疑われる", None),
    ],
)
def test_model_refuses_a_person_without_category_or_justification(
    org, officer_ogaki, code, justification, refused_on
):
    report = IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, measure=measure(code, code)
    )
    person = EntityFactory(kind=EntityKind.PERSON, name="甲")
    link = ReportEntity(report=report, entity=person, justification=justification)
    if refused_on is None:
        link.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert refused_on in refused.value.message_dict


def test_places_need_no_justification(org, officer_ogaki):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    ReportEntity(report=report, entity=EntityFactory()).full_clean()


# --- the form -----------------------------------------------------------------------


@pytest.mark.parametrize("category", [C06, C08])
def test_form_needs_a_justification_for_a_new_person(org, officer_gifunaka, category):
    report = IntelReport(measure=measure(*category), owning_unit=org.gifunaka)
    refused = entity_formset(report, officer_gifunaka, new_kind="person", new_name="乙")
    assert not refused.is_valid()
    assert "犯罪への関与が疑われる理由が必要です" in str(refused.errors)
    accepted = entity_formset(
        report, officer_gifunaka, new_kind="person", new_name="乙", justification="地下銀行の運営"
    )
    assert accepted.is_valid(), accepted.errors


def test_form_refuses_an_existing_person_under_another_category(
    client, org, officer_gifunaka, officer_ogaki
):
    """Choosing a known person (not typing a new one) is checked the same way."""
    earlier = IntelReportFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, measure=measure(*C06)
    )
    person = mention(
        earlier, EntityFactory(kind=EntityKind.PERSON), justification="旅券偽造への関与"
    ).entity
    sign_in(client, officer_gifunaka)
    payload = report_payload(org) | rows(entity=person.pk, justification="同じ人物")
    response = client.post("/intel/new/", payload)
    assert response.status_code == 200
    assert "人物はC06" in response.content.decode()
    assert IntelReport.objects.count() == 1


def test_changing_the_category_keeps_no_person_outside_c06_c08(client, org, officer_gifunaka):
    """Editing a C06 report into C01 while it still names a person is refused."""
    report = IntelReportFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, measure=measure(*C06)
    )
    link = mention(report, EntityFactory(kind=EntityKind.PERSON), justification="偽装結婚")
    sign_in(client, officer_gifunaka)
    payload = report_payload(org, version=report.version) | {
        "entities-TOTAL_FORMS": "1",
        "entities-INITIAL_FORMS": "1",
        "entities-0-id": link.pk,
        "entities-0-report": report.pk,
        "entities-0-entity": link.entity_id,
        "entities-0-justification": link.justification,
    }
    response = client.post(f"/intel/{report.pk}/edit/", payload)
    assert response.status_code == 200
    assert "人物はC06" in response.content.decode()
    report.refresh_from_db()
    assert report.measure.code == "C06"
    # Removing the person in the same edit makes the change acceptable.
    payload["entities-0-DELETE"] = "on"
    assert client.post(f"/intel/{report.pk}/edit/", payload).status_code == 302
    report.refresh_from_db()
    assert report.measure.code == "C01"
    assert not report.entity_links.exists()


def test_a_row_needs_an_entity_or_a_new_one(client, org, officer_gifunaka):
    sign_in(client, officer_gifunaka)
    payload = report_payload(org) | rows(role="情報提供者の勤務先", new_kind="", new_name="")
    response = client.post("/intel/new/", payload)
    assert response.status_code == 200
    assert "関係対象を選ぶか、新規の種別と名称を入力してください" in response.content.decode()


def test_only_entities_of_readable_reports_are_offered(org, officer_gifunaka, officer_ogaki):
    """An entity's name is content: the choice list holds only those the user could read."""
    mine = mention(IntelReportFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka))
    theirs = mention(IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki))
    formset = ReportEntityFormSet(instance=IntelReport(), prefix="entities", user=officer_gifunaka)
    offered = set(formset.forms[0].fields["entity"].queryset)
    assert mine.entity in offered
    assert theirs.entity not in offered


# --- the entity page ------------------------------------------------------------------


def test_entity_page_lists_readable_reports_and_what_appears_with_them(
    client, org, officer_ogaki, approver_ogaki, analyst
):
    area = EntityFactory(name="県営みどり団地")
    network = EntityFactory(name="南米出身者の互助会", kind=EntityKind.NETWORK)
    hidden = EntityFactory(name="秘の報告だけの店")
    first = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    second = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    secret = IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET
    )
    for report in (first, second):
        mention(report, area)
        mention(report, network)
    mention(secret, area)
    mention(secret, hidden)

    sign_in(client, analyst)
    page = client.get(f"/intel/entities/{area.pk}/")
    assert set(page.context["reports"]) == {first, second}
    related = {entity: entity.together for entity in page.context["related"]}
    assert related == {network: 2}
    assert client.get(f"/intel/entities/{hidden.pk}/").status_code == 404

    sign_in(client, approver_ogaki)
    page = client.get(f"/intel/entities/{area.pk}/")
    assert set(page.context["reports"]) == {first, second, secret}
    assert {entity: entity.together for entity in page.context["related"]} == {
        network: 2,
        hidden: 1,
    }


def test_new_entities_are_saved_with_the_report(client, org, officer_gifunaka):
    sign_in(client, officer_gifunaka)
    payload = report_payload(org, measure=measure(*C08).pk) | {
        "entities-TOTAL_FORMS": "2",
        "entities-1-new_kind": "person",
        "entities-1-new_name": "丙",
        "entities-1-justification": "コミュニティへの違法な介入",
    }
    assert client.post("/intel/new/", payload).status_code == 302
    report = IntelReport.objects.get()
    names = set(report.entity_links.values_list("entity__name", "entity__kind"))
    assert names == {("県営テスト団地", "place"), ("丙", "person")}
    assert Entity.objects.count() == 2
