"""Reads of training records: lists, a unit's members, an officer's record, initiatives.

Coverage (who attended what, per unit and year) lives in training.coverage.
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Star
from django.db.models.functions import Coalesce

from activities.models import Activity
from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.core.scoping import scope_root, unit_filter
from gifu_taisaku.orgs.models import Measure, OrgUnit
from training.choices import STATION_STAFF_ROLES, TRAINING_MEASURE_PREFIX
from training.models import Attendance, InitiativePost, TrainingSession


def subquery_count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of `queryset` as a correlated subquery (no join, so no double counting).

    COUNT(*) rather than COUNT(id): nothing but the filtered columns is read, so a session's
    attendance is counted from an index alone (an index-only scan), without its table rows.
    """
    count = Func(Star(), function="COUNT", output_field=IntegerField())
    counted = queryset.order_by().annotate(n=count).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def training_measures() -> QuerySet[Measure]:
    """The 別表 D measures in use (D01 共生に向けた教養, D02 職務質問訓練, D03 各種手続)."""
    return Measure.objects.filter(is_active=True, code__startswith=TRAINING_MEASURE_PREFIX)


# --- sessions ---------------------------------------------------------------------


def sessions_for_list(user) -> QuerySet[TrainingSession]:
    """Sessions the user may see, with what a list row or an export row shows."""
    return (
        TrainingSession.objects.visible_to(user)
        .select_related("owning_unit", "measure", "language", "created_by")
        .annotate(attendee_count=subquery_count(Attendance.objects.filter(session=OuterRef("pk"))))
        .order_by("-date", "-pk")
    )


def session_totals(sessions: QuerySet[TrainingSession]) -> dict[str, int]:
    """The totals row of a list: sessions, attendances, minutes (and hours) of training."""
    totals = sessions.order_by().aggregate(
        count=Count("pk"), attendances=Sum("attendee_count"), minutes=Sum("duration_minutes")
    )
    totals = {key: value or 0 for key, value in totals.items()}
    return {**totals, "hours": round(totals["minutes"] / 60, 1)}


def session_detail_queryset(scoped: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """One session with everything its page shows, in a fixed number of queries."""
    return scoped.select_related(
        "owning_unit", "measure", "language", "created_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("user").order_by("user__username"),
        )
    )


def sessions_attended_by(user) -> QuerySet[TrainingSession]:
    """The sessions `user` attended, newest first, each marked whether the user may open it.

    An officer who moved keeps the sessions of their former station on their own page,
    but can open only those still in their scope.
    """
    condition = unit_filter(user, "view")
    boolean = BooleanField()
    in_scope = (
        Value(True, output_field=boolean)
        if condition is None
        else Case(When(condition, then=Value(True)), default=Value(False), output_field=boolean)
    )
    return (
        TrainingSession.objects.filter(attendances__user=user)
        .select_related("owning_unit", "measure")
        .annotate(in_scope=in_scope)
        .order_by("-date", "-pk")
    )


# --- a unit's members -----------------------------------------------------------------


def staff_membership(user_ref, path) -> QuerySet[Membership]:
    """Station-staff memberships of `user_ref` in the subtree at `path` (values or refs)."""
    return Membership.objects.filter(
        user=user_ref, role__in=STATION_STAFF_ROLES, unit__path__startswith=path
    )


def officers_of(path) -> QuerySet[User]:
    """Active users holding a station-staff role in the subtree at `path` (a str or OuterRef)."""
    return User.objects.filter(Exists(staff_membership(OuterRef("pk"), path)), is_active=True)


def unit_members(unit: OrgUnit) -> QuerySet[User]:
    """The officers of `unit` and the units under it, each with the name of their unit."""
    first = staff_membership(OuterRef("pk"), unit.path).order_by("unit__path")
    return (
        officers_of(unit.path)
        .annotate(
            unit_name=Subquery(first.values("unit__name")[:1]),
            unit_path=Subquery(first.values("unit__path")[:1]),
        )
        .order_by("unit_path", "full_name", "username")
    )


def attendance_candidates(units: QuerySet[OrgUnit], keep: QuerySet | None = None) -> QuerySet[User]:
    """Who may be ticked as attending: the active members of the stations of `units`.

    `units` are those the recording user may own records for, so the candidates are their
    station's officers (with its kobans): an officer of another station is never offered.
    `keep` (user ids already on the record) stays offered even after a move or retirement,
    so that editing a session never drops its attendance silently.
    """
    paths = sorted({scope_root(unit).path for unit in units.select_related("parent")})
    in_stations = Q(pk__in=[])
    for path in paths:
        in_stations |= Q(unit__path__startswith=path)
    memberships = Membership.objects.filter(in_stations, role__in=STATION_STAFF_ROLES)
    offered = Q(pk__in=memberships.values("user"), is_active=True)
    if keep is not None:
        offered |= Q(pk__in=keep)
    first = memberships.filter(user=OuterRef("pk")).order_by("unit__path")
    return (
        User.objects.filter(offered)
        .annotate(
            unit_name=Subquery(first.values("unit__name")[:1]),
            unit_path=Subquery(first.values("unit__path")[:1]),
        )
        .order_by(F("unit_path").asc(nulls_last=True), "full_name", "username")
    )


def member_search(text: str) -> Q:
    """Members whose name, user name or unit contains every word of `text`."""
    condition = Q()
    for word in text.split():
        name = Q(full_name__icontains=word) | Q(username__icontains=word)
        condition &= name | Q(unit_name__icontains=word)
    return condition


# --- initiatives ---------------------------------------------------------------------


def initiatives_for_list(user) -> QuerySet[InitiativePost]:
    """Posts the user may read: every published one, and their station's drafts."""
    return (
        InitiativePost.objects.visible_to(user)
        .select_related("owning_unit", "created_by")
        .order_by("-updated_at", "-pk")
    )


def initiative_detail_queryset(scoped: QuerySet[InitiativePost]) -> QuerySet[InitiativePost]:
    return scoped.select_related("owning_unit", "created_by", "decided_by")


def linked_activities(post: InitiativePost, user) -> list[Activity]:
    """The post's activities, each marked `in_scope` when `user` may open it (one query)."""
    visible = Activity.objects.visible_to(user).filter(pk=OuterRef("pk"))
    return list(
        post.activities.select_related("measure")
        .annotate(in_scope=Exists(visible))
        .order_by("-date", "-pk")
    )


def published_initiatives(start, end) -> QuerySet[InitiativePost]:
    """Initiative posts published (approved) between `start` and `end`, for counting only."""
    return InitiativePost.objects.filter(
        status="approved", decided_at__date__range=(start, end)
    ).order_by()
