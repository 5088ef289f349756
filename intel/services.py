"""Writes on intel reports: submission with 予兆 alerts, grants, analysis, review and purge.

Every read, grant, revoke, analysis step, dissemination and purge is an audit event written
in the same transaction as the change. Record creation and editing reuse core.services.
"""

import datetime

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gifu_taisaku.accounts.models import User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.accounts.unit_groups import unit_group
from gifu_taisaku.core import services as core_services
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction
from gifu_taisaku.core.notifications import notify
from intel.choices import DEFAULT_REVIEW_DAYS, AnalystStatus, Secrecy
from intel.models import (
    AnalystNote,
    Dissemination,
    IntelReport,
    IntelUnitGrant,
    IntelUserGrant,
    retention_limit_from,
)

MAX_GRANT_DAYS = 180


def report_submit(*, actor, report: IntelReport, expected_version: int | None = None) -> None:
    """Submit to the station's approvers; a 予兆 report also alerts every HQ analyst at once.

    `expected_version`: see core.services.record_submit (the version the 確認 page showed).
    """
    with transaction.atomic():
        core_services.record_submit(actor=actor, record=report, expected_version=expected_version)
        # A 秘 report stays within its station until someone grants access: HQ is not alerted
        # to a report it could not open.
        if report.warning_sign and report.secrecy != Secrecy.SECRET:
            analysts = User.objects.filter(
                is_active=True, memberships__role=Role.ANALYST
            ).distinct()
            notify(
                recipients=analysts,
                text=_("予兆ありの実態把握（%(report)s）が提出されました。") % {"report": report},
                url=report.get_absolute_url(),
            )


def report_read(*, actor, report: IntelReport, purpose: str) -> None:
    """Record one read of a report's content, with its purpose."""
    record_event(
        action=AuditAction.CONFIDENTIAL_READ,
        actor=actor,
        target=report,
        reason=purpose,
        detail={"secrecy": report.secrecy},
    )


def _view_permission() -> Permission:
    return Permission.objects.get(codename="view_intelreport", content_type__app_label="intel")


def _check_expiry(expires_at: datetime.datetime) -> None:
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("有効期限は現在より後にしてください。")})
    if expires_at > now + datetime.timedelta(days=MAX_GRANT_DAYS):
        raise ValidationError(
            {"expires_at": _("有効期限は%(days)d日以内にしてください。") % {"days": MAX_GRANT_DAYS}}
        )


def grant_access(
    *, actor, report: IntelReport, user=None, unit=None, reason: str, expires_at: datetime.datetime
):
    """Give one user, or one unit's members, read access to a report until `expires_at`."""
    if (user is None) == (unit is None):
        raise ValidationError(_("付与先として、利用者か所属のどちらか一方を選んでください。"))
    if not reason.strip():
        raise ValidationError({"reason": _("付与の理由を入力してください。")})
    _check_expiry(expires_at)
    fields = {
        "permission": _view_permission(),
        "content_object": report,
        "reason": reason,
        "expires_at": expires_at,
        "granted_by": actor,
    }
    with transaction.atomic():
        if user is not None:
            IntelUserGrant.objects.filter(user=user, content_object=report).delete()
            grant = IntelUserGrant.objects.create(user=user, **fields)
        else:
            group = unit_group(unit)
            IntelUnitGrant.objects.filter(group=group, content_object=report).delete()
            grant = IntelUnitGrant.objects.create(group=group, **fields)
        record_event(
            action=AuditAction.ACCESS_GRANTED,
            actor=actor,
            target=report,
            reason=reason,
            detail={
                "user": user.username if user else None,
                "unit": unit.code if unit else None,
                "expires_at": expires_at.isoformat(),
            },
        )
    return grant


def revoke_grant(*, actor, grant) -> None:
    """Withdraw a grant at once; the audit event keeps who had it."""
    report = grant.content_object
    holder = getattr(grant, "user", None) or grant.group
    with transaction.atomic():
        grant.delete()
        record_event(
            action=AuditAction.ACCESS_REVOKED,
            actor=actor,
            target=report,
            detail={"holder": str(holder)},
        )


def analysis_update(
    *,
    actor,
    report: IntelReport,
    status: AnalystStatus,
    note: str = "",
    shareable: bool = False,
    outcome_activity=None,
) -> None:
    """Move a report along the analysts' queue, optionally with a note.

    A report marked 事件化 keeps the activity that recorded the case (`outcome_activity`),
    which the commendation scores count; leaving 事件化 clears it.
    """
    with transaction.atomic():
        previous = report.analyst_status
        report.analyst_status = status
        if status == AnalystStatus.CASE_BUILT:
            report.outcome_activity = outcome_activity or report.outcome_activity
        else:
            report.outcome_activity = None
        report.save(update_fields=["analyst_status", "outcome_activity", "updated_at"])
        if note.strip():
            AnalystNote.objects.create(report=report, author=actor, text=note, shareable=shareable)
        record_event(
            action=AuditAction.ANALYSIS_CHANGED,
            actor=actor,
            target=report,
            detail={"from": previous, "to": status}
            | (
                {"outcome_activity": report.outcome_activity_id}
                if report.outcome_activity_id
                else {}
            ),
        )


def dissemination_record(
    *,
    actor,
    report: IntelReport,
    recipient: str,
    content: str,
    purpose: str,
    shared_on: datetime.date,
) -> Dissemination:
    """Log information shared outside the police (recipient agency, what, why, when, by whom)."""
    if report.secrecy == Secrecy.SECRET and not purpose.strip():
        raise ValidationError({"purpose": _("提供の理由を入力してください。")})
    entry = Dissemination(
        report=report,
        recipient=recipient,
        content=content,
        purpose=purpose,
        shared_on=shared_on,
        shared_by=actor,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        record_event(
            action=AuditAction.DISSEMINATED,
            actor=actor,
            target=report,
            reason=purpose,
            detail={"recipient": recipient},
        )
    return entry


def report_validate(*, actor, report: IntelReport, reason: str) -> None:
    """Re-validate a report at review: restarts the five-year retention and the review clock."""
    if not reason.strip():
        raise ValidationError({"reason": _("確認の理由を入力してください。")})
    today = timezone.localdate()
    report.last_validated_at, report.last_validated_by = today, actor
    report.validation_reason = reason
    report.retention_until = retention_limit_from(today)
    report.review_date = today + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)
    report._change_reason = _("見直し確認")
    with transaction.atomic():
        report.save()
        record_event(action=AuditAction.RECORD_VALIDATED, actor=actor, target=report, reason=reason)
