"""Demo liaison for `manage.py seed_demo`: partners, their people, and ~40 occasions.

Reproducible: one `random.Random(SEED)` and dates inside 2024-01-01 … 2025-12-31, so two
fresh databases get the same records. Idempotent: organisations and contacts are looked
up or created every time; records are added only when the demo officers have none in
that period. Each record passes `full_clean()` and is saved through the model with the
timestamps and history of real use (created as a draft, submitted, then decided). No
audit events are written: nobody submitted or approved these records in this system.
"""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import jpholiday
from django.db import transaction
from django.utils import timezone

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Measure, OrgUnit
from liaison.choices import Direction, FollowUpStatus
from liaison.demo_plans import (
    APPROVAL_COMMENTS,
    CONTACTS,
    INTEL_NOTE,
    OCCASIONS,
    ORGANISATIONS,
    PARTNER_KINDS,
    PERSON_NOTE,
    RETURN_REASON,
    SUPPORTING_KINDS,
    Occasion,
)
from liaison.models import Contact, FollowUp, InformationItem, LiaisonRecord, Organisation

SEED = 20242
YEARS = (2024, 2025)
PERIOD = (datetime.date(YEARS[0], 1, 1), datetime.date(YEARS[-1], 12, 31))
AUTHORS = {"gifunaka": "officer.gifunaka", "ogaki": "officer.ogaki", "kani": "officer.kani"}
APPROVERS = {
    "gifunaka": ("approver.gifunaka", "岐阜中 次長"),
    "ogaki": ("approver.ogaki", "大垣 次長"),
    "kani": ("approver.kani", "可児 次長"),
}
RECORDS_PER_STATION = {"gifunaka": 15, "ogaki": 13, "kani": 12}
# The newest records of each station, newest first: D draft, S submitted, R returned.
RECENT_STATUSES = {"gifunaka": "DSR", "ogaki": "S", "kani": "D"}
STATUS_LETTERS = {
    "D": WorkflowStatus.DRAFT,
    "S": WorkflowStatus.SUBMITTED,
    "R": WorkflowStatus.RETURNED,
}
# Follow-ups due more than this long before the end of the period were done by then.
SETTLED_BEFORE = PERIOD[1] - datetime.timedelta(days=60)


@dataclass(frozen=True)
class Station:
    unit: OrgUnit
    author: User
    approver: User
    partners: dict[str, list[Organisation]]  # by kind, sorted by name
    contacts: dict[int, list[Contact]]  # by organisation id


@dataclass
class Plan:
    """A liaison record to save, with its related rows."""

    record: LiaisonRecord
    organisations: list[Organisation]
    contacts: list[Contact]
    participants: list[User]
    information: list[tuple[str, str, Organisation | None]] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


def seed() -> str:
    """Create the demo partners, contacts and records; return a line for the command's output."""
    with transaction.atomic():
        ensure_organisations()
        ensure_contacts()
        if demo_exists():
            return "デモの関係機関との連携は作成済みです（追加しません）。"
        rng = random.Random(SEED)  # noqa: S311  (reproducible demo content, not secrets)
        plans = [plan for code in AUTHORS for plan in station_plans(load_station(code), rng)]
        for plan in plans:
            write(plan)
    return f"デモの関係機関との連携 {len(plans)} 件を作成しました。"


def demo_exists() -> bool:
    return LiaisonRecord.objects.filter(
        created_by__username__in=AUTHORS.values(), date__range=PERIOD
    ).exists()


def ensure_organisations() -> None:
    units = OrgUnit.objects.in_bulk(AUTHORS, field_name="code")
    for name, kind, municipality, stations, note in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, municipality_id=municipality, defaults={"kind": kind, "notes": note}
        )
        organisation.stations.add(*(units[code] for code in stations))


def ensure_contacts() -> None:
    names = {row[0] for row in CONTACTS}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    units = OrgUnit.objects.in_bulk(AUTHORS, field_name="code")
    authors = User.objects.in_bulk(AUTHORS.values(), field_name="username")
    for organisation, station, name, title, phone, languages in CONTACTS:
        contact, created = Contact.objects.get_or_create(
            organisation=organisations[organisation],
            owning_unit=units[station],
            name=name,
            defaults={
                "title": title,
                "phone": phone,
                "email": f"contact{phone[-4:]}@example.jp",
                "notes": PERSON_NOTE,
                "created_by": authors[AUTHORS[station]],
            },
        )
        if created:
            contact.languages.set(languages)


def ensure_approver(unit: OrgUnit, username: str, full_name: str) -> User:
    """The station's approver; created without a password when it is not a demo sign-in."""
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.APPROVER)
    return user


def load_station(code: str) -> Station:
    unit = OrgUnit.objects.get(code=code)
    partners: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(stations=unit, is_active=True).order_by("name"):
        partners.setdefault(organisation.kind, []).append(organisation)
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(owning_unit=unit).order_by("name"):
        contacts.setdefault(contact.organisation_id, []).append(contact)
    return Station(
        unit=unit,
        author=User.objects.get(username=AUTHORS[code]),
        approver=ensure_approver(unit, *APPROVERS[code]),
        partners=partners,
        contacts=contacts,
    )


# ---- planning ------------------------------------------------------------------------


def station_plans(station: Station, rng: random.Random) -> list[Plan]:
    """The station's occasions over the two years, oldest first, with their workflow."""
    measures = Measure.objects.in_bulk(PARTNER_KINDS, field_name="code")
    usable = [o for o in OCCASIONS if partners_for(station, o)]
    months = sorted(rng.sample(range(24), RECORDS_PER_STATION[station.unit.code]))
    plans = [
        plan_occasion(station, rng, rng.choice(usable), measures, weekday(rng, month))
        for month in months
    ]
    recent = [STATUS_LETTERS[letter] for letter in RECENT_STATUSES[station.unit.code]]
    for index, plan in enumerate(reversed(plans)):
        decide(plan.record, station, rng, recent[index] if index < len(recent) else None)
    return plans


