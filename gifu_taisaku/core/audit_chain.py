"""The hash chain of the audit trail: each event seals its content and its predecessor's hash.

Every `AuditEvent` stores `prev_hash` (the `hash` of the event before it, or GENESIS for the
first) and `hash` = SHA-256 over a canonical JSON of its own content and `prev_hash`. A single
`AuditChainHead` row holds the last event's id and hash; the insert transaction locks that row
first, so concurrent writers queue for a moment and the chain stays linear (SQLite serialises
writes anyway). Cost per event: one upsert-with-lock and one update of the head row.

`verify_chain` walks the events in id order and reports an altered row (its hash no longer
matches its content), a removed row (the next event's `prev_hash` points to nothing), an
inserted row (the next event points past it) and a removed tail (the head row names an event
that is gone). Anyone able to rewrite the whole table *and* recompute every later hash is not
caught by the chain alone: `verify_audit` prints the last hash so it can be kept elsewhere.

The hash is keyed (version 2 of the content): HMAC-SHA-256 with a key from the application's
settings (`AUDIT_CHAIN_KEY`, else derived from `SECRET_KEY`), never stored in the database.
Someone with write access to the database alone (a DBA, an SQL injection) can therefore not
recompute the hashes after rewriting rows; with the unkeyed SHA-256 of version 1 they could.
Version 1 rows are re-sealed by core migration 0009 after their unkeyed chain is checked.

The canonical form below must never change for existing rows: a new form needs a new version
number in the content and a migration that checks the old chain before re-sealing it.
"""

import hashlib
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import connections
from django.utils.crypto import salted_hmac

GENESIS = "0" * 64
CONTENT_VERSION = 2  # 1: plain SHA-256 (core 0008); 2: keyed HMAC-SHA-256 (core 0009)
_KEY_SALT = "gifu_taisaku.core.audit_chain"
HEAD_ID = 1
_RECENT = 1000  # how far back an inserted row's claimed predecessor is looked up


def _ip(value) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).split("/")[0]))
    except ValueError:
        return str(value)


