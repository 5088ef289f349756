"""Writes shared by every programme record: create, edit with optimistic locking, workflow.

Each service is keyword-only, validates with `full_clean()`, runs in one transaction and
writes its business audit event in that same transaction. Row history is written by
simple-history on `save()`.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import (
    EDITABLE_STATUSES,
    AuditAction,
    RecordBase,
    Versioned,
    WorkflowStatus,
)


class StaleRecordError(Exception):
    """The record changed since the user opened it (its version moved on)."""


STALE_RECORD_MESSAGE = gettext_lazy(
    "この記録は、開いている間に他の利用者が変更しました。入力内容は残してあります。"
    "最新の内容を別のタブで確認してから、もう一度保存してください。"
)
STALE_SUBMIT_MESSAGE = gettext_lazy(
    "確認している間に、他の利用者がこの記録を変更しました。提出していません。"
    "最新の内容を確認してから、もう一度提出してください。"
)


def record_create[R: RecordBase](
    *, actor, record: R, after_save: Callable[[], None] | None = None
) -> R:
    """Save a new record authored by `actor` (`after_save` stores many-to-many data)."""
    record.created_by = actor
    record.full_clean()
    with transaction.atomic():
        record.save()
        if after_save:
            after_save()
    return record


def record_update[R: RecordBase](
    *, actor, record: R, expected_version: int, after_save: Callable[[], None] | None = None
) -> R:
    """Save edits to `record` unless someone else saved it since `expected_version`.

    The row is locked while the version is compared, so two simultaneous saves cannot
    both pass the check.
    """
    if not record.is_editable:
        raise ValidationError(_("この状態の記録は編集できません。"))
    return save_versioned(record=record, expected_version=expected_version, after_save=after_save)


def save_versioned[V: Versioned](
    *, record: V, expected_version: int | None, after_save: Callable[[], None] | None = None
) -> V:
    """Create `record`, or save edits to it unless someone else saved it since
    `expected_version` (StaleRecordError). The row is locked while the version is
    compared, so two simultaneous saves cannot both pass the check."""
    with transaction.atomic():
        if not record._state.adding:
            _check_version(record, expected_version)
            record.version = expected_version + 1
        record.full_clean()
        record.save()
        if after_save:
            after_save()
    return record


def _transition(
    record: RecordBase, *, to: WorkflowStatus, action: AuditAction, actor, reason: str = ""
) -> None:
    record.status = to
    record.version += 1
    record._change_reason = str(to.label)
    record.full_clean()
    with transaction.atomic():
        record.save()
        record_event(action=action, actor=actor, target=record, reason=reason)


def _lock_current_state(record: RecordBase) -> None:
    """Lock the row and take its status and version as they are now, not as loaded.

    Call inside a transaction. The workflow checks then see the committed state: of an
    approval and a return sent at the same moment, the second waits for the first's lock,
    finds the record no longer 承認待ち, and is refused instead of overwriting it.
    """
    current = type(record).objects.select_for_update().only("status", "version").get(pk=record.pk)
    record.status, record.version = current.status, current.version


def _check_version(record: Versioned, expected_version: int | None) -> None:
    """Lock the row and raise StaleRecordError unless it is still at `expected_version`.

    Call inside a transaction: the lock holds until it ends, so two requests cannot both
    pass the check.
    """
    current = type(record).objects.select_for_update().only("version").get(pk=record.pk)
    if current.version != expected_version:
        raise StaleRecordError


def record_submit(*, actor, record: RecordBase, expected_version: int | None = None) -> None:
    """Send a draft or returned record to the station's approvers.

    `expected_version` is the version the user confirmed (the 確認 page posts it): if the
    record changed since, StaleRecordError is raised and nothing is submitted.
    """
    with transaction.atomic():
        _lock_current_state(record)
        if expected_version is not None and record.version != expected_version:
            raise StaleRecordError
        if record.status not in EDITABLE_STATUSES:
            raise ValidationError(_("作成中または差戻しの記録だけを提出できます。"))
        record.submitted_at = timezone.now()
        _transition(
            record, to=WorkflowStatus.SUBMITTED, action=AuditAction.RECORD_SUBMITTED, actor=actor
        )


def _check_decidable(*, actor, record: RecordBase) -> None:
    if record.status != WorkflowStatus.SUBMITTED:
        raise ValidationError(_("承認待ちの記録だけを決裁できます。"))
    if record.created_by_id == actor.pk:
        raise ValidationError(_("自分が作成した記録は決裁できません。"))


def _check_approved(*, actor, record: RecordBase) -> None:
    if record.status != WorkflowStatus.APPROVED:
        raise ValidationError(_("承認済みの記録だけを再開できます。"))


def _decide(
    *,
    actor,
    record: RecordBase,
    check: Callable[..., None],
    to: WorkflowStatus,
    action: AuditAction,
    comment: str,
    reason: str = "",
) -> None:
    """An approver's decision: on the row as it is now (locked), if `check` allows it."""
    with transaction.atomic():
        _lock_current_state(record)
        check(actor=actor, record=record)
        record.decided_by, record.decided_at = actor, timezone.now()
        record.decision_comment = comment
        _transition(record, to=to, action=action, actor=actor, reason=reason)


def record_approve(*, actor, record: RecordBase, comment: str = "") -> None:
    """Approve a submitted record (not one's own)."""
    _decide(
        actor=actor,
        record=record,
        check=_check_decidable,
        to=WorkflowStatus.APPROVED,
        action=AuditAction.RECORD_APPROVED,
        comment=comment,
    )


def record_return(*, actor, record: RecordBase, reason: str) -> None:
    """Return a submitted record to its author with the reason (差戻し)."""
    if not reason.strip():
        raise ValidationError({"reason": _("差戻しの理由を入力してください。")})
    _decide(
        actor=actor,
        record=record,
        check=_check_decidable,
        to=WorkflowStatus.RETURNED,
        action=AuditAction.RECORD_RETURNED,
        comment=reason,
        reason=reason,
    )


def record_reopen(*, actor, record: RecordBase, reason: str) -> None:
    """Reopen an approved record for correction (approvers only, with the reason recorded).

    The record goes back to its author as returned, so it reappears in their list of
    records to correct, and must be submitted and approved again.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("再開の理由を入力してください。")})
    _decide(
        actor=actor,
        record=record,
        check=_check_approved,
        to=WorkflowStatus.RETURNED,
        action=AuditAction.RECORD_REOPENED,
        comment=reason,
        reason=reason,
    )
