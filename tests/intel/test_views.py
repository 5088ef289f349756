"""Intel screens: the shared record contract, plus query counts for HQ's wider lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intel.choices import Secrecy
from tests.intel.factories import EntityFactory, IntelReportFactory, mention
from tests.intel.helpers import attach_pdf, grant_user, sign_in
from tests.intel.test_smoke import report_payload
from tests.record_view_contract import RecordViewContract


class TestIntelViews(RecordViewContract):
    base_url = "/intel/"
    factory = IntelReportFactory
    confidential_canary = "詳細な聞き取り内容。"  # the factory's details

    def payload(self, org, **overrides):
        return report_payload(org, **overrides)


def counts_for(client, url_of_first: str) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/intel/").status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(url_of_first).status_code == 200
    with CaptureQueriesContext(connection) as export:
        assert client.get("/intel/export.csv").status_code == 200
    return len(listing), len(detail), len(export)


@pytest.mark.parametrize("reader", ["analyst", "approver_ogaki"])
def test_query_counts_do_not_grow_with_reports_entities_notes_and_grants(
    client, request, org, officer_ogaki, reader
):
    """1 report or 31, each with entities, attachments and grants: the same number of queries."""
    user = request.getfixturevalue(reader)
    area = EntityFactory()

    def report():
        made = IntelReportFactory(
            owning_unit=org.ogaki, created_by=officer_ogaki, warning_sign=True
        )
        mention(made, area)
        mention(made)
        grant_user(made, user, by=officer_ogaki)
        attach_pdf(made, officer_ogaki, "資料")
        return made

    first = report()
    sign_in(client, user)
    single = counts_for(client, f"/intel/{first.pk}/")
    for _ in range(30):
        report()
    assert counts_for(client, f"/intel/{first.pk}/") == single


def test_detail_query_count_does_not_grow_with_its_links(client, org, officer_ogaki, analyst):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    sign_in(client, analyst)
    mention(report)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/intel/{report.pk}/")
    for _ in range(10):
        mention(report)
        attach_pdf(report, officer_ogaki, "資料")
        client.post(f"/intel/{report.pk}/analysis/", {"status": "in_review", "note": "メモ"})
    with CaptureQueriesContext(connection) as many:
        client.get(f"/intel/{report.pk}/")
    assert len(many) == len(few)


def test_the_list_shows_level_and_warning_sign_badges(client, org, officer_ogaki):
    IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET, warning_sign=True
    )
    sign_in(client, officer_ogaki)
    page = client.get("/intel/").content.decode()
    assert 'class="secrecy secrecy--secret"' in page
    assert 'class="warning-sign"' in page


def test_a_report_starts_only_from_an_activity_the_officer_may_see(
    client, org, officer_gifunaka, officer_ogaki
):
    from tests.activities.factories import ActivityFactory

    theirs = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    sign_in(client, officer_gifunaka)
    assert client.get(f"/intel/new/?activity={theirs.pk}").status_code == 404
