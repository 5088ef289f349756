"""Writes on users and memberships, each audited in the same transaction."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts import mfa
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


def password_change(*, user: User, password: str) -> None:
    """The user changes their own password. Every session signed in with the old one ends
    (the session hash includes the password); the view keeps the current one."""
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save(update_fields=["password"])
        record_event(action=AuditAction.PASSWORD_CHANGED, actor=user, target=user)


def end_all_sessions(user: User) -> None:
    """Raise the session epoch: every session of the user is refused at its next request.

    `session_epoch` is outside the history on purpose (it changes at every logout), so an
    F() update loses nothing there, and two concurrent bumps both count.
    """
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


def sessions_end(*, actor: User, user: User, reason: str) -> None:
    """本部管理者's "sign out everywhere" for one user (a lost terminal, a suspected leak)."""
    with transaction.atomic():
        end_all_sessions(user)
        record_event(action=AuditAction.SESSIONS_ENDED, actor=actor, target=user, reason=reason)


def _replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes replace the old ones; only their hashes are kept."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=mfa.RECOVERY_DEVICE_NAME)
    codes = mfa.new_recovery_codes()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=mfa.hash_recovery_code(code)) for code in codes
    )
    return codes


def mfa_enrol(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm a newly verified authenticator app; it replaces any earlier one.

    Returns the new recovery codes, to be shown once and never again.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        record_event(action=AuditAction.MFA_ENROLLED, actor=user, target=user)
    return codes


def recovery_codes_renew(*, user: User) -> list[str]:
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record_event(action=AuditAction.MFA_RECOVERY_RENEWED, actor=user, target=user)
    return codes


def mfa_reset(*, actor: User, user: User, reason: str) -> None:
    """本部管理者 removes a user's devices (a lost phone): they enrol again at next login.

    Their sessions end too, since a session verified with the lost device proves nothing.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        end_all_sessions(user)
        record_event(action=AuditAction.MFA_RESET, actor=actor, target=user, reason=reason)
