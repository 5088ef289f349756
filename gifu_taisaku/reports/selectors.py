"""The figures of the dashboard and the annual report, aggregated in the database.

Every figure is a GROUP BY over the records the user may see (each programme app's own
selector, so scoping is theirs), narrowed to the period and scope and to approved records.
Each area reads the period's approved records once, grouped per owning unit × measure ×
month, and the year before together with the period's unapproved records once more (one
scan grouped per day and approval). Python then only folds the grouped rows (a few thousand at
most) into tables and totals; it never iterates over records. The number of queries is
fixed, whatever the number of records (tests/reports/test_selectors.py counts them).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from activities.selectors import activities_for_list
from gifu_taisaku.accounts.roles import Perm, Role, role_has_perm
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.scoping import scope_root
from gifu_taisaku.orgs.models import Measure, OrgUnit
from gifu_taisaku.reports.periods import Basis, Period, Scope
from gifu_taisaku.reports.reference import ReferenceData
from gifu_taisaku.reports.tables import Crosstab, Label
from intel.scoping import HQ_READERS
from intel.selectors import reports_for_list
from liaison.choices import LiaisonKind
from liaison.selectors import liaison_records_for_list
from training.coverage import UnitCoverage, coverage_by_unit
from training.selectors import sessions_for_list

APPROVED = WorkflowStatus.APPROVED
ENFORCEMENT_CODE = "A90"  # 違法行為の取締り（事件化・検挙）: 推進事項4
ENFORCEMENT_METRICS = (("count", _("件数")), ("cases", _("事件化件数")), ("arrests", _("検挙人員")))
# Who sees intel counts: those who read intel beyond their own reports (station approvers,
# HQ analysts and admins), and only ever the reports they may read themselves.
INTEL_COUNT_ROLES = HQ_READERS | {Role.APPROVER}


# --- who may report on what ------------------------------------------------------------


def report_units(user) -> tuple[QuerySet[OrgUnit], bool]:
    """The units the user may choose as a report's scope, and whether the prefecture too.

    HQ (Perm.VIEW_REPORTS) chooses the prefecture or any station; station staff their own
    station (the unit that scoping gives them).
    """
    if user.has_role_perm(Perm.VIEW_REPORTS):
        return OrgUnit.objects.stations().active_on().order_by("sort_order", "code"), True
    roots = {
        scope_root(m.unit).pk
        for m in user.active_memberships
        if role_has_perm(m.role, Perm.VIEW_RECORDS)
    }
    return OrgUnit.objects.filter(pk__in=roots).order_by("sort_order", "code"), False


def may_count_intel(user) -> bool:
    return any(m.role in INTEL_COUNT_ROLES for m in user.active_memberships)


# --- the programme areas -----------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A programme area: where its records come from and what is summed per group."""

    key: str
    title: str
    date_field: str
    measure_prefix: str
    metrics: dict


AREAS = {
    "activities": Area(
        "activities",
        _("各種警察活動"),
        "date",
        "A",
        {
            "count": Count("pk"),
            "participants": Sum("participants_total"),
            "foreign": Sum("participants_foreign"),
            "children": Sum("participants_children"),
            "child_events": Count("pk", filter=Q(participants_children__gt=0)),
            "interpreter": Count("pk", filter=Q(interpreter_used=True)),
            "cases": Sum("cases_built"),
            "arrests": Sum("persons_arrested"),
        },
    ),
    "liaison": Area("liaison", _("関係機関との連携"), "date", "B", {"count": Count("pk")}),
    "intel": Area(
        "intel",
        _("実態把握"),
        "information_date",
        "C",
        {"count": Count("pk"), "signs": Count("pk", filter=Q(warning_sign=True))},
    ),
    "training": Area(
        "training",
        _("職場教養"),
        "date",
        "D",
        {
            "count": Count("pk"),
            "attendances": Sum("attendee_count"),
            "minutes": Sum("duration_minutes"),
        },
    ),
}


def area_sources(user) -> dict[str, QuerySet]:
    """Each area's records the user may see (intel only for those who may count it)."""
    sources = {
        "activities": activities_for_list(user),
        "liaison": liaison_records_for_list(user),
        "training": sessions_for_list(user),
    }
    if may_count_intel(user):
        sources["intel"] = reports_for_list(user)
    return sources


def in_period(records: QuerySet, area: Area, period: Period, scope: Scope) -> QuerySet:
    """`records` dated in `period` and owned inside `scope` (any workflow status)."""
    records = records.order_by().filter(**{f"{area.date_field}__range": (period.start, period.end)})
    if scope.unit is not None:
        records = records.filter(owning_unit__path__startswith=scope.unit.path)
    return records


# --- one area's figures -------------------------------------------------------------------


