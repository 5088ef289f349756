"""Writing demo programme records in bulk, with a history that reads like real use.

`manage.py seed_demo` creates hundreds of records; saving each through the services
(create, submit, approve) takes too long on SQLite. Each record is validated with
`full_clean()` as in the services, then inserted with `bulk_create`, together with the
history rows of the workflow it went through: created as a draft by its author, submitted,
then approved or returned. No audit events are written: the audit trail records what
people actually did in this system, and nobody submitted or approved demo records.

(Not named `demo.py`: seed_demo runs the `demo` module of every installed app.)
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.core.models import RecordBase, WorkflowStatus

UNDECIDED = {"decided_by_id": None, "decided_at": None, "decision_comment": ""}


def ensure_demo_member(username: str, full_name: str, unit, role) -> User:
    """A demo user with one membership; made without a password (they cannot sign in)."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def bulk_create_records[R: RecordBase](model: type[R], records: Sequence[R]) -> list[R]:
    """Validate, then insert `records` of `model` and their workflow history.

    The records keep the created_at / updated_at / submitted_at / decided_at they carry
    (a record of 2024 was not written today); each record's `status`, `submitted_at` and
    `decided_*` say which workflow steps its history shows.
    """
    for record in records:
        record.full_clean()
    with given_timestamps(model):
        created = model.objects.bulk_create(records)
    first, later = [], []
    for record in created:
        initial, steps = history_snapshots(record)
        first.append(initial)
        later.extend(steps)
    model.history.bulk_history_create(first)
    model.history.bulk_history_create(later, update=True)
    return created


@contextmanager
def given_timestamps(model) -> Iterator[None]:
    """Keep the created_at / updated_at the records carry instead of "now"."""
    fields = [model._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def history_snapshots[R: RecordBase](record: R) -> tuple[R, list[R]]:
    """The record as created (a draft by its author), then after each workflow step."""
    created = snapshot(
        record,
        status=WorkflowStatus.DRAFT,
        version=1,
        submitted_at=None,
        updated_at=record.created_at,
        _history_date=record.created_at,
        _history_user=record.created_by,
        **UNDECIDED,
    )
    later = []
    if record.submitted_at:
        submitted = snapshot(
            record,
            status=WorkflowStatus.SUBMITTED,
            version=2,
            updated_at=record.submitted_at,
            _history_date=record.submitted_at,
            _history_user=record.created_by,
            _change_reason=str(WorkflowStatus.SUBMITTED.label),
            **UNDECIDED,
        )
        later.append(submitted)
    if record.decided_at:
        decided = snapshot(
            record,
            _history_date=record.decided_at,
            _history_user=record.decided_by,
            _change_reason=str(record.get_status_display()),
        )
        later.append(decided)
    return created, later


def snapshot[R: RecordBase](record: R, **changes) -> R:
    """An unsaved copy of `record` with `changes`, for a history row."""
    model = type(record)
    copy = model(**{f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields})
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy
