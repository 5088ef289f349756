"""Writes on users and memberships, each audited in the same transaction."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction


def _membership_summary(user: User) -> list[str]:
    return [f"{m.unit.code}:{m.role}" for m in user.memberships.select_related("unit")]


def user_create(
    *, actor: User, username: str, full_name: str, email: str, password: str, unit, role: str
) -> User:
    """Register a user with one membership and an initial password."""
    user = User(username=username, full_name=full_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        Membership.objects.create(user=user, unit=unit, role=role)
        record_event(
            action=AuditAction.USER_CREATED,
            actor=actor,
            target=user,
            detail={"memberships": _membership_summary(user)},
        )
    return user


def user_update(*, actor: User, user: User, changed_fields: list[str]) -> User:
    """Save edits to a user's name or e-mail (the form has already applied them)."""
    user.full_clean()
    with transaction.atomic():
        user.save()
        record_event(
            action=AuditAction.USER_CHANGED,
            actor=actor,
            target=user,
            detail={"fields": changed_fields},
        )
    return user


def memberships_replace(*, actor: User, user: User, save_formset) -> None:
    """Apply a memberships formset and audit the before and after of the user's roles."""
    with transaction.atomic():
        before = _membership_summary(user)
        save_formset()
        after = _membership_summary(user)
        if before != after:
            record_event(
                action=AuditAction.ROLE_CHANGED,
                actor=actor,
                target=user,
                detail={"before": before, "after": after},
            )


def user_deactivate(*, actor: User, user: User, reason: str) -> None:
    """Stop a user: they cannot sign in, and every session of theirs ends now."""
    user.is_active = False
    user.session_epoch += 1  # changes the session hash, so old cookies are refused
    with transaction.atomic():
        user.save(update_fields=["is_active", "session_epoch"])
        record_event(action=AuditAction.USER_DEACTIVATED, actor=actor, target=user, reason=reason)


def user_reactivate(*, actor: User, user: User, reason: str) -> None:
    user.is_active = True
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        record_event(action=AuditAction.USER_REACTIVATED, actor=actor, target=user, reason=reason)


def user_set_password(*, actor: User, user: User, password: str) -> None:
    """An admin sets a new password; the user's other sessions end with the old hash."""
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        record_event(action=AuditAction.PASSWORD_SET, actor=actor, target=user)