@dataclass
class AreaFigures:
    """The grouped rows of one area in a period, with the tables made from them."""

    area: Area
    measures: list[Measure]
    months: list[datetime.date]
    stations: list[OrgUnit]
    month_rows: list[dict]  # measure_id, month, metrics…
    station_rows: list[dict]  # station_id, measure_id, metrics…
    totals: dict[str, int]
    previous: dict[str, int]
    unapproved: int
    extra: dict = field(default_factory=dict)

    def measure_labels(self) -> list[Label]:
        return [Label(m.pk, m.code, m.name) for m in self.measures]

    def measure_by_month(self, metric: str = "count") -> Crosstab:
        months = [Label(m, f"{m.month}月") for m in self.months]
        return Crosstab.of(
            self.measure_labels(), months, self.month_rows, "measure_id", "month", metric
        )

    def station_by_measure(self, metric: str = "count") -> Crosstab:
        stations = [Label(s.pk, s.label, s.name) for s in self.stations]
        return Crosstab.of(
            stations, self.measure_labels(), self.station_rows, "station_id", "measure_id", metric
        )

    def change(self, metric: str = "count") -> int:
        return self.totals.get(metric, 0) - self.previous.get(metric, 0)


def _sum_rows(rows: list[dict], metrics) -> dict[str, int]:
    """The totals of grouped rows (what one aggregate over all their records would give)."""
    return {name: sum(row.get(name) or 0 for row in rows) for name in metrics}


def fold_rows(rows: list[dict], keys: tuple[str, ...], metrics) -> list[dict]:
    """Grouped rows summed into coarser groups (`keys`), as a GROUP BY on `keys` would.

    Like SQL's SUM, a metric stays None when every value folded into it is None.
    """
    folded: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[name] for name in keys)
        entry = folded.get(key)
        if entry is None:
            folded[key] = {**dict(zip(keys, key, strict=True)), **{m: row[m] for m in metrics}}
            continue
        for name in metrics:
            value = row[name]
            if value is not None:
                entry[name] = value if entry[name] is None else entry[name] + value
    return list(folded.values())


def current_rows(records, area, period, scope) -> list[dict]:
    """Approved records of the period per owning unit × measure × month (one query).

    Both tables (measure × month, station × measure) and the totals are folded from these
    rows in Python, so the period's records are read once.
    """
    approved = in_period(records, area, period, scope).filter(status=APPROVED)
    return list(
        approved.annotate(month=TruncMonth(area.date_field))
        .values("owning_unit_id", "measure_id", "month")
        .annotate(**area.metrics)
    )


@dataclass
class Earlier:
    """The approved figures of the same period a year before, and this period's backlog."""

    totals: dict[str, int]
    months: dict[datetime.date, int]  # approved records per month of the year before
    unapproved: int  # records of this period not (yet) approved


def earlier_figures(records, area, period, scope) -> Earlier:
    """The year before and this period's unapproved records, from one query.

    One scan over both periods (and whatever lies between them), grouped per day and
    whether approved: at most a few rows per day, which Python then sorts into the period
    a year before or this period by their date, exactly.
    """
    previous = period.previous()
    span = Period(min(previous.start, period.start), max(previous.end, period.end), Basis.RANGE)
    date_field = area.date_field
    rows = (
        in_period(records, area, span, scope)
        .annotate(is_approved=ExpressionWrapper(Q(status=APPROVED), output_field=BooleanField()))
        .values(date_field, "is_approved")
        .annotate(**area.metrics)
    )
    earlier = Earlier(dict.fromkeys(area.metrics, 0), {}, 0)
    for row in rows:
        day = row[date_field]
        if row["is_approved"]:
            if previous.start <= day <= previous.end:
                for name in area.metrics:
                    earlier.totals[name] += row[name] or 0
                month = day.replace(day=1)
                earlier.months[month] = earlier.months.get(month, 0) + row["count"]
        elif period.start <= day <= period.end:
            earlier.unapproved += row["count"]
    return earlier


def area_figures(records, area, period, scope, context) -> AreaFigures:
    """The figures of one area: two queries whatever the number of records."""
    rows = current_rows(records, area, period, scope)
    month_rows = fold_rows(rows, ("measure_id", "month"), area.metrics)
    station_rows = context.fold_to_stations(rows, area.metrics)
    earlier = earlier_figures(records, area, period, scope)
    figures = AreaFigures(
        area=area,
        measures=context.measures_for(area, month_rows),
        months=period.months(),
        stations=context.station_rows_for(station_rows),
        month_rows=month_rows,
        station_rows=station_rows,
        totals=_sum_rows(month_rows, area.metrics),
        previous=earlier.totals,
        unapproved=earlier.unapproved,
    )
    if area.key == "activities":
        # Approved activities per month of the year before (the chart's second series).
        figures.extra["previous_months"] = earlier.months
    return figures


# --- area-specific extras ------------------------------------------------------------------------