def weekday(rng: random.Random, month_index: int) -> datetime.date:
    """A working day of the month: no weekend, national holiday or 年末年始 (12/29–1/3)."""
    year, month = YEARS[0] + month_index // 12, month_index % 12 + 1
    days = [datetime.date(year, month, day) for day in range(4, 29)]
    return rng.choice([d for d in days if d.weekday() < 5 and not jpholiday.is_holiday(d)])


def partners_for(station: Station, occasion: Occasion) -> list[Organisation]:
    kinds = occasion.partners or PARTNER_KINDS[occasion.measure]
    return [o for kind in kinds for o in station.partners.get(kind, [])]


def plan_occasion(station, rng, occasion: Occasion, measures, day: datetime.date) -> Plan:
    main = rng.choice(partners_for(station, occasion))
    organisations = [main]
    others = [o for kind in SUPPORTING_KINDS for o in station.partners.get(kind, []) if o != main]
    if others and rng.random() < 0.4:
        organisations.append(rng.choice(others))
    intel = occasion.may_yield_intel and rng.random() < 0.5
    record = LiaisonRecord(
        owning_unit=station.unit,
        created_by=station.author,
        measure=measures[occasion.measure],
        kind=occasion.kind,
        title=occasion.title.format(org=main.name)[:100],
        date=day,
        summary=occasion.summary,
        intel_obtained=intel,
        intel_note=INTEL_NOTE if intel else "",
    )
    contacts = [c for o in organisations for c in station.contacts.get(o.pk, [])][:2]
    participants = [station.author] + ([station.approver] if rng.random() < 0.3 else [])
    information = [
        (direction, text, main if direction == Direction.RECEIVED else None)
        for direction, text in occasion.information
    ]
    follow_ups = [follow_up(rng, day, text) for text in occasion.follow_ups]
    return Plan(record, organisations, contacts, participants, information, follow_ups)


def follow_up(rng: random.Random, day: datetime.date, description: str) -> FollowUp:
    """Due a few weeks later; settled ones were done on or before their due date."""
    due = day + datetime.timedelta(days=rng.randint(14, 60))
    if due < SETTLED_BEFORE or rng.random() < 0.3:
        done = max(day, due - datetime.timedelta(days=rng.randint(0, 10)))
        return FollowUp(
            description=description, due_date=due, status=FollowUpStatus.DONE, completed_on=done
        )
    status = rng.choice((FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS))
    return FollowUp(description=description, due_date=due, status=status)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def decide(record: LiaisonRecord, station: Station, rng, status: WorkflowStatus | None) -> None:
    """Timestamps and decision: written the next working day, decided a day or two later."""
    record.created_at = at(record.date + datetime.timedelta(days=1), 17, rng.randint(0, 59))
    if status == WorkflowStatus.DRAFT:
        return
    record.submitted_at = record.created_at + datetime.timedelta(hours=rng.randint(1, 20))
    if status == WorkflowStatus.SUBMITTED:
        record.status = status
        return
    record.status = status or WorkflowStatus.APPROVED
    record.decided_by = station.approver
    record.decided_at = record.submitted_at + datetime.timedelta(days=rng.randint(1, 2))
    returned = record.status == WorkflowStatus.RETURNED
    record.decision_comment = RETURN_REASON if returned else rng.choice(APPROVAL_COMMENTS)


# ---- writing --------------------------------------------------------------------------


@contextmanager
def given_timestamps() -> Iterator[None]:
    """Keep the planned created_at / updated_at: a record of 2024 was not written today."""
    fields = [LiaisonRecord._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def save_step(record: LiaisonRecord, when: datetime.datetime, user: User, reason: str) -> None:
    """One workflow step, with the history row dated and signed as it happened."""
    record.updated_at = when
    record._history_date, record._history_user = when, user
    record._change_reason = reason
    record.save()


def write(plan: Plan) -> None:
    record = plan.record
    record.full_clean()
    final = {
        name: getattr(record, name)
        for name in ("status", "submitted_at", "decided_by", "decided_at", "decision_comment")
    }
    with given_timestamps():
        record.status, record.version, record.submitted_at = WorkflowStatus.DRAFT, 1, None
        record.decided_by, record.decided_at, record.decision_comment = None, None, ""
        save_step(record, record.created_at, record.created_by, "")
        write_related(plan)
        if final["submitted_at"]:
            record.status, record.version = WorkflowStatus.SUBMITTED, 2
            record.submitted_at = final["submitted_at"]
            save_step(record, record.submitted_at, record.created_by, "承認待ち")
        if final["decided_at"]:
            for name, value in final.items():
                setattr(record, name, value)
            record.version = 3
            save_step(record, record.decided_at, record.decided_by, record.get_status_display())


def write_related(plan: Plan) -> None:
    record = plan.record
    record.organisations.set(plan.organisations)
    record.contacts.set(plan.contacts)
    record.participants.set(plan.participants)
    InformationItem.objects.bulk_create(
        InformationItem(record=record, direction=direction, content=text, organisation=partner)
        for direction, text, partner in plan.information
    )
    for follow_up_row in plan.follow_ups:
        follow_up_row.record = record
        follow_up_row.full_clean()
        follow_up_row._history_date = record.created_at
        follow_up_row._history_user = record.created_by
        follow_up_row.save()
