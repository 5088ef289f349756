"""The audit hash chain: every event seals its predecessor; verify_audit finds tampering.

Tampering needs raw SQL past the application's guards: on PostgreSQL the append-only
trigger is switched off for the test's own statements (as a table owner or superuser could).
"""

import hashlib
import io
import itertools
import threading
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from gifu_taisaku.core import audit_chain
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.checks import audit_chain_key_is_set
from gifu_taisaku.core.models import AuditAction, AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and row locks are PostgreSQL's"
)


@contextmanager
def trigger_off():
    """Raw writes to the audit table, as someone with the table owner's rights could do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: ALTER is ok
            cursor.execute(audit_chain._TRIGGER % "DISABLE")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute(audit_chain._TRIGGER % "ENABLE")


def events(officer, count=4):
    return [
        record_event(
            action=AuditAction.EXPORT,
            actor=officer,
            reason=f"出力 {n}\r\n理由",
            detail={"rows": n, "ratio": 0.1, "names": ["岐阜", "大垣"], "nested": {"b": 1, "a": 2}},
        )
        for n in range(count)
    ]


def verify() -> tuple[str, str]:
    """(stdout, stderr) of verify_audit; raises CommandError when it finds tampering."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        raise CommandError(f"{error}\n{err.getvalue()}") from error
    return out.getvalue(), err.getvalue()


def test_each_event_links_to_the_previous_one(officer_gifunaka):
    recorded = events(officer_gifunaka)
    assert recorded[0].prev_hash == audit_chain.GENESIS
    for before, after in itertools.pairwise(recorded):
        assert after.prev_hash == before.hash
    head = AuditChainHead.objects.get()
    assert (head.last_event_id, head.last_hash) == (recorded[-1].pk, recorded[-1].hash)
    # What was read back from the database hashes exactly as what was written.
    for event in AuditEvent.objects.order_by("id"):
        assert audit_chain.event_digest(event) == event.hash
    out, _ = verify()
    assert "監査記録 4 件の連鎖を確認しました。改ざんは見つかりません。" in out
    assert recorded[-1].hash in out


def test_an_empty_trail_verifies():
    out, _ = verify()
    assert "監査記録 0 件" in out


def test_an_altered_row_is_reported_with_its_id(officer_gifunaka):
    recorded = events(officer_gifunaka)
    with trigger_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET reason = %s WHERE id = %s", ["書き換え", recorded[1].pk]
        )
    with pytest.raises(CommandError, match=f"id={recorded[1].pk} の内容が記録時から変更") as error:
        verify()
    assert error.value.returncode == 1
    assert "1 か所で連鎖が壊れています" in str(error.value)


def test_an_altered_row_with_a_recomputed_hash_breaks_the_next_link(officer_gifunaka):
    recorded = events(officer_gifunaka)
    forged = AuditEvent.objects.get(pk=recorded[1].pk)
    forged.actor_username = "someone.else"
    with trigger_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_username = %s, hash = %s WHERE id = %s",
            [forged.actor_username, audit_chain.event_digest(forged), forged.pk],
        )
    with pytest.raises(CommandError, match=f"id={recorded[2].pk} の直前の記録が見つかりません"):
        verify()


def test_a_removed_row_is_reported_at_the_next_event(officer_gifunaka):
    recorded = events(officer_gifunaka)
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [recorded[1].pk])
    with pytest.raises(CommandError) as error:
        verify()
    message = str(error.value)
    assert f"id={recorded[0].pk} と id={recorded[2].pk} の間の記録が削除された" in message
    assert "1 か所" in message


def test_a_removed_first_row_is_reported(officer_gifunaka):
    recorded = events(officer_gifunaka)
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [recorded[0].pk])
    with pytest.raises(CommandError, match=f"id={recorded[1].pk} より前の記録が削除"):
        verify()


def test_a_removed_last_row_is_reported_from_the_chain_head(officer_gifunaka):
    recorded = events(officer_gifunaka)
    with trigger_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [recorded[-1].pk])
    with pytest.raises(CommandError, match=f"最後の記録は id={recorded[-1].pk} でしたが"):
        verify()


