"""Reads of activity records, shared by the list, its exports and the reports."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from activities.models import Activity, AudienceLanguage, AudienceNationality


def activities_for_list(user) -> QuerySet[Activity]:
    """Activities the user may see, with what a list row or an export row shows."""
    return (
        Activity.objects.visible_to(user)
        .select_related("owning_unit", "measure", "municipality", "created_by")
        .order_by("-date", "-pk")
    )


def activity_totals(activities: QuerySet[Activity]) -> dict[str, int]:
    """The totals row of a list: activities, participants, foreign participants, children."""
    totals = activities.order_by().aggregate(
        count=Count("pk"),
        participants=Sum("participants_total"),
        foreign=Sum("participants_foreign"),
        children=Sum("participants_children"),
        for_children=Count("pk", filter=Q(participants_children__gt=0)),
    )
    return {key: value or 0 for key, value in totals.items()}


def activity_detail_queryset(scoped: QuerySet[Activity]) -> QuerySet[Activity]:
    """One activity with everything its page shows, in a fixed number of queries."""
    return scoped.select_related(
        "owning_unit", "measure", "municipality", "created_by", "decided_by", "patrol_group"
    ).prefetch_related(
        "interpreter_languages",
        "partners",
        Prefetch(
            "audience_languages", queryset=AudienceLanguage.objects.select_related("language")
        ),
        Prefetch(
            "audience_nationalities",
            queryset=AudienceNationality.objects.select_related("nationality"),
        ),
    )


def approved_activities(start, end) -> QuerySet[Activity]:
    """Approved activities of every unit dated `start`…`end`, for counting only.

    Commendation scoring aggregates these per station (a GROUP BY, never rows for a user);
    what a person may open is still `activities_for_list(user)`.
    """
    return Activity.objects.filter(status="approved", date__range=(start, end)).order_by()
