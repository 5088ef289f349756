"""Computing a year's scores: raw value → normalised → capped → weighted points → rank.

Everything is counted in the database: one GROUP BY per metric over every station, plus a
fixed handful of reads (the scheme's metrics, the stations with their officer counts, the
unit tree, foreign-resident figures). The number of queries therefore depends on the
scheme, never on the number of stations or records (tests/commendations/test_scoring.py).
"""

import datetime
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Q
from django.utils import timezone

from commendations.choices import Normalisation
from commendations.metrics import COVERAGE, METRICS, condition_for
from commendations.models import Scheme, Snapshot
from gifu_taisaku.orgs.models import ForeignPopulation, Jurisdiction, OrgUnit
from training.coverage import coverage_by_unit
from training.selectors import officers_of, subquery_count

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    """A value rounded to two decimals (half up, as people round by hand)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class MetricScore:
    """One metric of one station: every step from the count to the points."""

    key: str
    label: str
    unit: str
    raw: Decimal
    normalised: Decimal
    capped: bool
    points: Decimal
    weight: Decimal
    normalisation: str
    cap: Decimal | None = None
    measure_code: str = ""

    @property
    def counts_only(self) -> bool:
        """An intel metric: a number, never the reports behind it."""
        return METRICS[self.key].counts_only


@dataclass
class StationScore:
    """A station's line of the ranking."""

    station_id: int
    code: str
    name: str
    officers: int
    foreign_residents: int
    metrics: list[MetricScore]
    total: Decimal = Decimal("0.00")
    rank: int = 0
    previous_total: Decimal | None = None

    @property
    def change(self) -> Decimal | None:
        """Points gained (or lost) since last year; None when last year was not scored."""
        return None if self.previous_total is None else self.total - self.previous_total

    def metric(self, key: str, measure_code: str = "") -> MetricScore | None:
        return next(
            (m for m in self.metrics if m.key == key and m.measure_code == measure_code), None
        )

    def without_intel(self) -> "StationScore":
        """The line as a viewer who may not count intel sees it. With the intel metrics
        masked but the full total shown, total − the other points would give them away; so
        the total leaves them out, and the change from last year (whose intel points are not
        known apart) is not given. The rank stays: it places the station, nothing more."""
        shown = [m.points for m in self.metrics if not m.counts_only]
        return replace(self, total=to_decimal(sum(shown, Decimal(0))), previous_total=None)


@dataclass
class YearResult:
    """The ranking of a year under a scheme, best first."""

    year: int
    basis: str
    stations: list[StationScore]
    computed_at: datetime.datetime | None = None

    def station(self, station_id: int) -> StationScore | None:
        return next((s for s in self.stations if s.station_id == station_id), None)

    def to_json(self) -> dict:
        """Plain JSON (decimals as strings) for a Snapshot."""
        data = asdict(self)
        data["computed_at"] = self.computed_at.isoformat() if self.computed_at else None
        return _stringify(data)

    @classmethod
    def from_json(cls, data: dict) -> "YearResult":
        stations = [_station_from_json(row) for row in data["stations"]]
        computed = data.get("computed_at")
        when = datetime.datetime.fromisoformat(computed) if computed else None
        return cls(data["year"], data["basis"], stations, when)


