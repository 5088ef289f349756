"""Writes on the partner-organisation directory (row history is kept by simple-history)."""

from collections.abc import Callable

from django.db import transaction

from liaison.models import Organisation


def organisation_save(*, organisation: Organisation, save_m2m: Callable[[], None]) -> Organisation:
    """Create or update an organisation with its stations, in one transaction."""
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        save_m2m()
    return organisation
