"""Writing audit events: the helper every app calls for logins, exports, confidential reads."""

from django.db import models

from gifu_taisaku.core.middleware import current_request
from gifu_taisaku.core.models import AuditAction, AuditEvent, AuditOutcome


def record_event(
    *,
    action: AuditAction,
    actor=None,
    target: models.Model | None = None,
    outcome: AuditOutcome = AuditOutcome.SUCCESS,
    reason: str = "",
    detail: dict | None = None,
    username: str = "",
    request=None,
) -> AuditEvent:
    """Append one audit event. Call it inside the transaction of the change it records.

    `request` defaults to the one being served, for the client address and request id;
    `username` names the actor when there is no account (a failed login).
    """
    request = request or current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=(actor.get_username() if actor else username)[:150],
        action=action,
        outcome=outcome,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        reason=reason,
        detail=detail or {},
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