def canonical_content(event, version: int = CONTENT_VERSION) -> bytes:
    """The bytes an event's hash covers: every field but id and hash, in a stable form.

    `event` is an AuditEvent (or a historical model instance in a migration). JSON details go
    through a round trip first so that what was saved and what is read back hash alike.
    """
    content = {
        "v": version,
        "prev_hash": event.prev_hash,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "action": event.action,
        "outcome": event.outcome,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "reason": event.reason,
        "detail": json.loads(json.dumps(event.detail)),
        "ip_address": _ip(event.ip_address),
        "request_id": event.request_id,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def event_digest(event) -> str:
    """The event's keyed hash (HMAC-SHA-256 over its canonical content, 64 hex digits)."""
    secret = settings.AUDIT_CHAIN_KEY or settings.SECRET_KEY
    return salted_hmac(
        _KEY_SALT, canonical_content(event), secret=secret, algorithm="sha256"
    ).hexdigest()


def unkeyed_digest(event) -> str:
    """Version 1: plain SHA-256. Only the migrations use it, to seal and check old rows."""
    return hashlib.sha256(canonical_content(event, version=1)).hexdigest()


# Plain SQL on the head row (the table name is AuditChainHead's, fixed): one upsert that
# creates the row if a flush removed it and takes its row lock either way, like
# SELECT … FOR UPDATE would; then the update once the event has its id.
_LOCK_HEAD = (
    "INSERT INTO core_auditchainhead (id, last_event_id, last_hash) VALUES (%s, NULL, %s) "
    "ON CONFLICT (id) DO UPDATE SET last_hash = core_auditchainhead.last_hash "
    "RETURNING last_hash"
)
_ADVANCE_HEAD = "UPDATE core_auditchainhead SET last_event_id = %s, last_hash = %s WHERE id = %s"


def lock_head(using: str) -> str:
    """Lock the chain head until the end of this transaction; return the last event's hash."""
    with connections[using].cursor() as cursor:
        cursor.execute(_LOCK_HEAD, [HEAD_ID, GENESIS])
        return cursor.fetchone()[0]


def advance_head(using: str, event_id: int, digest: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(_ADVANCE_HEAD, [event_id, digest, HEAD_ID])


def trail_head(using: str) -> dict | None:
    """The chain head ({"last_event_id", "last_hash"}); None in a database without one."""
    from gifu_taisaku.core.models import AuditChainHead

    if AuditChainHead._meta.db_table not in connections[using].introspection.table_names():
        return None
    head = AuditChainHead.objects.using(using).filter(pk=HEAD_ID)
    return head.values("last_event_id", "last_hash").first()


@dataclass(frozen=True)
class Problem:
    event_id: int | None
    message: str


@dataclass
class ChainReport:
    checked: int = 0
    last_id: int | None = None
    last_hash: str = GENESIS
    problems: list[Problem] | None = None
    altered: int = 0  # events whose hash does not match their content

    @property
    def key_may_differ(self) -> bool:
        """Every hash fails alike: more likely another AUDIT_CHAIN_KEY than tampering."""
        return self.checked > 1 and self.altered == self.checked


def verify_chain(using: str = "default", chunk_size: int = 2000) -> ChainReport:
    """Walk the whole trail in id order; every break of the chain becomes a Problem."""
    from gifu_taisaku.core.models import AuditChainHead, AuditEvent

    report = ChainReport(problems=[])
    problems = report.problems
    expected, previous_id = GENESIS, None
    recent: dict[str, int] = {}  # hash → id of the last few events, to name inserted rows
    events = AuditEvent.objects.using(using).order_by("id")
    for event in events.iterator(chunk_size=chunk_size):
        report.checked += 1
        if event.prev_hash != expected:
            claimed = recent.get(event.prev_hash)
            if claimed is not None:
                # This event follows an earlier one: the rows in between are not in the chain.
                skipped = list(
                    AuditEvent.objects.using(using)
                    .filter(id__gt=claimed, id__lt=event.id)
                    .values_list("id", flat=True)
                )
                for inserted in skipped:
                    problems.append(
                        Problem(
                            inserted,
                            f"監査記録 id={inserted} は連鎖に含まれていません"
                            f"（id={claimed} の次は id={event.id} です）。"
                            "後から挿入された記録です。",
                        )
                    )
            elif previous_id is None:
                problems.append(
                    Problem(
                        event.id,
                        f"監査記録 id={event.id} より前の記録が削除されています"
                        "（最初の記録が連鎖の始まりを指していません）。",
                    )
                )
            else:
                problems.append(
                    Problem(
                        event.id,
                        f"監査記録 id={event.id} の直前の記録が見つかりません。"
                        f"id={previous_id} と id={event.id} の間の記録が削除されたか、"
                        f"id={event.id} が後から挿入されたものです。",
                    )
                )
        if event_digest(event) != event.hash:
            report.altered += 1
            problems.append(
                Problem(
                    event.id,
                    f"監査記録 id={event.id} の内容が記録時から変更されています"
                    "（ハッシュが一致しません）。",
                )
            )
        recent[event.hash] = event.id
        if len(recent) > _RECENT:
            recent.pop(next(iter(recent)))
        expected, previous_id = event.hash, event.id
    report.last_id, report.last_hash = previous_id, expected

    head = AuditChainHead.objects.using(using).filter(pk=HEAD_ID).first()
    head_id = head.last_event_id if head else None
    head_hash = head.last_hash if head else GENESIS
    if (head_id, head_hash) != (report.last_id, report.last_hash):
        if head is None:
            message = "連鎖の先頭記録（core_auditchainhead）が削除されています。"
        elif report.last_id is None:
            message = f"監査記録がすべて削除されています（最後の記録は id={head_id} でした）。"
        elif head_id is not None and head_id > report.last_id:
            message = (
                f"最後の監査記録が削除されています（最後の記録は id={head_id} でしたが、"
                f"残っているのは id={report.last_id} までです）。"
            )
        else:
            message = (
                f"最後の監査記録 id={report.last_id} が連鎖の先頭（id={head_id}）と一致しません。"
                "末尾の記録が削除・変更されたか、後から追加されています。"
            )
        problems.append(Problem(head_id, message))
    return report


_TRIGGER = "ALTER TABLE core_auditevent %s TRIGGER core_auditevent_append_only"


def seal_unsealed(event_model, head_model, using: str, digest=unkeyed_digest) -> int:
    """Hash every event that has no hash yet (rows older than the chain), in id order.

    For core migration 0008, which introduced the chain with the unkeyed `digest` of its day;
    it runs inside that migration's transaction, which holds the table lock. Returns the
    number of rows sealed.
    """
    return _rewrite_chain(event_model, head_model, using, digest, only_unsealed=True)


def reseal_with_key(event_model, head_model, using: str) -> int:
    """Core migration 0009: check the unkeyed chain, then seal every event with the key."""
    return _reseal(event_model, head_model, using, unkeyed_digest, event_digest)


def reseal_without_key(event_model, head_model, using: str) -> int:
    """Reverse of 0009: check the keyed chain, then go back to the unkeyed hash."""
    return _reseal(event_model, head_model, using, event_digest, unkeyed_digest)


def _reseal(event_model, head_model, using: str, old_digest, new_digest) -> int:
    """Re-hash every event with `new_digest` once the chain holds under `old_digest`.

    Re-sealing a chain that is already broken would hide the break for good, so any problem
    stops the migration (and its transaction) with the ids of the rows concerned.
    """
    broken = _chain_breaks(event_model, using, old_digest)
    if broken:
        ids = ", ".join(str(event_id) for event_id in broken[:20])
        raise RuntimeError(
            f"監査記録の連鎖が壊れています（id={ids}{' ほか' if len(broken) > 20 else ''}）。"
            "ハッシュを付け直すと改ざんの跡が消えるため、移行を中止しました。"
            "manage.py verify_audit で確認し、必要ならバックアップから復元してください。"
        )
    return _rewrite_chain(event_model, head_model, using, new_digest, only_unsealed=False)


def _chain_breaks(event_model, using: str, digest) -> list[int]:
    """Ids of the events whose link or hash (under `digest`) does not hold."""
    broken, expected = [], GENESIS
    for event in event_model.objects.using(using).order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected or digest(event) != event.hash:
            broken.append(event.id)
        expected = event.hash
    return broken


def _rewrite_chain(event_model, head_model, using: str, digest, *, only_unsealed: bool) -> int:
    """Link and hash events in id order with `digest` (all, or those without a hash yet).

    On PostgreSQL the append-only trigger is off only for these UPDATEs.
    """
    connection = connections[using]
    postgres = connection.vendor == "postgresql"
    running, last_id, sealed, batch = GENESIS, None, 0, []
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(_TRIGGER % "DISABLE")
        for event in event_model.objects.using(using).order_by("id").iterator(chunk_size=2000):
            if not (only_unsealed and event.hash):
                event.prev_hash = running
                event.hash = digest(event)
                batch.append(event)
                sealed += 1
            running, last_id = event.hash, event.id
            if len(batch) >= 500:
                event_model.objects.using(using).bulk_update(batch, ["prev_hash", "hash"])
                batch = []
        if batch:
            event_model.objects.using(using).bulk_update(batch, ["prev_hash", "hash"])
        if postgres:
            cursor.execute(_TRIGGER % "ENABLE")
    head_model.objects.using(using).update_or_create(
        pk=HEAD_ID, defaults={"last_event_id": last_id, "last_hash": running}
    )
    return sealed
