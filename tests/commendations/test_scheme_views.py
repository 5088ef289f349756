"""Scheme screens: list, create with metrics, copy from last year, frozen when used."""

import pytest

from commendations.models import Scheme
from commendations.services import freeze_year

pytestmark = pytest.mark.django_db


def metric_rows(*rows) -> dict:
    data = {
        "metrics-TOTAL_FORMS": str(len(rows)),
        "metrics-INITIAL_FORMS": "0",
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "1000",
    }
    for index, (metric, weight, how, cap) in enumerate(rows):
        data |= {
            f"metrics-{index}-metric": metric,
            f"metrics-{index}-measure_code": "",
            f"metrics-{index}-weight": weight,
            f"metrics-{index}-normalisation": how,
            f"metrics-{index}-cap": cap,
            f"metrics-{index}-sort_order": index,
        }
    return data


def test_create_a_scheme_with_its_metrics(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get("/commendations/schemes/new/").status_code == 200
    data = {"year": 2025, "basis": "fiscal", "title": "", "notes": ""}
    data |= metric_rows(
        ("activities", "1", "none", ""), ("intel_signs", "2", "per_100_officers", "5")
    )
    response = client.post("/commendations/schemes/new/", data)
    assert response.status_code == 302
    scheme = Scheme.objects.get(year=2025)
    assert scheme.period.label == "令和7年度"
    assert [(m.metric, m.cap) for m in scheme.metrics.all()] == [
        ("activities", None),
        ("intel_signs", 5),
    ]


def test_a_measure_only_narrows_activity_counts(client, org, admin_user):
    client.force_login(admin_user)
    data = {"year": 2025, "basis": "calendar", "title": "", "notes": ""}
    data |= metric_rows(("intel_signs", "1", "none", ""))
    data["metrics-0-measure_code"] = "A07"
    response = client.post("/commendations/schemes/new/", data)
    assert response.status_code == 200
    assert "この評価項目は推進方策で絞り込めません" in response.content.decode()


def test_an_unknown_metric_is_an_error_next_to_the_row(client, org, admin_user):
    """A refused choice left the row without a metric, and its label raised (a 500)."""
    client.force_login(admin_user)
    data = {"year": 2025, "basis": "calendar", "title": "", "notes": ""}
    data |= metric_rows(("abc", "1", "none", ""))
    data["metrics-0-measure_code"] = "A07"
    response = client.post("/commendations/schemes/new/", data)
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Scheme.objects.exists()


def test_copy_from_last_year_then_frozen_when_used(client, org, year, admin_user):
    client.force_login(admin_user)
    listing = client.get("/commendations/schemes/").content.decode()
    assert "前年から複写" in listing
    response = client.post("/commendations/schemes/copy/", {"year": 2026})
    copy = Scheme.objects.get(year=2026)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.copied_from == year
    assert list(copy.metrics.values_list("metric", "weight")) == list(
        year.metrics.values_list("metric", "weight")
    )

    freeze_year(actor=admin_user, scheme=year)
    page = client.get(year.get_absolute_url()).content.decode()
    assert "確定済みのため、評価基準は変更できません" in page
    data = {"year": 2025, "basis": "calendar", "title": "改", "notes": ""} | metric_rows()
    client.post(year.get_absolute_url(), data)
    year.refresh_from_db()
    assert year.title == ""


def test_only_admins_manage_schemes(client, org, analyst, officer_gifunaka):
    for user in (analyst, officer_gifunaka):
        client.force_login(user)
        assert client.get("/commendations/schemes/").status_code == 403
