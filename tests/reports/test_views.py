"""The dashboard and the annual page as each kind of user meets them."""

import pytest

from gifu_taisaku.core.models import AuditAction, AuditEvent

DASHBOARD = "/reports/dashboard/"
THIS_YEAR = {"basis": "calendar", "year": 2025}


def test_hq_dashboard_shows_the_prefecture_with_charts_tables_and_completeness(
    year_2025, admin_user, client
):
    client.force_login(admin_user)

    page = client.get(DASHBOARD, {**THIS_YEAR, "unit": ""}).content.decode()

    assert page.count('src="data:image/svg+xml;base64,') >= 6
    for station in ("岐阜中警察署", "大垣警察署", "可児警察署"):
        assert station in page
    assert "承認済みの記録だけ" in page
    assert "まだ承認されていない記録が 3 件" in page
    assert "実態把握の推進" in page  # 本部管理者 reads intel counts
    assert "年間報告を開く" in page


def test_station_officer_sees_their_own_station_by_default_and_no_other(
    year_2025, officer_gifunaka, client, org
):
    client.force_login(officer_gifunaka)

    page = client.get(DASHBOARD).content.decode()
    other = client.get(DASHBOARD, {**THIS_YEAR, "unit": org.ogaki.pk}).content.decode()

    assert "岐阜中警察署" in page
    assert "大垣警察署" not in page
    assert "可児警察署" not in page
    assert "実態把握の推進" not in page  # an officer gets no intel counts
    assert "年間報告を開く" not in page
    assert 'src="data:image/svg+xml' not in other  # not a choice for them: no figures
    assert "大垣警察署" not in other


def test_default_period_is_this_calendar_year(admin_user, client, org):
    client.force_login(admin_user)

    response = client.get(DASHBOARD)

    assert response.context["figures"].period.basis == "calendar"
    assert response.context["figures"].scope.is_prefecture


def test_auditor_has_no_dashboard(auditor, client):
    client.force_login(auditor)

    assert client.get(DASHBOARD).status_code == 403


def test_annual_page_and_immediate_xlsx(year_2025, analyst, client):
    client.force_login(analyst)

    page = client.get("/reports/annual/2025/", {"basis": "fiscal"})
    response = client.post("/reports/annual/2025/export.xlsx", {"basis": "calendar", "unit": ""})

    assert "令和7年度 在留外国人等総合対策 実施状況" in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=analyst).count() == 1


@pytest.mark.parametrize("year", [2018, 2099])
def test_years_outside_the_programme_are_not_found(analyst, client, year):
    client.force_login(analyst)

    assert client.get(f"/reports/annual/{year}/").status_code == 404


def test_export_with_invalid_options_goes_back_without_a_file(year_2025, analyst, client, org):
    client.force_login(analyst)

    response = client.post("/reports/annual/2025/export.xlsx", {"basis": "x", "unit": ""})

    assert response.status_code == 302  # back to the page with the error
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_range_is_typed_as_officers_write_dates(admin_user, client, org):
    client.force_login(admin_user)
    query = {"basis": "range", "start": "令和7年4月1日", "end": "2025/06/30", "unit": ""}

    response = client.get(DASHBOARD, query)

    period = response.context["figures"].period
    assert (period.start.isoformat(), period.end.isoformat()) == ("2025-04-01", "2025-06-30")
    assert 'type="date"' not in response.content.decode()
