"""Users and their memberships (user × org unit × role)."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gifu_taisaku.accounts.roles import PREFECTURE_WIDE_ROLES, Perm, Role, role_has_perm


class User(AbstractUser):
    """A person who signs in: an officer, approver, analyst, admin or auditor.

    Their rights come from `Membership` rows, never from Django's permission tables.
    `session_epoch` is part of the session hash: raising it ends every session of
    the user at their next request (deactivation, "sign out everywhere").
    """

    full_name = models.CharField(_("氏名"), max_length=60)
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login", "session_epoch"])

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_session_auth_hash(self) -> str:
        key_salt = "gifu_taisaku.accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", algorithm="sha256"
        ).hexdigest()

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        """This user's memberships, with their units, read once per request."""
        if not self.is_active or not self.pk:
            return []
        return list(self.memberships.select_related("unit", "unit__parent"))

    @property
    def primary_membership(self) -> "Membership | None":
        memberships = self.active_memberships
        return memberships[0] if memberships else None

    def has_role_perm(self, perm: Perm) -> bool:
        """Whether any of this user's roles grants `perm` (see accounts.roles)."""
        return any(role_has_perm(m.role, perm) for m in self.active_memberships)

    @property
    def is_prefecture_wide(self) -> bool:
        return any(m.role in PREFECTURE_WIDE_ROLES for m in self.active_memberships)


class Membership(models.Model):
    """A user's role in an org unit. Station roles belong to a station or one of its kobans."""

    user = models.ForeignKey(
        User, verbose_name=_("利用者"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("所属"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("役割"), max_length=12, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("所属・役割")
        verbose_name_plural = _("所属・役割")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_role_display()}"