def test_an_inserted_row_is_reported(officer_gifunaka):
    """A forged row with a valid hash, slipped in between: the next event skips over it."""
    first, later = events(officer_gifunaka, count=2)
    forged = AuditEvent(
        occurred_at=first.occurred_at,
        actor_username="intruder",
        action=AuditAction.LOGIN,
        outcome="success",
        detail={},
        prev_hash=first.hash,
    )
    forged.hash = audit_chain.event_digest(forged)
    with trigger_off() as cursor:
        # Move the later event up to make room, as an insert "in between" would look.
        cursor.execute(
            "UPDATE core_auditevent SET id = %s WHERE id = %s", [later.pk + 10, later.pk]
        )
        cursor.execute(
            "INSERT INTO core_auditevent (id, occurred_at, actor_username, action, outcome, "
            "object_type, object_id, object_repr, reason, detail, request_id, prev_hash, hash) "
            "VALUES (%s, %s, 'intruder', 'login', 'success', '', '', '', '', '{}', '', %s, %s)",
            [later.pk + 5, forged.occurred_at, forged.prev_hash, forged.hash],
        )
        cursor.execute(
            "UPDATE core_auditchainhead SET last_event_id = %s WHERE id = 1", [later.pk + 10]
        )
    with pytest.raises(CommandError, match=f"id={later.pk + 5} は連鎖に含まれていません"):
        verify()


def test_a_row_appended_behind_the_chains_back_is_reported(officer_gifunaka):
    last = events(officer_gifunaka, count=2)[-1]
    forged = AuditEvent(
        occurred_at=last.occurred_at,
        actor_username="intruder",
        action=AuditAction.LOGIN,
        outcome="success",
        detail={},
        prev_hash=last.hash,
    )
    forged.hash = audit_chain.event_digest(forged)
    with trigger_off() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (occurred_at, actor_username, action, outcome, "
            "object_type, object_id, object_repr, reason, detail, request_id, prev_hash, hash) "
            "VALUES (%s, 'intruder', 'login', 'success', '', '', '', '', '{}', '', %s, %s)",
            [forged.occurred_at, forged.prev_hash, forged.hash],
        )
    with pytest.raises(CommandError, match=r"連鎖の先頭（id=.*）と一致しません"):
        verify()


def test_events_cannot_be_bulk_created_around_the_chain():
    with pytest.raises(ValidationError):
        AuditEvent.objects.bulk_create([AuditEvent(action=AuditAction.LOGIN)])


def unseal_all():
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_auditevent SET prev_hash = '', hash = ''")
        cursor.execute("DELETE FROM core_auditchainhead")


def chain() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("id").values_list("prev_hash", "hash"))


def test_rows_older_than_the_chain_are_sealed_in_order_then_keyed(officer_gifunaka):
    """Migrations 0008 (unsealed rows get unkeyed hashes in id order, the head follows) and
    0009 (the unkeyed chain is checked, then every row is sealed with the key)."""
    recorded = events(officer_gifunaka, count=3)
    unseal_all()
    assert audit_chain.seal_unsealed(AuditEvent, AuditChainHead, "default") == 3
    unkeyed = chain()
    assert [h for _, h in unkeyed] == [
        audit_chain.unkeyed_digest(e) for e in AuditEvent.objects.order_by("id")
    ]
    with pytest.raises(CommandError, match="3 か所") as error:  # unkeyed: no longer verify
        verify()
    assert "AUDIT_CHAIN_KEY（未設定なら SECRET_KEY）が記録したときの値と違う" in str(error.value)

    assert audit_chain.reseal_with_key(AuditEvent, AuditChainHead, "default") == 3
    assert chain() == [(e.prev_hash, e.hash) for e in recorded]
    verify()
    if connection.vendor == "postgresql":  # the trigger is back on
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE core_auditevent SET hash = ''")

    # Migrating back restores the unkeyed chain exactly.
    assert audit_chain.reseal_without_key(AuditEvent, AuditChainHead, "default") == 3
    assert chain() == unkeyed


