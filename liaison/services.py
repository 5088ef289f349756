"""Writes on the directory, contacts and follow-ups (liaison records use core.services).

Row history is kept by simple-history on every save; none of these writes is a
business event of its own, so none writes an audit event.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gifu_taisaku.core.scoping import unit_filter
from gifu_taisaku.core.services import save_versioned
from liaison.models import Contact, FollowUp, LiaisonRecord, Organisation


def organisation_save(
    *,
    organisation: Organisation,
    save_m2m: Callable[[], None],
    expected_version: int | None = None,
) -> Organisation:
    """Create or update an organisation with its stations, in one transaction.

    An update is refused (StaleRecordError) if someone saved it since `expected_version`.
    """
    return save_versioned(
        record=organisation, expected_version=expected_version, after_save=save_m2m
    )


def contact_save(
    *,
    actor,
    contact: Contact,
    save_m2m: Callable[[], None],
    expected_version: int | None = None,
) -> Contact:
    """Create or update a contact of the actor's scope, with its languages, in one transaction.

    The owning unit must be one the actor may add records for: a contact cannot be
    handed to another station, where the actor could no longer see it. An update is
    refused (StaleRecordError) if someone saved it since `expected_version`.
    """
    if contact._state.adding:
        contact.created_by = actor
    contact.full_clean()
    condition = unit_filter(actor, "add", field="")
    allowed = type(contact.owning_unit).objects.filter(pk=contact.owning_unit_id)
    if condition is not None and not allowed.filter(condition).exists():
        raise ValidationError({"owning_unit": _("自署以外の所属にはできません。")})
    return save_versioned(record=contact, expected_version=expected_version, after_save=save_m2m)


def follow_up_set_status(*, actor, follow_up: FollowUp, status: str) -> FollowUp:
    """Move a follow-up on (未着手 → 対応中 → 完了); the completion date is set with 完了.

    Allowed whatever the record's workflow status: follow-ups go on after approval.
    The caller has checked that `actor` may change the record (its scope).
    """
    if (
        not LiaisonRecord.objects.visible_to(actor, "change")
        .filter(pk=follow_up.record_id)
        .exists()
    ):
        raise ValidationError(_("この記録の対応状況は変更できません。"))
    follow_up.status = status
    follow_up.full_clean()
    follow_up.save()
    return follow_up
