"""Every read of a report's content, every attachment download, export, grant and revoke
is exactly one audit event, with who and why; asking for the purpose is not a read."""

import pytest

from gifu_taisaku.core.models import AuditAction, AuditEvent
from intel.choices import Secrecy
from intel.models import IntelUserGrant
from tests.intel.factories import IntelReportFactory
from tests.intel.helpers import attach_pdf, in_days, sign_in


def new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("id")[before:])


@pytest.fixture
def report(org, officer_ogaki):
    return IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)


@pytest.mark.parametrize("level", [Secrecy.INTERNAL, Secrecy.CAUTION])
def test_each_detail_read_is_one_event(client, org, officer_ogaki, analyst, level):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=level)
    sign_in(client, analyst)
    for _ in range(2):
        before = AuditEvent.objects.count()
        assert client.get(f"/intel/{report.pk}/").status_code == 200
        [event] = new_events(before)
        assert (event.action, event.actor, event.object_id) == (
            AuditAction.CONFIDENTIAL_READ,
            analyst,
            str(report.pk),
        )
        assert event.reason == "閲覧"
        assert event.object_repr == f"実態把握 第{report.pk}号"
    assert AuditEvent.objects.filter(action=AuditAction.CONFIDENTIAL_READ).count() == 2


def test_a_secret_report_asks_first_and_logs_the_purpose(
    client, org, officer_ogaki, approver_ogaki
):
    report = IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET
    )
    sign_in(client, approver_ogaki)
    before = AuditEvent.objects.count()
    asked = client.get(f"/intel/{report.pk}/")
    assert "閲覧の目的" in asked.content.decode()
    assert new_events(before) == []
    refused = client.post(f"/intel/{report.pk}/", {"purpose": ""})
    assert "閲覧の目的" in refused.content.decode()
    assert new_events(before) == []
    client.post(f"/intel/{report.pk}/", {"purpose": "決裁のため"})
    [event] = new_events(before)
    assert (event.action, event.actor, event.reason) == (
        AuditAction.CONFIDENTIAL_READ,
        approver_ogaki,
        "決裁のため",
    )
    assert event.detail == {"secrecy": "secret"}


def test_out_of_scope_reads_write_nothing(client, report, officer_gifunaka):
    sign_in(client, officer_gifunaka)
    before = AuditEvent.objects.count()
    assert client.get(f"/intel/{report.pk}/").status_code == 404
    assert client.post(f"/intel/{report.pk}/", {"purpose": "興味"}).status_code == 404
    assert new_events(before) == []


def test_an_attachment_download_is_one_event(client, report, officer_ogaki, approver_ogaki):
    attachment = attach_pdf(report, officer_ogaki, "図面")
    sign_in(client, approver_ogaki)
    before = AuditEvent.objects.count()
    response = client.get(f"/intel/{report.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [event] = new_events(before)
    assert (event.action, event.actor, event.object_id) == (
        AuditAction.CONFIDENTIAL_READ,
        approver_ogaki,
        str(report.pk),
    )
    assert event.detail == {"attachment": attachment.pk}


def test_grant_and_revoke_are_one_event_each(client, report, officer_ogaki, officer_gifunaka):
    sign_in(client, officer_ogaki)
    before = AuditEvent.objects.count()
    client.post(
        f"/intel/{report.pk}/grants/",
        {"user": officer_gifunaka.pk, "reason": "合同捜査", "expires_on": in_days(5).date()},
    )
    [granted] = new_events(before)
    assert (granted.action, granted.actor, granted.reason) == (
        AuditAction.ACCESS_GRANTED,
        officer_ogaki,
        "合同捜査",
    )
    assert granted.detail["user"] == officer_gifunaka.username
    grant = IntelUserGrant.objects.get()
    before = AuditEvent.objects.count()
    client.post(f"/intel/{report.pk}/grants/user/{grant.pk}/revoke/")
    [revoked] = new_events(before)
    assert (revoked.action, revoked.actor, revoked.object_id) == (
        AuditAction.ACCESS_REVOKED,
        officer_ogaki,
        str(report.pk),
    )
    assert not IntelUserGrant.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_one_event(client, report, analyst, fmt):
    sign_in(client, analyst)
    before = AuditEvent.objects.count()
    assert client.get(f"/intel/export.{fmt}", {"secrecy": "internal"}).status_code == 200
    [event] = new_events(before)
    assert (event.action, event.actor) == (AuditAction.EXPORT, analyst)
    assert event.detail["rows"] == 1
    assert event.detail["filters"] == {"secrecy": "internal"}


def test_list_history_and_purpose_form_are_not_reads(client, report, officer_ogaki):
    """They show no content, so they are not audit events (history is not audit)."""
    sign_in(client, officer_ogaki)
    before = AuditEvent.objects.count()
    client.get("/intel/")
    client.get(f"/intel/{report.pk}/history/")
    assert new_events(before) == []
