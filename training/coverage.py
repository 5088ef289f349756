"""Training coverage: the share of a unit's officers who attended each D-measure in a year.

An officer counts for a measure when they attended at least one *approved* session of it
whose date falls in the period (a calendar year by default, or a 年度). The officers of a
unit are the active users who now hold a station-staff role (署員・署幹部) in the unit or
a unit under it; a session counts wherever it was held, so an officer who moved keeps
their training. Everything is counted in the database: the numbers for any number of
units and officers come from a fixed number of queries (commendation scoring reads
`coverage_by_unit`).
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.wareki import fiscal_year_label, fiscal_year_of, fiscal_year_range
from gifu_taisaku.core.wareki import wareki_year as calendar_year_label
from gifu_taisaku.orgs.models import Measure, OrgUnit
from training.choices import YearBasis
from training.models import Attendance
from training.selectors import officers_of, subquery_count, training_measures, unit_members


@dataclass(frozen=True)
class Period:
    """A calendar year (暦年) or a fiscal year (年度, April–March) named by its first year."""

    year: int
    basis: str = YearBasis.CALENDAR

    @classmethod
    def current(cls, basis: str = YearBasis.CALENDAR, today: datetime.date | None = None):
        today = today or timezone.localdate()
        year = fiscal_year_of(today) if basis == YearBasis.FISCAL else today.year
        return cls(year, basis)

    @property
    def is_fiscal(self) -> bool:
        return self.basis == YearBasis.FISCAL

    @property
    def start(self) -> datetime.date:
        return fiscal_year_range(self.year)[0] if self.is_fiscal else datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        return (
            fiscal_year_range(self.year)[1] if self.is_fiscal else datetime.date(self.year, 12, 31)
        )

    @property
    def label(self) -> str:
        """令和7年 or 令和7年度."""
        return fiscal_year_label(self.year) if self.is_fiscal else calendar_year_label(self.year)


@dataclass(frozen=True)
class MeasureCoverage:
    """How many of a unit's officers attended a measure's training in the period."""

    measure: Measure
    attended: int
    officers: int

    @property
    def missing(self) -> int:
        return self.officers - self.attended

    @property
    def share(self) -> float | None:
        """attended / officers (None for a unit without officers)."""
        return self.attended / self.officers if self.officers else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


@dataclass(frozen=True)
class UnitCoverage:
    unit: OrgUnit
    period: Period
    officers: int
    measures: tuple[MeasureCoverage, ...]

    def of(self, code: str) -> MeasureCoverage | None:
        """The coverage of the measure with `code` ("D02"), if it is in use."""
        return next((m for m in self.measures if m.measure.code == code), None)


def attended_in(period: Period, **measure) -> Exists:
    """Whether the user of the outer row attended an approved session of `measure` in `period`.

    `measure` is a lookup on the session: measure_id=3 or measure__code="D02".
    """
    return Exists(
        Attendance.objects.filter(
            user=OuterRef("pk"),
            session__status=WorkflowStatus.APPROVED,
            session__date__range=(period.start, period.end),
            **{f"session__{key}": value for key, value in measure.items()},
        )
    )


def attendees(period: Period, measure_id: int) -> QuerySet:
    """The ids of the users who attended an approved session of the measure in `period`.

    Not correlated with any outer row: the database computes the set once per query
    (PostgreSQL: one hashed SubPlan), however many units and officers are counted against it.
    """
    return Attendance.objects.filter(
        session__status=WorkflowStatus.APPROVED,
        session__date__range=(period.start, period.end),
        session__measure_id=measure_id,
    ).values("user_id")


def count_among(users: QuerySet[User], ids: QuerySet) -> Coalesce:
    """How many of `users` (a correlated queryset) are in the uncorrelated set `ids`.

    SUM(CASE WHEN id IN (…)) rather than a filter: inside an expression the IN is not
    turned into a join that the database would re-run for every officer and every unit
    (what made the dashboard take seconds), it is probed as a set built once.
    """
    flag = Case(When(pk__in=ids, then=Value(1)), default=Value(0))
    counted = users.order_by().annotate(n=Func(flag, function="SUM")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def coverage_by_unit(units: QuerySet[OrgUnit], period: Period) -> list[UnitCoverage]:
    """The coverage of each unit of `units`, in two queries whatever their size.

    Per unit, the officers are found through the (small) membership table; who attended
    each measure is one set per measure, computed once for all units (see count_among).
    """
    measures = list(training_measures())
    # Inside the count below, the Membership filter sits two levels under the unit row.
    officers = officers_of(OuterRef(OuterRef("path")))
    annotations = {"officer_count": subquery_count(officers)}
    for measure in measures:
        annotations[f"attended_{measure.pk}"] = count_among(officers, attendees(period, measure.pk))
    return [
        UnitCoverage(
            unit=row,
            period=period,
            officers=row.officer_count,
            measures=tuple(
                MeasureCoverage(m, getattr(row, f"attended_{m.pk}"), row.officer_count)
                for m in measures
            ),
        )
        for row in units.annotate(**annotations)
    ]


def unit_coverage(unit: OrgUnit, period: Period) -> UnitCoverage:
    """The coverage of one unit (with the units under it)."""
    return coverage_by_unit(OrgUnit.objects.filter(pk=unit.pk), period)[0]


def stations_coverage(period: Period) -> list[UnitCoverage]:
    """Every station in force, in display order: what commendation scoring compares."""
    stations = OrgUnit.objects.stations().active_on(period.end).order_by("sort_order", "code")
    return coverage_by_unit(stations, period)


@dataclass(frozen=True)
class OfficerRecord:
    """One officer's row of a unit's coverage table: attended or not, per measure."""

    officer: User
    attended: tuple[bool, ...]

    @property
    def complete(self) -> bool:
        return all(self.attended)


def officer_records(unit: OrgUnit, measures: list[Measure], period: Period) -> list[OfficerRecord]:
    """Each officer of `unit` with, for each of `measures`, whether they attended (one query)."""
    flags = {f"attended_{m.pk}": attended_in(period, measure_id=m.pk) for m in measures}
    return [
        OfficerRecord(officer, tuple(getattr(officer, name) for name in flags))
        for officer in unit_members(unit).annotate(**flags)
    ]


def coverage_gaps(unit: OrgUnit, period: Period, code: str) -> QuerySet[User]:
    """The officers of `unit` who have not attended measure `code` in `period` (one query)."""
    return unit_members(unit).exclude(attended_in(period, measure__code=code))
