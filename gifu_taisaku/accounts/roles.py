"""The one map from roles to permissions.

Scoping (`core.scoping`), the menu (`core.menu`), the views' permission checks and
the authorization-matrix test all read this module, so a role's rights are changed
here and nowhere else.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member's role in an org unit (Membership.role)."""

    OFFICER = "officer", _("署員")
    APPROVER = "approver", _("署幹部（承認者）")
    ANALYST = "analyst", _("本部分析担当")
    ADMIN = "admin", _("本部管理者")
    AUDITOR = "auditor", _("監査担当")


class Perm(StrEnum):
    """What a role may do. Record permissions are applied within the role's scope."""

    VIEW_RECORDS = "records.view"  # read programme records (activities, liaison, training)
    ADD_RECORDS = "records.add"  # create records for one's own unit
    CHANGE_RECORDS = "records.change"  # edit draft or returned records of one's scope
    APPROVE_RECORDS = "records.approve"  # approve or return submitted records
    REVIEW_INTEL = "intel.review"  # read and review intel across stations
    MANAGE_USERS = "users.manage"  # create users, assign unit and role, deactivate
    MANAGE_MASTER = "master.manage"  # org units, municipalities, catalogues
    VIEW_REPORTS = "reports.view"  # dashboard and annual reports of the prefecture
    MANAGE_COMMENDATIONS = "commendations.manage"  # scoring schemes and recommendations
    VIEW_AUDIT = "audit.view"  # read the audit trail


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.OFFICER: frozenset({Perm.VIEW_RECORDS, Perm.ADD_RECORDS, Perm.CHANGE_RECORDS}),
    Role.APPROVER: frozenset(
        {Perm.VIEW_RECORDS, Perm.ADD_RECORDS, Perm.CHANGE_RECORDS, Perm.APPROVE_RECORDS}
    ),
    Role.ANALYST: frozenset({Perm.VIEW_RECORDS, Perm.REVIEW_INTEL, Perm.VIEW_REPORTS}),
    Role.ADMIN: frozenset(
        {
            Perm.VIEW_RECORDS,
            Perm.MANAGE_USERS,
            Perm.MANAGE_MASTER,
            Perm.VIEW_REPORTS,
            Perm.MANAGE_COMMENDATIONS,
        }
    ),
    Role.AUDITOR: frozenset({Perm.VIEW_AUDIT}),
}

# Roles whose record permissions reach every station; the others stay inside their station.
PREFECTURE_WIDE_ROLES: frozenset[Role] = frozenset({Role.ANALYST, Role.ADMIN, Role.AUDITOR})

# Roles that must pass a second factor (TOTP) after the password: they read every station's
# records, manage users or read the audit trail. settings.MFA_REQUIRED_FOR_ALL adds everyone.
MFA_REQUIRED_ROLES: frozenset[Role] = frozenset({Role.ANALYST, Role.ADMIN, Role.AUDITOR})

# Record actions used by `visible_to(user, action)` and the permission each needs.
ACTION_PERMISSIONS: dict[str, Perm] = {
    "view": Perm.VIEW_RECORDS,
    "add": Perm.ADD_RECORDS,
    "change": Perm.CHANGE_RECORDS,
    "approve": Perm.APPROVE_RECORDS,
}


def role_has_perm(role: str, perm: Perm) -> bool:
    """Whether `role` grants `perm` (an unknown role grants nothing)."""
    try:
        return perm in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
