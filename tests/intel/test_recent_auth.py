"""Reading a 秘 report, exporting intel and managing grants need a password entered within
5 minutes (accounts.reauth); a routine read does not, and scope is checked first."""

import pytest

from intel.choices import Secrecy
from tests.accounts.helpers import REAUTH, age_reauth
from tests.factories import TEST_PASSWORD
from tests.intel.factories import IntelReportFactory

STALE = 5 * 60 + 1


@pytest.fixture
def secret_report(org, officer_ogaki):
    return IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET
    )


@pytest.fixture
def routine_report(org, officer_ogaki):
    return IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)


def stale_login(client, user):
    client.force_login(user)
    age_reauth(client, STALE)


def test_secret_report_asks_for_the_password_before_the_purpose(
    client, officer_ogaki, secret_report
):
    stale_login(client, officer_ogaki)
    url = f"/intel/{secret_report.pk}/"
    response = client.get(url)
    assert response["Location"] == f"{REAUTH}?next=%2Fintel%2F{secret_report.pk}%2F"
    client.post(REAUTH, {"password": TEST_PASSWORD, "next": url})
    assert client.get(url).status_code == 200
    read = client.post(url, {"purpose": "事件捜査の参考"})
    assert secret_report.details in read.content.decode()


def test_a_stale_purpose_form_is_not_read(client, officer_ogaki, secret_report):
    stale_login(client, officer_ogaki)
    url = f"/intel/{secret_report.pk}/"
    response = client.post(url, {"purpose": "確認"}, HTTP_REFERER=f"http://testserver{url}")
    assert response["Location"].startswith(REAUTH)
    assert secret_report.details not in response.content.decode()


def test_routine_report_needs_no_fresh_password(client, analyst, routine_report):
    stale_login(client, analyst)
    assert client.get(f"/intel/{routine_report.pk}/").status_code == 200


def test_out_of_scope_report_is_404_before_any_password_prompt(
    client, officer_gifunaka, secret_report
):
    stale_login(client, officer_gifunaka)
    assert client.get(f"/intel/{secret_report.pk}/").status_code == 404


def test_intel_export_asks_for_the_password_and_comes_back_with_its_filters(client, analyst):
    stale_login(client, analyst)
    response = client.get("/intel/export.xlsx?q=団地")
    assert response["Location"].startswith(REAUTH)
    assert "next=%2Fintel%2Fexport.xlsx%3Fq%3D" in response["Location"]


def test_auditor_meets_403_not_a_password_prompt_on_export(client, auditor):
    stale_login(client, auditor)
    assert client.get("/intel/export.xlsx").status_code == 403


def test_grants_page_asks_for_the_password(client, officer_ogaki, routine_report):
    stale_login(client, officer_ogaki)
    response = client.get(f"/intel/{routine_report.pk}/grants/")
    assert response["Location"].startswith(REAUTH)


def test_grants_page_of_another_station_is_404_first(client, officer_gifunaka, routine_report):
    stale_login(client, officer_gifunaka)
    assert client.get(f"/intel/{routine_report.pk}/grants/").status_code == 404


def test_revoking_a_grant_asks_for_the_password(client, officer_ogaki, routine_report):
    stale_login(client, officer_ogaki)
    response = client.post(f"/intel/{routine_report.pk}/grants/user/1/revoke/")
    assert response["Location"].startswith(REAUTH)


def test_the_submit_confirmation_of_a_secret_report_wants_the_password_not_a_purpose(
    client, officer_ogaki, secret_report
):
    """The 確認 page of submitting shows the content: a 秘 report needs the password, and the
    read is audited with its known purpose instead of asking for one."""
    from gifu_taisaku.core.models import AuditAction, AuditEvent

    stale_login(client, officer_ogaki)
    url = f"/intel/{secret_report.pk}/submit/"
    response = client.get(url)
    assert response["Location"] == f"{REAUTH}?next=%2Fintel%2F{secret_report.pk}%2Fsubmit%2F"
    client.post(REAUTH, {"password": TEST_PASSWORD, "next": url})
    page = client.get(url)
    assert page.status_code == 200
    assert "この内容で提出する" in page.content.decode()
    read = AuditEvent.objects.get(action=AuditAction.CONFIDENTIAL_READ)
    assert (read.actor, read.reason) == (officer_ogaki, "提出前の確認")
    secret_report.refresh_from_db()
    assert secret_report.status == "draft"
