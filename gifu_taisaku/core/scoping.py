"""Who may see which records: the scope of a user for an action, from their roles.

Station roles see the records of their station (the 警察署 their unit belongs to, with
its kobans); HQ-wide roles see every station's. The role → permission map lives in
accounts.roles; this module only turns it into a filter on the owning unit.
"""

from django.db import models
from django.db.models import Q

from gifu_taisaku.accounts.roles import ACTION_PERMISSIONS, PREFECTURE_WIDE_ROLES, role_has_perm


def scope_root(unit):
    """The unit whose subtree a station-role member sees: their station, or their own unit."""
    return unit.station() or unit


def unit_filter(user, action: str, field: str = "owning_unit") -> Q | None:
    """A filter on `field` (an OrgUnit FK; "" filters OrgUnit itself) for `user` doing `action`.

    Returns None for "everything", and a filter matching nothing when no role allows it.
    """
    perm = ACTION_PERMISSIONS[action]
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    memberships = [m for m in user.active_memberships if role_has_perm(m.role, perm)]
    if any(m.role in PREFECTURE_WIDE_ROLES for m in memberships):
        return None
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    condition = Q(pk__in=[])
    for path in sorted({scope_root(m.unit).path for m in memberships}):
        condition |= Q(**{lookup: path})
    return condition


class ScopedQuerySet(models.QuerySet):
    """The queryset every programme record uses. Views start from `visible_to(user)`."""

    def visible_to(self, user, action: str = "view") -> "ScopedQuerySet":
        """Records `user` may `action` ("view", "add", "change", "approve")."""
        condition = unit_filter(user, action)
        return self.all() if condition is None else self.filter(condition)
