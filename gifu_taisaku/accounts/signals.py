"""Audit events for sign-in, sign-out, failed sign-in and lockout; session clocks at sign-in."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gifu_taisaku.accounts.models import Membership
from gifu_taisaku.accounts.session_policy import mark_login
from gifu_taisaku.accounts.unit_groups import sync_unit_groups
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction, AuditOutcome


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(action=AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs):
    """The login time bounds the session's life; the password was just entered."""
    mark_login(request.session)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The password never reaches the trail: Django has already masked it, and only
    # the username is kept.
    record_event(
        action=AuditAction.LOGIN_FAILED,
        outcome=AuditOutcome.FAILURE,
        username=str(credentials.get("username", ""))[:150],
        request=request,
    )


@receiver(user_locked_out)
def audit_lockout(sender, request, username=None, ip_address=None, **kwargs):
    record_event(
        action=AuditAction.LOCKOUT,
        outcome=AuditOutcome.DENIED,
        username=str(username or "")[:150],
        request=request,
    )


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def follow_memberships_in_unit_groups(sender, instance, **kwargs):
    user = instance.user
    if user.pk and type(user).objects.filter(pk=user.pk).exists():  # not while deleting the user
        sync_unit_groups(user)