def test_a_broken_unkeyed_chain_is_not_resealed(officer_gifunaka):
    """Re-sealing would launder the tampering: the migration stops and changes nothing."""
    recorded = events(officer_gifunaka, count=3)
    unseal_all()
    audit_chain.seal_unsealed(AuditEvent, AuditChainHead, "default")
    with trigger_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET reason = %s WHERE id = %s", ["書き換え", recorded[1].pk]
        )
    before = chain()
    with pytest.raises(RuntimeError, match=rf"連鎖が壊れています（id={recorded[1].pk}）"):
        audit_chain.reseal_with_key(AuditEvent, AuditChainHead, "default")
    assert chain() == before


def rewrite_from(event_id: int, digest) -> None:
    """Alter one event, then recompute its hash, every later hash and the chain head with
    `digest`: all that someone with write access to the database can do."""
    with trigger_off() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET actor_username = 'someone.else' WHERE id = %s", [event_id]
        )
    audit_chain._rewrite_chain(AuditEvent, AuditChainHead, "default", digest, only_unsealed=False)


def plain_sha256(event) -> str:
    return hashlib.sha256(audit_chain.canonical_content(event)).hexdigest()


def guessed_key(event) -> str:
    with override_settings(AUDIT_CHAIN_KEY="a-guessed-key"):
        return audit_chain.event_digest(event)


@pytest.mark.parametrize("digest", [plain_sha256, guessed_key])
def test_a_rewritten_chain_without_the_key_is_reported(officer_gifunaka, digest):
    """Recomputing every hash after a change is caught: the hashes are keyed by a secret
    the database does not hold."""
    recorded = events(officer_gifunaka, count=3)
    rewrite_from(recorded[1].pk, digest)
    with pytest.raises(CommandError, match="3 か所") as error:
        verify()
    assert f"id={recorded[1].pk} の内容が記録時から変更" in str(error.value)


def test_one_altered_row_is_not_blamed_on_the_key(officer_gifunaka):
    recorded = events(officer_gifunaka, count=3)
    with trigger_off() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [recorded[0].pk])
    with pytest.raises(CommandError) as error:
        verify()
    assert "AUDIT_CHAIN_KEY" not in str(error.value)


def test_a_rewritten_chain_with_the_key_is_not_caught_by_the_chain(officer_gifunaka):
    """The limit, and the check that the test above fails for want of the key: whoever holds
    AUDIT_CHAIN_KEY can rewrite the trail (hence the last hash printed to keep elsewhere)."""
    recorded = events(officer_gifunaka, count=3)
    rewrite_from(recorded[1].pk, audit_chain.event_digest)
    out, _ = verify()
    assert recorded[-1].hash not in out


def test_production_is_warned_without_its_own_chain_key():
    with override_settings(AUDIT_CHAIN_KEY=""):
        assert [w.id for w in audit_chain_key_is_set(None)] == ["core.W001"]
    with override_settings(AUDIT_CHAIN_KEY="x" * 64):
        assert audit_chain_key_is_set(None) == []


def test_the_key_comes_from_the_settings():
    event = AuditEvent(occurred_at=timezone.now(), action=AuditAction.LOGIN, prev_hash="0" * 64)
    with override_settings(AUDIT_CHAIN_KEY="one"):
        one = audit_chain.event_digest(event)
    with override_settings(AUDIT_CHAIN_KEY="two"):
        two = audit_chain.event_digest(event)
    with override_settings(AUDIT_CHAIN_KEY="", SECRET_KEY="s" * 50):
        from_secret = audit_chain.event_digest(event)
    assert len({one, two, from_secret, plain_sha256(event)}) == 4
    assert len(one) == 64


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_linear_chain():
    """Two threads record at once, each inside a transaction that lingers after the event."""
    barrier = threading.Barrier(2)
    errors = []

    def writer(name):
        try:
            barrier.wait()
            for n in range(8):
                with transaction.atomic():
                    record_event(action=AuditAction.EXPORT, username=name, detail={"n": n})
                    # the lock on the chain head is held until commit
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(f"writer{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == 16
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prev_hashes)) == 16  # no two events claim the same predecessor
    verify()
