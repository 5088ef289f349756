"""The audit trail: append-only, written for sign-in events, searchable by 監査担当 only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD


def test_an_event_cannot_be_changed_or_deleted_through_the_model(officer_gifunaka):
    event = record_event(action=AuditAction.EXPORT, actor=officer_gifunaka)
    event.reason = "書き換え"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_update_and_delete_of_audit_rows(officer_gifunaka):
    record_event(action=AuditAction.EXPORT, actor=officer_gifunaka)
    for statement in ("UPDATE core_auditevent SET reason = 'x'", "DELETE FROM core_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.filter(reason="").count() == 1


def test_login_logout_and_failure_are_recorded_with_address_and_request_id(
    client, officer_gifunaka
):
    client.post("/accounts/login/", {"username": "officer.gifunaka", "password": "wrong"})
    client.post("/accounts/login/", {"username": "officer.gifunaka", "password": TEST_PASSWORD})
    client.post("/accounts/logout/")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["login_failed", "login", "logout"]
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_username == "officer.gifunaka"
    assert failed.ip_address == "127.0.0.1"
    assert len(failed.request_id) == 32
    assert "wrong" not in str(failed.detail)


def test_the_request_id_is_echoed_to_the_client(client, officer_gifunaka):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    event = AuditEvent.objects.get(action="login_failed")
    assert response["X-Request-ID"] == event.request_id


def test_auditor_searches_the_trail(client, auditor, officer_gifunaka):
    record_event(action=AuditAction.EXPORT, actor=officer_gifunaka, reason="年次報告")
    record_event(action=AuditAction.LOGIN, actor=auditor)
    client.force_login(auditor)
    response = client.get("/audit/", {"action": "export"})
    events = list(response.context["object_list"])
    assert [e.action for e in events] == ["export"]
    assert "officer.gifunaka" in response.content.decode()


def test_the_address_filter_matches_a_prefix_and_survives_a_typo(client, auditor):
    """The column is inet on PostgreSQL: an exact lookup of "abc" was a 500 there."""
    for address in ("10.21.3.4", "10.21.9.9", "192.168.1.1"):
        AuditEvent.objects.create(action=AuditAction.EXPORT, ip_address=address)
    client.force_login(auditor)

    def addresses(value):
        response = client.get("/audit/", {"ip_address": value, "action": "export"})
        assert response.status_code == 200
        return sorted(e.ip_address for e in response.context["object_list"])

    assert addresses("10.21.") == ["10.21.3.4", "10.21.9.9"]
    assert addresses("192.168.1.1") == ["192.168.1.1"]
    assert addresses("abc") == []


@pytest.mark.parametrize("role", ["officer_gifunaka", "approver_gifunaka", "analyst", "admin_user"])
def test_only_the_auditor_reads_the_trail(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/audit/").status_code == 403
