"""Reads of intel reports, always within `IntelReport.objects.visible_to(user)`."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from intel.choices import AnalystStatus
from intel.models import AnalystNote, Entity, IntelReport, ReportEntity


def reports_for_list(user) -> QuerySet[IntelReport]:
    return (
        IntelReport.objects.visible_to(user)
        .select_related("owning_unit", "measure")
        .order_by("-information_date", "-pk")
    )


def report_for_detail(scoped: QuerySet[IntelReport]) -> QuerySet[IntelReport]:
    return scoped.select_related(
        "owning_unit",
        "measure",
        "created_by",
        "decided_by",
        "source_activity",
        "source_liaison",
        "outcome_activity",
        "last_validated_by",
    ).prefetch_related(
        Prefetch("entity_links", queryset=ReportEntity.objects.select_related("entity")),
        "disseminations__shared_by",
    )


def notes_visible_to(user, report: IntelReport, *, is_analyst: bool) -> list[AnalystNote]:
    """Analysts see every note; the author's station sees only the shareable ones."""
    notes = report.notes.select_related("author")
    return list(notes if is_analyst else notes.filter(shareable=True))


def analyst_queue(user) -> QuerySet[IntelReport]:
    """Submitted or approved reports awaiting analysis; 予兆 first, then the newest."""
    open_statuses = [AnalystStatus.NEW, AnalystStatus.IN_REVIEW, AnalystStatus.FURTHER_INQUIRY]
    return (
        IntelReport.objects.visible_to(user, "review")
        .filter(status__in=["submitted", "approved"], analyst_status__in=open_statuses)
        .select_related("owning_unit", "measure")
        .order_by("-warning_sign", "analyst_status", "-submitted_at", "-pk")
    )


def review_queue(user) -> QuerySet[IntelReport]:
    """Reports the user may manage whose review date has passed."""
    return (
        IntelReport.objects.visible_to(user, "grant")
        .filter(review_date__lte=timezone.localdate())
        .select_related("owning_unit", "measure")
        .order_by("review_date", "pk")
    )


def entity_reports(user, entity: Entity) -> QuerySet[IntelReport]:
    return (
        IntelReport.objects.visible_to(user)
        .filter(entity_links__entity=entity)
        .select_related("owning_unit", "measure")
        .distinct()
        .order_by("-information_date")
    )


def co_mentioned_entities(user, entity: Entity) -> QuerySet[Entity]:
    """Entities that appear together with `entity` in reports the user may read."""
    readable = entity_reports(user, entity).values("pk")
    return (
        Entity.objects.filter(report_links__report__in=readable)
        .exclude(pk=entity.pk)
        .annotate(together=Count("report_links", filter=Q(report_links__report__in=readable)))
        .order_by("-together", "kind", "name")
    )


def countable_reports(start, end) -> QuerySet[IntelReport]:
    """Approved reports dated `start`…`end` that may be *counted* outside need-to-know.

    For commendation scoring, which only ever shows numbers per station. 秘 reports are
    left out: HQ does not read them, so a count must not reveal that one exists.
    """
    from intel.choices import Secrecy

    return (
        IntelReport.objects.filter(status="approved", information_date__range=(start, end))
        .exclude(secrecy=Secrecy.SECRET)
        .order_by()
    )
