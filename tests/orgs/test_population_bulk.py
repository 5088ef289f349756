"""The yearly bulk entry of foreign-resident figures: every municipality on one page."""

import datetime

import pytest
from django.urls import reverse

from gifu_taisaku.core.models import AuditAction, AuditEvent
from gifu_taisaku.orgs.models import ForeignPopulation
from tests.orgs.factories import ForeignPopulationFactory, MunicipalityFactory


@pytest.fixture
def towns(db):
    return [MunicipalityFactory(name=f"一括{n}町") for n in range(3)]


def bulk_url(year: int) -> str:
    return f"{reverse('orgs:population_bulk')}?year={year}"


def post_data(towns, counts, as_of="2024-12-31") -> dict:
    data = {"as_of": as_of, "source": "在留外国人統計"}
    for town, count in zip(towns, counts, strict=True):
        data[f"count_{town.code}"] = "" if count is None else str(count)
    return data


def test_page_lists_every_municipality_with_recorded_figures(client, admin_user, towns):
    ForeignPopulationFactory(municipality=towns[0], year=2024, count=4321)
    client.force_login(admin_user)
    content = client.get(bulk_url(2024)).content.decode()
    assert all(town.name in content for town in towns)
    assert 'value="4321"' in content
    assert 'value="2024-12-31"' in content  # the recorded 基準日 is offered again


def test_saving_creates_and_updates_with_one_audit_event(client, admin_user, towns):
    ForeignPopulationFactory(municipality=towns[0], year=2024, count=1)
    client.force_login(admin_user)
    response = client.post(bulk_url(2024), post_data(towns, [100, 200, None]))
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2024")
    rows = {p.municipality_id: p for p in ForeignPopulation.objects.filter(year=2024)}
    assert {code: row.count for code, row in rows.items()} == {
        towns[0].code: 100,
        towns[1].code: 200,
    }
    assert rows[towns[1].code].as_of == datetime.date(2024, 12, 31)
    assert rows[towns[1].code].source == "在留外国人統計"
    event = AuditEvent.objects.get(action=AuditAction.MASTER_CHANGED)
    assert event.detail["operation"] == "bulk"
    assert event.detail["year"] == 2024
    assert event.detail["changes"][towns[0].code]["count"] == {"before": 1, "after": 100}


def test_saving_the_same_figures_again_changes_nothing(client, admin_user, towns):
    client.force_login(admin_user)
    client.post(bulk_url(2024), post_data(towns, [1, 2, 3]))
    client.post(bulk_url(2024), post_data(towns, [1, 2, 3]))
    assert AuditEvent.objects.filter(action=AuditAction.MASTER_CHANGED).count() == 1


def test_a_recorded_figure_cannot_be_blanked(client, admin_user, towns):
    ForeignPopulationFactory(municipality=towns[2], year=2024, count=50)
    client.force_login(admin_user)
    response = client.post(bulk_url(2024), post_data(towns, [10, 20, None]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "登録済みの数値は空欄にできません。" in content
    assert 'value="10"' in content  # the rest of the input is kept
    assert ForeignPopulation.objects.get(municipality=towns[2], year=2024).count == 50
    assert not ForeignPopulation.objects.filter(municipality=towns[0]).exists()


def test_negative_figures_and_dates_outside_the_year_are_refused(client, admin_user, towns):
    client.force_login(admin_user)
    response = client.post(bulk_url(2024), post_data(towns, [-1, 2, 3], as_of="2025-01-01"))
    content = response.content.decode()
    assert "基準日はその年の日付にしてください。" in content
    assert "0 以上" in content
    assert not ForeignPopulation.objects.exists()


def test_an_invalid_year_shows_the_year_form_only(client, admin_user, towns):
    client.force_login(admin_user)
    response = client.get(bulk_url(1800))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert client.post(bulk_url(1800), {}).status_code == 200
    assert not ForeignPopulation.objects.exists()
