"""Writes on master data: each one validated, saved and audited in one transaction.

The audit event (AuditAction.MASTER_CHANGED) carries the changed fields with their
values before and after, so that "who moved 白川村 to 高山署, and when" is answerable
from the audit trail alone; simple-history keeps the row versions as well.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction
from gifu_taisaku.orgs.models import (
    ForeignPopulation,
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    Nationality,
    OrgUnit,
)

if TYPE_CHECKING:  # accounts imports orgs; the annotation must not import it back
    from gifu_taisaku.accounts.models import User

REFERENCE_FIXTURES = (
    "orgunits.json",
    "municipalities.json",
    "jurisdictions.json",
    "measures.json",
    "nationalities.json",
    "languages.json",
)
REFERENCE_MODELS = [OrgUnit, Municipality, Jurisdiction, Measure, Nationality, Language]


def _plain(value):
    """A field value as JSON can hold it (dates as ISO text)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _snapshot(instance: models.Model) -> dict:
    return {
        f.attname: _plain(f.value_from_object(instance)) for f in instance._meta.concrete_fields
    }


def _diff(before: dict, after: dict) -> dict:
    """{field: {"before": …, "after": …}} for the fields whose value changed."""
    names = [*after, *(name for name in before if name not in after)]
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in names
        if before.get(name) != after.get(name)
    }


def _validate(instance: models.Model, *, unique: bool = True) -> None:
    """full_clean() of the fields people enter; computed ones (OrgUnit.path) are set by save()."""
    exclude = [f.name for f in instance._meta.fields if not f.editable]
    instance.full_clean(exclude=exclude, validate_unique=unique, validate_constraints=unique)


def _audit(*, actor: "User | None", target, operation: str, changes: dict, **extra) -> None:
    record_event(
        action=AuditAction.MASTER_CHANGED,
        actor=actor,
        target=target,
        detail={"operation": operation, "changes": changes, **extra},
    )


def _refuse_changed_keys(changes: dict, locked_fields: tuple[str, ...]) -> None:
    # Codes are the stable keys that reports, scoring and fixtures refer to.
    locked = [name for name in locked_fields if name in changes]
    if locked:
        raise ValidationError({name: _("作成後は変更できません。") for name in locked})


def master_save(*, actor: "User", instance: models.Model, locked_fields: tuple[str, ...] = ()):
    """Create or update one master-data row; an update that changes nothing writes nothing.

    `locked_fields` (such as a measure's code) may be set on creation, never changed after.
    """
    creating = instance._state.adding
    _validate(instance)
    with transaction.atomic():
        before = {} if creating else _snapshot(type(instance)._default_manager.get(pk=instance.pk))
        changes = _diff(before, _snapshot(instance))
        if not creating:
            _refuse_changed_keys(changes, locked_fields)
            if not changes:
                return instance
        instance.save(force_insert=creating)
        changes = _diff(before, _snapshot(instance))  # with the new pk and computed fields
        _audit(
            actor=actor,
            target=instance,
            operation="create" if creating else "update",
            changes=changes,
        )
    return instance


def master_delete(*, actor: "User", instance: models.Model) -> None:
    """Delete one row (jurisdictions only: units and catalogue items are retired instead)."""
    with transaction.atomic():
        # Audit first: after delete() the instance has no pk to name.
        _audit(
            actor=actor, target=instance, operation="delete", changes=_diff(_snapshot(instance), {})
        )
        instance.delete()


def population_bulk_save(
    *, actor: "User", year: int, as_of: datetime.date, source: str, counts: dict[str, int]
) -> int:
    """Set the foreign-resident figures of `year` for the municipalities in `counts`.

    `counts` maps municipality code → figure. One audit event covers the whole entry;
    returns how many rows were created or changed.
    """
    existing = {p.municipality_id: p for p in ForeignPopulation.objects.filter(year=year)}
    changes: dict[str, dict] = {}
    with transaction.atomic():
        for code, count in counts.items():
            row = existing.get(code) or ForeignPopulation(municipality_id=code, year=year)
            before = {} if row._state.adding else _snapshot(row)
            row.as_of, row.count, row.source = as_of, count, source
            diff = _diff(before, _snapshot(row))
            if diff:
                row.full_clean()
                row.save()
                changes[code] = diff
        if changes:
            _audit(
                actor=actor,
                target=None,
                operation="bulk",
                changes=changes,
                model=ForeignPopulation._meta.label_lower,
                year=year,
            )
    return len(changes)