def interpreter_languages(activities: QuerySet) -> list[tuple[str, int]]:
    """Approved activities with an interpreter, per interpreting language (most used first)."""
    rows = (
        activities.filter(interpreter_languages__isnull=False)
        .values("interpreter_languages__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "interpreter_languages__name")
    )
    return [(row["interpreter_languages__name"], row["n"]) for row in rows]


def liaison_kinds(records: QuerySet) -> list[tuple[str, int]]:
    """Approved liaison records per kind (会議, 合同訓練 …), every kind listed."""
    counts = dict(records.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0)) for value, label in LiaisonKind.choices]


def training_coverage(reference: ReferenceData) -> list[UnitCoverage]:
    """Training coverage of each station in scope (training.coverage: two queries)."""
    stations = reference.stations_in_scope()
    units = OrgUnit.objects.filter(pk__in=[s.pk for s in stations]).order_by("sort_order", "code")
    return coverage_by_unit(units, reference.period)


# --- the whole report ----------------------------------------------------------------------------


@dataclass
class ReportFigures:
    """Everything the dashboard, the annual page, the workbook and the PDF show."""

    period: Period
    scope: Scope
    areas: dict[str, AreaFigures]
    stations: list[OrgUnit]
    languages: list[tuple[str, int]]
    liaison_kinds: list[tuple[str, int]]
    coverage: list[UnitCoverage]

    @property
    def show_intel(self) -> bool:
        return "intel" in self.areas

    @property
    def unapproved(self) -> int:
        return sum(area.unapproved for area in self.areas.values())

    def headlines(self) -> list[tuple[str, int, int]]:
        """(label, this period, the same period a year before) of the headline figures."""
        areas = self.areas
        rows = [
            (_("各種警察活動（件）"), "activities", "count"),
            (_("参加者数（人）"), "activities", "participants"),
            (_("うち外国人（人）"), "activities", "foreign"),
            (_("うち外国人児童等（人）"), "activities", "children"),
            (_("通訳人を帯同した活動（件）"), "activities", "interpreter"),
            (_("事件化件数（件）"), "activities", "cases"),
            (_("検挙人員（人）"), "activities", "arrests"),
            (_("関係機関との連携（件）"), "liaison", "count"),
            (_("職場教養（回）"), "training", "count"),
            (_("職場教養 延べ受講者（人）"), "training", "attendances"),
            (_("実態把握（件）"), "intel", "count"),
            (_("うち予兆（件）"), "intel", "signs"),
        ]
        return [
            (str(label), areas[key].totals[metric], areas[key].previous[metric])
            for label, key, metric in rows
            if key in areas
        ]

    def enforcement(self) -> dict | None:
        """推進事項4 (A90): count, cases and arrests per month and per station."""
        area = self.areas["activities"]
        measure = next((m for m in area.measures if m.code == ENFORCEMENT_CODE), None)
        if measure is None:
            return None
        months = area.measure_by_month().columns
        by_month, by_station = [], {station.pk: [] for station in area.stations}
        for metric, label in ENFORCEMENT_METRICS:
            cells = area.measure_by_month(metric).cells
            by_month.append((str(label), [cells.get((measure.pk, m.key), 0) for m in months]))
            cells = area.station_by_measure(metric).cells
            for station in area.stations:
                by_station[station.pk].append(cells.get((station.pk, measure.pk), 0))
        return {
            "measure": measure,
            "headers": [str(label) for _metric, label in ENFORCEMENT_METRICS],
            "months": [m.text for m in months],
            "by_month": by_month,
            "by_station": [(s.name, by_station[s.pk]) for s in area.stations],
        }


def report_figures(user, period: Period, scope: Scope) -> ReportFigures:
    """The figures for `user` (their scope, their intel readership) over `period` × `scope`."""
    reference = ReferenceData.load(period, scope)
    sources = area_sources(user)
    areas = {
        key: area_figures(records, AREAS[key], period, scope, reference)
        for key, records in sources.items()
    }
    approved = {
        key: in_period(records, AREAS[key], period, scope).filter(status=APPROVED)
        for key, records in sources.items()
    }
    return ReportFigures(
        period=period,
        scope=scope,
        areas=areas,
        stations=reference.stations_in_scope(),
        languages=interpreter_languages(approved["activities"]),
        liaison_kinds=liaison_kinds(approved["liaison"]),
        coverage=training_coverage(reference),
    )


def approved_rows(user, key: str, period: Period, scope: Scope) -> QuerySet:
    """The approved records of one area in period and scope (the workbook's raw data)."""
    records = area_sources(user)[key]
    return in_period(records, AREAS[key], period, scope).filter(status=APPROVED)


def approved_row_count(user, period: Period, scope: Scope) -> int:
    """How many approved records a report would list (decides immediate or background)."""
    return sum(
        in_period(records, AREAS[key], period, scope).filter(status=APPROVED).count()
        for key, records in area_sources(user).items()
        if key != "intel"
    )
