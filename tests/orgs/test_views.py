"""本部管理者's master-data screens: who may open them, what a save writes and audits."""

import datetime

import pytest
from django.urls import reverse

from gifu_taisaku.core.models import AuditAction, AuditEvent
from gifu_taisaku.orgs.models import Jurisdiction, Measure, Municipality, OrgUnit, OrgUnitKind
from tests.orgs.factories import (
    ForeignPopulationFactory,
    JurisdictionFactory,
    LanguageFactory,
    MeasureFactory,
    MunicipalityFactory,
    NationalityFactory,
)


@pytest.fixture
def rows(org):
    """One row of each master, for the edit and delete pages."""
    municipality = MunicipalityFactory()
    return {
        "orgunit": org.koban.pk,
        "municipality": municipality.pk,
        "jurisdiction": JurisdictionFactory(station=org.gifunaka, municipality=municipality).pk,
        "population": ForeignPopulationFactory(municipality=municipality).pk,
        "measure": MeasureFactory().pk,
        "nationality": NationalityFactory().pk,
        "language": LanguageFactory().pk,
    }


def master_urls(rows) -> list[str]:
    urls = [reverse("orgs:index"), reverse("orgs:population_bulk")]
    for key, pk in rows.items():
        urls += [reverse(f"orgs:{key}_list"), reverse(f"orgs:{key}_edit", args=[pk])]
        if key not in {"nationality", "language"}:
            urls.append(reverse(f"orgs:{key}_create"))
    urls.append(reverse("orgs:jurisdiction_delete", args=[rows["jurisdiction"]]))
    return urls


def test_admin_opens_every_master_page(client, admin_user, rows):
    client.force_login(admin_user)
    for url in master_urls(rows):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["officer_gifunaka", "approver_gifunaka", "analyst", "auditor"])
def test_others_are_refused(client, request, rows, who):
    client.force_login(request.getfixturevalue(who))
    for url in master_urls(rows):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


