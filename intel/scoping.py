"""Need-to-know: who may read, change, decide, review or grant an intel report.

- 部内限り / 取扱注意: the author, approvers of the owning station, HQ analysts and admins.
- 秘: the author and the owning station's approvers only.
- Anyone holding an unexpired grant (to them, or to a unit they belong to) may read it.
Officers of the same station do not read each other's reports. Lists, counts, exports and
every other read start from `IntelReport.objects.visible_to(user)`.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from gifu_taisaku.accounts.roles import Perm, Role
from gifu_taisaku.core.scoping import ScopedQuerySet, scope_root

HQ_READERS = frozenset({Role.ANALYST, Role.ADMIN})


def _nothing() -> Q:
    return Q(pk__in=[])


def _station_approver_q(user) -> Q:
    """Reports owned by a station (or its kobans) where the user is an approver."""
    condition = _nothing()
    for membership in user.active_memberships:
        if membership.role == Role.APPROVER:
            condition |= Q(owning_unit__path__startswith=scope_root(membership.unit).path)
    return condition


def _hq_q(user) -> Q:
    from intel.choices import Secrecy

    if any(m.role in HQ_READERS for m in user.active_memberships):
        return ~Q(secrecy=Secrecy.SECRET)
    return _nothing()


def reader_q(user) -> Q:
    """Who reads a report by position (author, station approver, HQ), not through a grant."""
    return Q(created_by=user) | _station_approver_q(user) | _hq_q(user)


def granted_q(user) -> Q:
    """Reports the user holds an unexpired grant on, personally or through a unit."""
    from intel.models import IntelUnitGrant, IntelUserGrant

    now = timezone.now()
    personal = IntelUserGrant.objects.filter(
        content_object=OuterRef("pk"), user=user, expires_at__gt=now
    )
    through_unit = IntelUnitGrant.objects.filter(
        content_object=OuterRef("pk"), group__user=user, expires_at__gt=now
    )
    return Q(Exists(personal)) | Q(Exists(through_unit))


class IntelQuerySet(ScopedQuerySet):
    """Scoping of intel reports: stricter than the programme records' station scope."""

    def visible_to(self, user, action: str = "view") -> "IntelQuerySet":
        """Reports `user` may `action`: view, grant (read by position), change (the author),
        approve (station approvers), review (HQ analysts), manage (review dates and purge)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        condition = {
            "view": lambda: reader_q(user) | granted_q(user),
            "grant": lambda: reader_q(user),
            "change": lambda: Q(created_by=user),
            "approve": lambda: _station_approver_q(user),
            "manage": lambda: _station_approver_q(user) | _hq_q(user),
            # An analyst granted a 秘 report reviews it too (else its detail page offers an
            # analysis form that answers 404).
            "review": lambda: (
                (_hq_q(user) | granted_q(user))
                if user.has_role_perm(Perm.REVIEW_INTEL)
                else _nothing()
            ),
        }.get(action)
        return self.filter(condition()) if condition else self.none()
