"""Reads of commendations: a year's result (frozen or live), who sees which station, the
records behind a metric, and the 功績概要 drafted from them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from commendations.metrics import METRICS, condition_for
from commendations.models import Scheme, Snapshot
from commendations.scoring import MetricScore, StationScore, YearResult, compute_year
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.wareki import wareki_date
from gifu_taisaku.orgs.models import OrgUnit
from gifu_taisaku.reports.selectors import may_count_intel, report_units

EVIDENCE_LIMIT = 50  # rows of records shown under one metric; the count says how many more


def sees_all_stations(user) -> bool:
    """HQ (report readers and commendation managers) sees every station's score."""
    return user.has_role_perm(Perm.VIEW_REPORTS) or user.has_role_perm(Perm.MANAGE_COMMENDATIONS)


def visible_station_ids(user) -> set[int] | None:
    """The stations whose scores `user` may see: None for all, else their own station(s)."""
    if sees_all_stations(user):
        return None
    units, _prefecture = report_units(user)
    return set(units.values_list("pk", flat=True))


@dataclass
class YearView:
    """A year's result as a viewer sees it: frozen or live, narrowed to their stations."""

    scheme: Scheme
    result: YearResult
    snapshot: Snapshot | None
    visible: set[int] | None
    show_intel: bool = True  # intel counts: HQ and station approvers, as on the dashboard

    @property
    def rows(self) -> list[StationScore]:
        stations = self.result.stations
        if self.visible is not None:
            stations = [s for s in stations if s.station_id in self.visible]
        return [self._as_seen(s) for s in stations]

    def station(self, station_id: int) -> StationScore | None:
        if self.visible is not None and station_id not in self.visible:
            return None
        score = self.result.station(station_id)
        return None if score is None else self._as_seen(score)

    def _as_seen(self, score: StationScore) -> StationScore:
        return score if self.show_intel else score.without_intel()


def year_result(scheme: Scheme) -> tuple[YearResult, Snapshot | None]:
    """The decided result when the year is frozen, else a computation now."""
    snapshot = Snapshot.objects.filter(scheme=scheme).select_related("frozen_by").first()
    if snapshot is not None:
        return YearResult.from_json(snapshot.data), snapshot
    return compute_year(scheme), None


def year_view(user, scheme: Scheme) -> YearView:
    result, snapshot = year_result(scheme)
    return YearView(scheme, result, snapshot, visible_station_ids(user), may_count_intel(user))


@dataclass
class Evidence:
    """The records behind one metric of one station, as far as the viewer may open them."""

    score: MetricScore
    counts_only: bool
    records: list
    visible_count: int

    @property
    def more(self) -> int:
        return max(self.visible_count - len(self.records), 0)


def evidence_for(user, scheme: Scheme, station: OrgUnit, score) -> Evidence:
    """The viewer's records behind `score` (intel: none, the count only)."""
    metric = METRICS[score.key]
    if metric.counts_only:
        return Evidence(score, True, [], 0)
    records = metric.scoped(user, scheme.period)
    if metric.source is not None:
        records = records.filter(condition_for(metric, score.measure_code))
    records = records.filter(**{f"{metric.unit_field}__path__startswith": station.path})
    return Evidence(score, False, list(records[:EVIDENCE_LIMIT]), records.count())


def achievements_text(station_score: StationScore | None, year_label: str, notable) -> str:
    """The 功績概要 drafted from the score's figures and the station's notable records."""
    if station_score is None:
        return ""
    lines = [f"{year_label}中、在留外国人等総合対策を次のとおり推進した。"]
    for m in station_score.metrics:
        if m.raw > 0:
            lines.append(f"・{m.label}　{_number(m.raw)}{m.unit}")
    if notable:
        lines.append("主な取組：")
        lines += [f"・{record.title}（{wareki_date(record.date)}）" for record in notable]
    return "\n".join(lines)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def notable_activities(user, scheme: Scheme, station: OrgUnit, limit: int = 5) -> QuerySet:
    """The station's approved activities of the year with the most foreign participants."""
    records = METRICS["activities"].scoped(user, scheme.period)
    return records.filter(owning_unit__path__startswith=station.path).order_by(
        "-participants_foreign", "-date"
    )[:limit]


def officer_achievements(user, scheme: Scheme, nominee) -> str:
    """The 功績概要 of an officer: their approved activities and training of the year."""
    activities = METRICS["activities"].scoped(user, scheme.period).filter(created_by=nominee)
    sessions = METRICS["training_coverage"].scoped(user, scheme.period)
    attended = sessions.filter(attendances__user=nominee).count()
    notable = list(activities.order_by("-participants_foreign", "-date")[:5])
    lines = [
        f"{scheme.period.label}中、在留外国人等総合対策の推進に功労があった。",
        f"・起案した各種警察活動（承認済み）　{activities.count()}件",
        f"・受講した職場教養　{attended}回",
    ]
    if notable:
        lines.append("主な取組：")
        lines += [f"・{record.title}（{wareki_date(record.date)}）" for record in notable]
    return "\n".join(lines)
