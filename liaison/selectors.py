"""Reads of liaison records, contacts and the organisation page; every read is scoped."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from activities.models import Activity
from liaison.choices import FollowUpStatus
from liaison.models import Contact, FollowUp, InformationItem, LiaisonRecord, Organisation

# The organisation page shows this many of each kind of entry, newest first.
ORGANISATION_PAGE_LIMIT = 100


def liaison_records_for_list(user) -> QuerySet[LiaisonRecord]:
    """Liaison records the user may see, with what a list row shows."""
    return (
        LiaisonRecord.objects.visible_to(user)
        .select_related("owning_unit", "measure", "created_by")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("-date", "-pk")
    )


def liaison_totals(records: QuerySet[LiaisonRecord]) -> dict[str, int]:
    """The totals row of the list: records, intel obtained, open and overdue follow-ups."""
    today = timezone.localdate()
    ids = records.order_by().values("pk")
    totals = LiaisonRecord.objects.filter(pk__in=ids).aggregate(
        count=Count("pk"), intel=Count("pk", filter=Q(intel_obtained=True))
    )
    pending = FollowUp.objects.filter(record__in=ids).exclude(status=FollowUpStatus.DONE)
    totals |= pending.aggregate(
        open_follow_ups=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    return {key: value or 0 for key, value in totals.items()}


def visible_contacts(user) -> QuerySet[Contact]:
    """Contacts the user may see (their station's, or all for HQ), with their organisation."""
    return Contact.objects.visible_to(user).select_related("organisation", "owning_unit")


def liaison_detail_queryset(scoped: QuerySet[LiaisonRecord], user) -> QuerySet[LiaisonRecord]:
    """One record with everything its page shows, in a fixed number of queries.

    Contacts come through the user's scope as well: the page never shows a person the
    viewer could not look up directly.
    """
    return scoped.select_related(
        "owning_unit", "measure", "created_by", "decided_by"
    ).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.select_related("municipality")),
        Prefetch("contacts", queryset=visible_contacts(user).prefetch_related("languages")),
        "participants",
        Prefetch("information", queryset=InformationItem.objects.select_related("organisation")),
        "follow_ups",
    )


def contacts_for_list(user) -> QuerySet[Contact]:
    return (
        visible_contacts(user)
        .prefetch_related("languages")
        .order_by("organisation__name", "name", "pk")
    )


@dataclass(frozen=True)
class TimelineEntry:
    """A liaison record or an activity on an organisation's page."""

    date: datetime.date
    source: str  # "liaison" or "activity"
    label: str  # the kind of liaison, or the activity's 別表 item
    record: LiaisonRecord | Activity


def organisation_timeline(user, organisation: Organisation) -> list[TimelineEntry]:
    """Liaison records and activities involving `organisation` that `user` may see, newest first."""
    limit = ORGANISATION_PAGE_LIMIT
    records = (
        LiaisonRecord.objects.visible_to(user)
        .filter(organisations=organisation)
        .select_related("owning_unit", "measure")
        .order_by("-date", "-pk")[:limit]
    )
    activities = (
        Activity.objects.visible_to(user)
        .filter(Q(partners=organisation) | Q(patrol_group=organisation))
        .distinct()
        .select_related("owning_unit", "measure")
        .order_by("-date", "-pk")[:limit]
    )
    entries = [TimelineEntry(r.date, "liaison", r.get_kind_display(), r) for r in records]
    entries += [TimelineEntry(a.date, "activity", str(a.measure), a) for a in activities]
    entries.sort(key=lambda entry: (entry.date, entry.record.created_at), reverse=True)
    return entries[:limit]


def organisation_follow_ups(user, organisation: Organisation) -> QuerySet[FollowUp]:
    """Follow-ups of the visible liaison records involving `organisation`, newest due first."""
    records = LiaisonRecord.objects.visible_to(user).filter(organisations=organisation)
    return (
        FollowUp.objects.filter(record__in=records.values("pk"))
        .select_related("record", "record__owning_unit")
        .order_by("-due_date", "-pk")[:ORGANISATION_PAGE_LIMIT]
    )


def follow_ups_for_list(user) -> QuerySet[FollowUp]:
    """Follow-ups of the liaison records the user may see: pending first, by due date."""
    records = LiaisonRecord.objects.visible_to(user)
    done_last = Case(
        When(status=FollowUpStatus.DONE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        FollowUp.objects.filter(record__in=records.values("pk"))
        .select_related("record", "record__owning_unit")
        .order_by(done_last, "due_date", "pk")
    )


def approved_liaison_records(start, end) -> QuerySet[LiaisonRecord]:
    """Approved liaison records of every unit dated `start`…`end`, for counting only
    (commendation scoring); what a person may open is `liaison_records_for_list(user)`."""
    return LiaisonRecord.objects.filter(status="approved", date__range=(start, end)).order_by()


def follow_ups_of_approved(start, end) -> QuerySet[FollowUp]:
    """Follow-ups of the approved liaison records dated `start`…`end`, for counting only."""
    return FollowUp.objects.filter(
        record__status="approved", record__date__range=(start, end)
    ).order_by()