def test_anonymous_is_sent_to_login(client, rows):
    response = client.get(reverse("orgs:measure_list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_officer_post_changes_nothing(client, officer_gifunaka, rows):
    client.force_login(officer_gifunaka)
    url = reverse("orgs:measure_edit", args=[rows["measure"]])
    client.post(url, {"name": "改ざん", "promotion_item": 1, "sort_order": 1, "is_active": "on"})
    assert Measure.objects.get(pk=rows["measure"]).name != "改ざん"


def test_index_lists_every_master(client, admin_user):
    client.force_login(admin_user)
    content = client.get(reverse("orgs:index")).content.decode()
    for title in [
        "組織",
        "市町村",
        "管轄区域",
        "在留外国人数",
        "推進方策（別表）",
        "国籍・地域",
        "言語",
    ]:
        assert title in content


def test_admin_creates_a_koban_and_it_is_audited(client, admin_user, org):
    client.force_login(admin_user)
    data = {
        "code": "gifunaka-yanagase", "name": "柳ケ瀬交番", "short_name": "", "kind": "koban",
        "parent": org.gifunaka.pk, "sort_order": 5, "active_from": "2025-04-01", "active_to": "",
    }  # fmt: skip
    response = client.post(reverse("orgs:orgunit_create"), data)
    assert response.status_code == 302
    koban = OrgUnit.objects.get(code="gifunaka-yanagase")
    assert koban.path == "/gifunaka/gifunaka-yanagase/"
    assert koban.station() == org.gifunaka
    event = AuditEvent.objects.get(action=AuditAction.MASTER_CHANGED)
    assert (event.actor, event.object_id, event.detail["operation"]) == (
        admin_user,
        str(koban.pk),
        "create",
    )
    assert event.detail["changes"]["name"] == {"before": None, "after": "柳ケ瀬交番"}


def test_koban_without_station_shows_a_japanese_error_and_keeps_input(client, admin_user, org):
    client.force_login(admin_user)
    data = {
        "code": "orphan", "name": "迷子交番", "kind": "koban", "parent": "",
        "sort_order": 0, "active_from": "2025-04-01",
    }  # fmt: skip
    response = client.post(reverse("orgs:orgunit_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "この種別の組織をこの上位組織の下には置けません。" in content
    assert 'value="迷子交番"' in content
    assert 'value="orphan"' in content
    assert not OrgUnit.objects.filter(code="orphan").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MASTER_CHANGED).exists()


def test_kind_of_a_unit_with_children_cannot_change(client, admin_user, org):
    client.force_login(admin_user)
    data = {
        "name": org.gifunaka.name, "short_name": "岐阜中", "kind": "koban",
        "parent": "", "sort_order": 0, "active_from": "2019-09-02",
    }  # fmt: skip
    response = client.post(reverse("orgs:orgunit_edit", args=[org.gifunaka.pk]), data)
    assert "下位組織があるため種別を変更できません。" in response.content.decode()
    assert OrgUnit.objects.get(pk=org.gifunaka.pk).kind == OrgUnitKind.STATION


def test_end_date_before_start_is_refused_next_to_the_field(client, admin_user, org):
    client.force_login(admin_user)
    data = {
        "name": "岐阜駅前交番", "kind": "koban", "parent": org.gifunaka.pk, "sort_order": 0,
        "active_from": "2020-04-01", "active_to": "2020-03-31",
    }  # fmt: skip
    response = client.post(reverse("orgs:orgunit_edit", args=[org.koban.pk]), data)
    assert response.status_code == 200
    assert "終了日は開始日以降の日付にしてください。" in response.content.decode()


def test_admin_renames_a_measure_and_the_audit_has_before_and_after(client, admin_user):
    measure = MeasureFactory(code="D50", name="旧名称")
    client.force_login(admin_user)
    data = {"code": "D99", "name": "新名称", "promotion_item": 5, "sort_order": 3}
    response = client.post(reverse("orgs:measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.code, measure.name, measure.is_active) == ("D50", "新名称", False)
    event = AuditEvent.objects.get(action=AuditAction.MASTER_CHANGED)
    assert event.detail["operation"] == "update"
    assert event.detail["changes"]["name"] == {"before": "旧名称", "after": "新名称"}
    assert event.detail["changes"]["is_active"] == {"before": True, "after": False}
    assert "code" not in event.detail["changes"]  # disabled on edit: the posted code is ignored


def test_saving_without_changes_writes_no_audit_event(client, admin_user):
    measure = MeasureFactory(code="D51", name="そのまま", sort_order=1)
    client.force_login(admin_user)
    data = {"name": "そのまま", "promotion_item": 5, "sort_order": 1, "is_active": "on"}
    client.post(reverse("orgs:measure_edit", args=[measure.pk]), data)
    assert not AuditEvent.objects.filter(action=AuditAction.MASTER_CHANGED).exists()


def test_measure_code_must_look_like_a01(client, admin_user):
    client.force_login(admin_user)
    data = {"code": "X1", "name": "新規", "promotion_item": 1, "sort_order": 0}
    response = client.post(reverse("orgs:measure_create"), data)
    assert "A01 のように英大文字1字と数字2桁で入力してください。" in response.content.decode()


def test_municipality_with_a_bad_check_digit_is_refused(client, admin_user):
    client.force_login(admin_user)
    data = {"code": "212017", "name": "架空市", "kana": "かくうし", "kind": "city"}
    response = client.post(reverse("orgs:municipality_create"), data)
    content = response.content.decode()
    assert "地方公共団体コードの検査数字が正しくありません。" in content
    assert 'value="架空市"' in content
    assert not Municipality.objects.filter(name="架空市").exists()


def test_municipality_edit_shows_the_stations_covering_it(client, admin_user, org):
    municipality = MunicipalityFactory(name="試験市")
    JurisdictionFactory(station=org.gifunaka, municipality=municipality, partial=True)
    client.force_login(admin_user)
    response = client.get(reverse("orgs:municipality_edit", args=[municipality.pk]))
    assert "岐阜中警察署（一部）" in response.content.decode()
    listing = client.get(reverse("orgs:municipality_list"))
    assert "岐阜中（一部）" in listing.content.decode()


def test_duplicate_jurisdiction_is_refused_in_japanese(client, admin_user, org):
    jurisdiction = JurisdictionFactory(station=org.ogaki)
    client.force_login(admin_user)
    data = {"station": org.ogaki.pk, "municipality": jurisdiction.municipality.pk}
    response = client.post(reverse("orgs:jurisdiction_create"), data)
    assert response.status_code == 200
    assert "既に存在します" in response.content.decode()


def test_jurisdiction_station_must_be_a_station(client, admin_user, org):
    client.force_login(admin_user)
    data = {"station": org.koban.pk, "municipality": MunicipalityFactory().pk}
    response = client.post(reverse("orgs:jurisdiction_create"), data)
    assert "正しく選択してください" in response.content.decode()


def test_jurisdiction_delete_confirms_then_deletes_and_audits(client, admin_user, org):
    jurisdiction = JurisdictionFactory(station=org.kani)
    client.force_login(admin_user)
    url = reverse("orgs:jurisdiction_delete", args=[jurisdiction.pk])
    assert "よろしいですか" in client.get(url).content.decode()
    assert Jurisdiction.objects.filter(pk=jurisdiction.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Jurisdiction.objects.filter(pk=jurisdiction.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.MASTER_CHANGED)
    assert event.detail["operation"] == "delete"
    assert event.object_id == str(jurisdiction.pk)
    assert event.detail["changes"]["station_id"] == {"before": org.kani.pk, "after": None}


def test_language_edit(client, admin_user):
    language = LanguageFactory(code="qx", name="試験語")
    client.force_login(admin_user)
    data = {"name": "試験語（改）", "sort_order": 7}
    assert client.post(reverse("orgs:language_edit", args=["qx"]), data).status_code == 302
    language.refresh_from_db()
    assert (language.name, language.sort_order, language.is_active) == ("試験語（改）", 7, False)


def test_population_create_checks_the_date_is_in_the_year(client, admin_user):
    municipality = MunicipalityFactory()
    client.force_login(admin_user)
    data = {"municipality": municipality.pk, "year": 2024, "as_of": "2023-12-31", "count": 10}
    response = client.post(reverse("orgs:population_create"), data)
    assert "基準日はその年の日付にしてください。" in response.content.decode()


def test_population_list_filters_by_year(client, admin_user):
    municipality = MunicipalityFactory(name="年別市")
    ForeignPopulationFactory(municipality=municipality, year=2023, count=1234)
    ForeignPopulationFactory(municipality=municipality, year=2024, count=5678)
    client.force_login(admin_user)
    content = client.get(reverse("orgs:population_list"), {"year": 2024}).content.decode()
    assert "5,678" in content
    assert "1,234" not in content


def test_lists_show_everything_on_first_visit(client, admin_user):
    MeasureFactory(name="最初から見える方策")
    client.force_login(admin_user)
    assert "最初から見える方策" in client.get(reverse("orgs:measure_list")).content.decode()


def test_unit_list_filters_units_in_force(client, admin_user, org):
    org.kani.active_to = datetime.date(2020, 3, 31)
    org.kani.save()
    client.force_login(admin_user)
    current = client.get(reverse("orgs:orgunit_list"), {"in_force": "true"}).context["rows"]
    ended = client.get(reverse("orgs:orgunit_list"), {"in_force": "false"}).context["rows"]
    assert "可児警察署" not in [row.cells[1] for row in current]
    assert [row.cells[1] for row in ended] == ["可児警察署"]


def test_measure_list_filters_retired_items(client, admin_user):
    MeasureFactory(name="使う方策")
    MeasureFactory(name="やめた方策", is_active=False)
    client.force_login(admin_user)
    content = client.get(reverse("orgs:measure_list"), {"is_active": "false"}).content.decode()
    assert "やめた方策" in content
    assert "使う方策" not in content


def test_selects_offer_a_japanese_blank_choice(client, admin_user):
    client.force_login(admin_user)
    content = client.get(reverse("orgs:orgunit_create")).content.decode()
    assert "選択してください" in content
    assert "（なし：本部・警察署）" in content
    assert "Select an option" not in content
