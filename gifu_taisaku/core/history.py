"""Readable change history of a record, built from simple-history rows.

Fields a model lists in `history_hidden_fields` never appear (confidential content
has no place in a history view); foreign keys are shown by name, resolved in bulk.
"""

import datetime
from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.templatetags.wareki import wareki_datetime
from gifu_taisaku.core.wareki import wareki_date

HISTORY_TYPES = {"+": _("作成"), "~": _("変更"), "-": _("削除")}
SKIPPED_FIELDS = {"version", "updated_at", "created_at"}


def _shown_fields(model) -> dict[str, models.Field]:
    hidden = set(getattr(model, "history_hidden_fields", ())) | SKIPPED_FIELDS
    return {
        f.attname: f
        for f in model._meta.concrete_fields
        if f.attname not in hidden and not f.primary_key
    }


def _diffs(rows, fields) -> list[list[tuple[models.Field, object, object]]]:
    """For each history row, the (field, old, new) triples that differ from the row before."""
    result, previous = [], None
    for row in rows:
        changes = []
        for attname, field in fields.items():
            old = getattr(previous, attname, None) if previous is not None else None
            new = getattr(row, attname)
            if (previous is None and new in (None, "")) or (previous is not None and old == new):
                continue
            changes.append((field, old, new))
        result.append(changes)
        previous = row
    return result


def _resolve_related(diffs) -> dict[type, dict]:
    """Load every related object the changes mention, one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    for changes in diffs:
        for field, old, new in changes:
            if field.is_relation:
                wanted[field.related_model].update(v for v in (old, new) if v is not None)
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}


def _display(field, value, related) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return str(related[field.related_model].get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value) or "—"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.datetime):
        return wareki_datetime(value)
    if isinstance(value, datetime.date):
        return wareki_date(value)
    return str(value)


def history_entries(record) -> list[dict]:
    """Newest first: when, who, what kind of change, and each changed field old → new."""
    rows = list(
        record.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fields = _shown_fields(type(record))
    diffs = _diffs(rows, fields)
    related = _resolve_related(diffs)
    entries = [
        {
            "date": row.history_date,
            "user": row.history_user,
            "kind": HISTORY_TYPES.get(row.history_type, row.history_type),
            "reason": row.history_change_reason or "",
            "changes": [
                (f.verbose_name, _display(f, old, related), _display(f, new, related))
                for f, old, new in changes
            ],
        }
        for row, changes in zip(rows, diffs, strict=True)
    ]
    return list(reversed(entries))
