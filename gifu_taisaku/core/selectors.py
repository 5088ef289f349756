"""Reads for the home page: the latest records in the user's scope and their approval queue."""

from itertools import chain

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.registry import record_models

HOME_LIST_LENGTH = 10


def _newest(querysets, limit: int) -> list:
    records = chain.from_iterable(qs.select_related("owning_unit")[:limit] for qs in querysets)
    return sorted(records, key=lambda record: record.updated_at, reverse=True)[:limit]


def latest_records(user, limit: int = HOME_LIST_LENGTH) -> list:
    """The most recently updated records the user may see, across programme apps."""
    if not user.has_role_perm(Perm.VIEW_RECORDS):
        return []
    return _newest(
        (m.objects.visible_to(user).order_by("-updated_at") for m in record_models()), limit
    )


def awaiting_approval(user, limit: int = 50) -> list:
    """Submitted records the user may decide (never their own)."""
    if not user.has_role_perm(Perm.APPROVE_RECORDS):
        return []
    return _newest(
        (
            m.objects.visible_to(user, "approve")
            .filter(status=WorkflowStatus.SUBMITTED)
            .exclude(created_by=user)
            .order_by("-updated_at")
            for m in record_models()
        ),
        limit,
    )


def returned_to_me(user, limit: int = 50) -> list:
    """The user's own records that an approver returned (差戻し), to correct and resubmit."""
    return _newest(
        (
            m.objects.visible_to(user, "change")
            .filter(status=WorkflowStatus.RETURNED, created_by=user)
            .order_by("-updated_at")
            for m in record_models()
        ),
        limit,
    )