def _stringify(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _stringify(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_stringify(item) for item in value]
    return value


def _decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _station_from_json(row: dict) -> StationScore:
    metrics = [
        MetricScore(
            **{
                **m,
                **{k: Decimal(m[k]) for k in ("raw", "normalised", "points", "weight")},
                "cap": _decimal_or_none(m.get("cap")),
            }
        )
        for m in row["metrics"]
    ]
    return StationScore(
        **{
            **row,
            "metrics": metrics,
            "total": Decimal(row["total"]),
            "previous_total": _decimal_or_none(row.get("previous_total")),
        }
    )


# --- the reads --------------------------------------------------------------------------


def stations_in_force(period) -> list[OrgUnit]:
    """The stations in force at some point of the period, with their officer counts (1 query).

    Officers are the active users holding a station-staff role in the station's subtree
    (training.selectors.officers_of), each counted once.
    """
    in_force = Q(active_from__lte=period.end) & (
        Q(active_to__isnull=True) | Q(active_to__gte=period.start)
    )
    return list(
        OrgUnit.objects.stations()
        .filter(in_force)
        .annotate(officer_count=subquery_count(officers_of(OuterRef(OuterRef("path")))))
        .order_by("sort_order", "code")
    )


def unit_to_station() -> dict[int, int]:
    """Every unit's station (its tree's root unit), from one read of the unit tree."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    roots = {}
    for unit_id in parents:
        root = unit_id
        while parents.get(root) is not None:
            root = parents[root]
        roots[unit_id] = root
    return roots


def foreign_residents(year: int) -> dict[int, int]:
    """Foreign residents of each station's jurisdiction in `year` (two queries).

    Each municipality takes its latest figure up to `year`. A municipality shared by n
    stations (岐阜市) counts 1/n towards each, so the prefecture's total is kept.
    """
    latest: dict[str, int] = {}
    rows = ForeignPopulation.objects.filter(year__lte=year).order_by("municipality_id", "year")
    for code, count in rows.values_list("municipality_id", "count"):
        latest[code] = count  # ordered by year: the last one wins
    links = list(Jurisdiction.objects.values_list("station_id", "municipality_id"))
    sharing: dict[str, int] = {}
    for _station, code in links:
        sharing[code] = sharing.get(code, 0) + 1
    residents: dict[int, Decimal] = {}
    for station_id, code in links:
        share = Decimal(latest.get(code, 0)) / sharing[code]
        residents[station_id] = residents.get(station_id, Decimal(0)) + share
    return {station_id: int(value.to_integral_value()) for station_id, value in residents.items()}


def metric_values(scheme_metric, period, roots: dict[int, int]) -> dict[int, Decimal]:
    """{station id: raw value} of one metric: one GROUP BY over every unit, folded to stations."""
    metric = METRICS[scheme_metric.metric]
    records = metric.source(period.start, period.end).filter(
        condition_for(metric, scheme_metric.measure_code)
    )
    unit_id = f"{metric.unit_field}_id"
    grouped = records.values(unit_id).annotate(value=metric.value).values_list(unit_id, "value")
    values: dict[int, Decimal] = {}
    for unit, value in grouped:
        station = roots.get(unit, unit)
        values[station] = values.get(station, Decimal(0)) + Decimal(value or 0)
    return values


def coverage_values(stations: list[OrgUnit], period) -> dict[int, Decimal]:
    """{station id: mean % of its officers trained per D-measure} (training.coverage)."""
    units = OrgUnit.objects.filter(pk__in=[s.pk for s in stations])
    values = {}
    for row in coverage_by_unit(units, period):
        percents = [m.share * 100 for m in row.measures if m.share is not None]
        values[row.unit.pk] = Decimal(sum(percents) / len(percents)) if percents else Decimal(0)
    return values


# --- from values to points -------------------------------------------------------------------


def normalise(raw: Decimal, how: str, officers: int, residents: int) -> Decimal:
    """The raw value per 100 officers, per 1,000 foreign residents, or as it is.

    A station without officers (or without resident figures) normalises to 0: it cannot
    be compared per head, and must not win by dividing by nothing.
    """
    if how == Normalisation.PER_100_OFFICERS:
        return to_decimal(raw * 100 / officers) if officers else to_decimal(0)
    if how == Normalisation.PER_1000_FOREIGN:
        return to_decimal(raw * 1000 / residents) if residents else to_decimal(0)
    return to_decimal(raw)


def score_metric(scheme_metric, raw: Decimal, officers: int, residents: int) -> MetricScore:
    """One metric of one station: normalised, capped and weighted."""
    normalised = normalise(raw, scheme_metric.normalisation, officers, residents)
    cap = scheme_metric.cap
    capped = cap is not None and normalised > cap
    counted = to_decimal(cap) if capped else normalised
    return MetricScore(
        key=scheme_metric.metric,
        label=scheme_metric.label,
        unit=str(scheme_metric.definition.unit),
        raw=to_decimal(raw),
        normalised=normalised,
        capped=capped,
        points=to_decimal(counted * scheme_metric.weight),
        weight=to_decimal(scheme_metric.weight),
        normalisation=scheme_metric.normalisation,
        cap=None if cap is None else to_decimal(cap),
        measure_code=scheme_metric.measure_code,
    )


def rank(stations: list[StationScore]) -> list[StationScore]:
    """Best total first; equal totals share a rank and the next rank is skipped (1, 1, 3)."""
    ordered = sorted(stations, key=lambda s: -s.total)
    for position, station in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        tied = previous is not None and previous.total == station.total
        station.rank = previous.rank if tied else position
    return ordered


# --- the year --------------------------------------------------------------------------


def compute_year(scheme, *, with_previous: bool = True) -> YearResult:
    """Every station's score under `scheme`, ranked, with the change from last year."""
    period = scheme.period
    scheme_metrics = list(scheme.metrics.all())
    stations = stations_in_force(period)
    residents = foreign_residents(scheme.year)
    raw = _raw_values(scheme_metrics, stations, period)
    scores = [
        _station_score(station, scheme_metrics, raw, residents.get(station.pk, 0))
        for station in stations
    ]
    if with_previous:
        _add_previous(scores, previous_totals(scheme))
    return YearResult(scheme.year, scheme.basis, rank(scores), timezone.now())


def _raw_values(scheme_metrics, stations, period) -> dict[int, dict[int, Decimal]]:
    """{scheme metric pk: {station id: raw value}} — one query per metric."""
    roots = unit_to_station() if any(m.metric != COVERAGE for m in scheme_metrics) else {}
    values = {}
    for scheme_metric in scheme_metrics:
        if scheme_metric.metric == COVERAGE:
            values[scheme_metric.pk] = coverage_values(stations, period)
        else:
            values[scheme_metric.pk] = metric_values(scheme_metric, period, roots)
    return values


def _station_score(station, scheme_metrics, raw, residents: int) -> StationScore:
    officers = station.officer_count
    metrics = [
        score_metric(m, raw[m.pk].get(station.pk, Decimal(0)), officers, residents)
        for m in scheme_metrics
    ]
    return StationScore(
        station_id=station.pk,
        code=station.code,
        name=station.name,
        officers=officers,
        foreign_residents=residents,
        metrics=metrics,
        total=to_decimal(sum((m.points for m in metrics), Decimal(0))),
    )


def previous_totals(scheme) -> dict[int, Decimal]:
    """Last year's totals per station: its frozen result if any, else computed afresh."""
    previous = Scheme.objects.filter(year=scheme.year - 1).first()
    if previous is None:
        return {}
    snapshot = Snapshot.objects.filter(scheme=previous).first()
    result = (
        YearResult.from_json(snapshot.data)
        if snapshot
        else compute_year(previous, with_previous=False)
    )
    return {station.station_id: station.total for station in result.stations}


def _add_previous(scores: list[StationScore], totals: dict[int, Decimal]) -> None:
    for score in scores:
        score.previous_total = totals.get(score.station_id)