def orgunit_repair_paths() -> int:
    """Recompute every unit's materialised path from its parents; return how many were wrong.

    Rows loaded raw (loaddata) or edited outside the app may carry a stale path, and
    scoping relies on it. Parents are fixed before children, one save() each for history.
    """
    units = {unit.pk: unit for unit in OrgUnit.objects.all()}

    def expected(unit: OrgUnit) -> str:
        prefix = expected(units[unit.parent_id]) if unit.parent_id else "/"
        return f"{prefix}{unit.code}/"

    wrong = sorted(
        (u for u in units.values() if u.path != expected(u)), key=lambda u: len(expected(u))
    )
    for unit in wrong:
        fresh = OrgUnit.objects.select_related("parent").get(pk=unit.pk)
        if fresh.path != expected(unit):  # an ancestor's save may have fixed it already
            fresh.save()
    return len(wrong)


@dataclass
class FixtureResult:
    """What loading one fixture file did."""

    name: str
    inserted: int = 0
    existing: int = 0
    rejected: list[str] = field(default_factory=list)


def _load_fixture(path: Path) -> FixtureResult:
    result = FixtureResult(path.name)
    objects = [item.object for item in serializers.deserialize("json", path.read_text("utf-8"))]
    present = _existing_keys(objects)
    untracked = []  # rows of models without history, inserted in one statement
    for instance in objects:
        if (type(instance), instance.pk) in present:
            result.existing += 1
            continue
        try:
            # A clash with an admin's row (the same code) is reported, not fatal. Rows are
            # saved one by one, so a child's parent is already there when it is validated.
            _validate(instance, unique=_has_secondary_keys(type(instance)))
        except ValidationError as error:
            result.rejected.append(f"{instance._meta.model_name} {instance.pk}: {error.messages}")
            continue
        if _has_history(type(instance)):
            instance.save(force_insert=True)  # the model's save(): paths computed, history kept
        else:
            untracked.append(instance)
        result.inserted += 1
    if untracked:
        type(untracked[0])._default_manager.bulk_create(untracked)
    return result


def _has_history(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _has_secondary_keys(model: type[models.Model]) -> bool:
    """Whether rows can clash other than on the pk (already known to be free)."""
    meta = model._meta
    return bool(meta.total_unique_constraints) or any(
        f.unique and not f.primary_key for f in meta.fields
    )


def _existing_keys(objects: list[models.Model]) -> set[tuple[type, object]]:
    """(model, pk) of the `objects` already in the database, one query per model."""
    found: set[tuple[type, object]] = set()
    for model in {type(instance) for instance in objects}:
        pks = [instance.pk for instance in objects if type(instance) is model]
        rows = model._default_manager.filter(pk__in=pks).values_list("pk", flat=True)
        found.update((model, pk) for pk in rows)
    return found


def _reset_sequences(models_loaded: list[type[models.Model]]) -> None:
    # Explicit pks do not advance PostgreSQL sequences; the next insert from a screen would clash.
    statements = connection.ops.sequence_reset_sql(no_style(), models_loaded)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def reference_load(fixture_dir: Path) -> tuple[list[FixtureResult], int]:
    """Insert the reference rows that are missing (by pk); never overwrite an existing row.

    Returns the result of each fixture and how many org-unit paths had to be repaired.
    """
    with transaction.atomic():
        results = [_load_fixture(fixture_dir / name) for name in REFERENCE_FIXTURES]
        _reset_sequences(REFERENCE_MODELS)
        repaired = orgunit_repair_paths()
    return results, repaired
