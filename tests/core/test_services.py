"""Workflow services decide on the record as it is in the database, not as it was loaded.

A decision page stays open while somebody else acts on the same record. Each service locks
the row and re-reads its status before checking, so a second, late decision is refused
instead of silently overwriting the first (a 承認 turned into a 差戻し, or the reverse).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import QuerySet

from activities.models import Activity
from gifu_taisaku.core import services
from gifu_taisaku.core.models import AuditAction, AuditEvent, WorkflowStatus
from tests.activities.factories import ActivityFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks: it serialises every write with one database lock",
)


def submitted(org, author) -> Activity:
    return ActivityFactory(
        owning_unit=org.gifunaka, created_by=author, status=WorkflowStatus.SUBMITTED
    )


def two_copies(record: Activity) -> tuple[Activity, Activity]:
    """The record as two approvers' pages loaded it, before either decided."""
    return Activity.objects.get(pk=record.pk), Activity.objects.get(pk=record.pk)


def decisions(record) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_id=str(record.pk),
            action__in=[AuditAction.RECORD_APPROVED, AuditAction.RECORD_RETURNED],
        ).values_list("action", flat=True)
    )


def test_a_return_after_an_approval_is_refused(org, officer_gifunaka, approver_gifunaka):
    record = submitted(org, officer_gifunaka)
    first, late = two_copies(record)
    services.record_approve(actor=approver_gifunaka, record=first)
    with pytest.raises(ValidationError, match="承認待ちの記録だけを決裁できます"):
        services.record_return(actor=approver_gifunaka, record=late, reason="記載漏れ")
    record.refresh_from_db()
    assert record.status == WorkflowStatus.APPROVED
    assert record.decision_comment == ""
    assert decisions(record) == [AuditAction.RECORD_APPROVED]


def test_a_second_submit_of_a_stale_copy_is_refused(org, officer_gifunaka):
    record = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    first, late = two_copies(record)
    services.record_submit(actor=officer_gifunaka, record=first)
    with pytest.raises(ValidationError, match="作成中または差戻しの記録だけを提出できます"):
        services.record_submit(actor=officer_gifunaka, record=late)
    assert Activity.objects.get(pk=record.pk).version == record.version + 1


def test_a_reopen_of_a_record_already_reopened_is_refused(org, officer_gifunaka, approver_gifunaka):
    record = submitted(org, officer_gifunaka)
    services.record_approve(actor=approver_gifunaka, record=record)
    first, late = two_copies(record)
    services.record_reopen(actor=approver_gifunaka, record=first, reason="件数の誤り")
    with pytest.raises(ValidationError, match="承認済みの記録だけを再開できます"):
        services.record_reopen(actor=approver_gifunaka, record=late, reason="別の理由")
    assert Activity.objects.get(pk=record.pk).decision_comment == "件数の誤り"


def decide_at_once(record, approver, monkeypatch) -> list[Exception]:
    """Approve and return in two threads, each with its own connection, the first holding
    the row while the second arrives (full_clean slowed down inside the transaction)."""
    original = Activity.full_clean

    def slow_full_clean(self, *args, **kwargs):
        threading.Event().wait(0.5)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Activity, "full_clean", slow_full_clean)
    start, refused = threading.Barrier(2), []

    def run(decide):
        try:
            start.wait()
            decide(Activity.objects.get(pk=record.pk))
        except ValidationError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(decide,))
        for decide in (
            lambda r: services.record_approve(actor=approver, record=r),
            lambda r: services.record_return(actor=approver, record=r, reason="記載漏れ"),
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return refused


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_approve_and_return_decide_once(
    org, officer_gifunaka, approver_gifunaka, monkeypatch
):
    record = submitted(org, officer_gifunaka)
    history_before = record.history.count()
    refused = decide_at_once(record, approver_gifunaka, monkeypatch)
    assert len(refused) == 1
    assert len(decisions(record)) == 1
    saved = Activity.objects.get(pk=record.pk)
    assert saved.version == record.version + 1
    assert saved.history.count() == history_before + 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_both_decisions_pass(
    org, officer_gifunaka, approver_gifunaka, monkeypatch
):
    """The check of the test above: with the status read without a lock, both go through."""
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    record = submitted(org, officer_gifunaka)
    assert decide_at_once(record, approver_gifunaka, monkeypatch) == []
    assert len(decisions(record)) == 2
