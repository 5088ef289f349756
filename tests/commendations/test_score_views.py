"""Ranking, station explanation and xlsx: HQ sees every station, station staff their own."""

import io

import pytest
from openpyxl import load_workbook

from intel.models import IntelReport

pytestmark = pytest.mark.django_db

RANKING = "/commendations/scores/2025/"


def station_url(station) -> str:
    return f"{RANKING}stations/{station.pk}/"


def test_hq_sees_every_station_and_can_draft(client, org, year, admin_user):
    client.force_login(admin_user)
    page = client.get(RANKING).content.decode()
    for name in ("岐阜中警察署", "大垣警察署", "可児警察署"):
        assert name in page
    assert "上申を起案" in page
    assert "確定する" in page


def test_a_station_officer_sees_only_their_station(client, org, year, officer_gifunaka):
    client.force_login(officer_gifunaka)
    page = client.get(RANKING).content.decode()
    assert "岐阜中警察署" in page
    assert "大垣警察署" not in page
    assert "可児警察署" not in page
    assert "上申を起案" not in page
    assert "確定する" not in page
    assert client.get(station_url(org.gifunaka)).status_code == 200
    assert client.get(station_url(org.ogaki)).status_code == 404
    assert client.get(f"{RANKING}export.xlsx").status_code == 403
    assert client.post(f"{RANKING}freeze/").status_code == 403


def test_the_explanation_links_records_in_scope_and_counts_intel_only(
    client, org, year, admin_user, officer_ogaki
):
    titles = [r.title for r in IntelReport.objects.filter(owning_unit=org.ogaki)]
    client.force_login(admin_user)
    page = client.get(station_url(org.ogaki)).content.decode()
    assert "16.00" in page  # the total
    assert "/activities/" in page  # the activities behind a count
    assert "/liaison/" in page
    assert "実態把握は件数のみ" in page
    main = page.split('id="main"', 1)[-1]
    assert not any(title in main for title in titles)
    assert "/intel/" not in main

    assert "予兆の報告：1件 → 1.00点" in page

    # An officer does not count intel (as on the dashboard): the figure is masked.
    client.force_login(officer_ogaki)
    own = client.get(station_url(org.ogaki)).content.decode()
    assert "/activities/" in own
    assert "予兆の報告：1件" not in own
    assert "実態把握の件数は、本部と署幹部にだけ表示します" in own


def test_an_officer_cannot_work_out_the_intel_points_from_the_total(
    client, org, year, admin_user, approver_ogaki, officer_ogaki
):
    """With intel masked, the full total (16.00, of which intel 1.00) minus the other points
    would give the intel points away: the officer's total leaves intel out, and the change
    from last year is not given. HQ and the station's approver still see the full total."""
    for user in (admin_user, approver_ogaki):
        client.force_login(user)
        assert "（合計 16.00 点）" in client.get(station_url(org.ogaki)).content.decode()

    client.force_login(officer_ogaki)
    own = client.get(station_url(org.ogaki))
    page = own.content.decode()
    assert "16.00" not in page
    assert "（実態把握を除く合計 15.00 点）" in page
    assert own.context["score"].total == sum(
        m.points for m in own.context["score"].metrics if not m.counts_only
    )
    ranking = client.get(RANKING)
    (row,) = ranking.context["view"].rows
    assert (row.total, row.change) == (15, None)
    assert "合計点（実態把握を除く）" in ranking.content.decode()
    assert "16.00" not in ranking.content.decode()


def test_the_ranking_as_xlsx(client, year, admin_user):
    client.force_login(admin_user)
    response = client.get(f"{RANKING}export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("順位", "警察署")
    assert rows[1][:2] == (1, "岐阜中警察署")
    assert rows[1][-2:] == ("76.00", "+75.00")
    assert [row[1] for row in rows[1:]] == ["岐阜中警察署", "大垣警察署", "可児警察署"]


def test_no_scheme_no_ranking(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get("/commendations/scores/1999/").status_code == 404


def test_hq_drafts_an_officers_praise_from_the_station_page(
    client, org, year, admin_user, officer_ogaki, officer_gifunaka
):
    client.force_login(admin_user)
    page = client.get(station_url(org.ogaki)).content.decode()
    assert f'<option value="{officer_ogaki.pk}">' in page
    assert f'<option value="{officer_gifunaka.pk}">' not in page  # another station's officer
    draft = client.get(f"/commendations/new/?year=2025&nominee={officer_ogaki.pk}")
    assert draft.context["form"].initial["nominee"] == officer_ogaki.pk
    client.force_login(officer_ogaki)
    assert 'name="nominee"' not in client.get(station_url(org.ogaki)).content.decode()
