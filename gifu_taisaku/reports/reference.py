"""Units and measures read once per report: labels, and the fold from unit to station."""

from dataclasses import dataclass

from gifu_taisaku.orgs.models import Measure, OrgUnit, OrgUnitKind
from gifu_taisaku.reports.periods import Period, Scope


@dataclass
class ReferenceData:
    """Units and measures, read once per report: labels and the unit → station fold."""

    period: Period
    scope: Scope
    units: dict[int, OrgUnit]
    measures: list[Measure]

    @classmethod
    def load(cls, period: Period, scope: Scope) -> "ReferenceData":
        units = {unit.pk: unit for unit in OrgUnit.objects.order_by("sort_order", "code")}
        measures = list(Measure.objects.order_by("sort_order", "code"))
        return cls(period, scope, units, measures)

    def root_of(self, unit_id: int) -> OrgUnit:
        """The top unit of the tree a unit sits in: its station, or 本部 for HQ divisions."""
        unit = self.units[unit_id]
        while unit.parent_id is not None:
            unit = self.units[unit.parent_id]
        return unit

    def fold_to_stations(self, unit_rows, metrics) -> list[dict]:
        """Grouped rows per owning unit, summed per station (kobans fold into theirs)."""
        folded: dict[tuple, dict] = {}
        stations: dict[int, int] = {}  # unit id → its station's id, walked once per unit
        for row in unit_rows:
            unit_id = row["owning_unit_id"]
            if unit_id not in stations:
                stations[unit_id] = self.root_of(unit_id).pk
            key = (stations[unit_id], row["measure_id"])
            entry = folded.setdefault(key, {"station_id": key[0], "measure_id": key[1]})
            for name in metrics:
                entry[name] = entry.get(name, 0) + (row[name] or 0)
        return list(folded.values())

    def station_rows_for(self, station_rows: list[dict]) -> list[OrgUnit]:
        """The stations in force in the period (in scope), and any other unit with figures."""
        used = {row["station_id"] for row in station_rows}
        if self.scope.unit is not None:
            used.add(self.root_of(self.scope.unit.pk).pk)
            return [unit for unit in self.units.values() if unit.pk in used]
        return [u for u in self.units.values() if u.pk in used or self._in_force(u)]

    def _in_force(self, unit: OrgUnit) -> bool:
        period = self.period
        return (
            unit.kind == OrgUnitKind.STATION
            and unit.active_from <= period.end
            and (unit.active_to is None or unit.active_to >= period.start)
        )

    def measures_for(self, area, rows: list[dict]) -> list[Measure]:
        """The area's measures in use, and retired ones that still have figures."""
        used = {row["measure_id"] for row in rows}
        return [
            m
            for m in self.measures
            if m.code.startswith(area.measure_prefix) and (m.is_active or m.pk in used)
        ]

    def stations_in_scope(self) -> list[OrgUnit]:
        if self.scope.unit is not None:
            return [self.scope.unit]
        return [u for u in self.units.values() if self._in_force(u)]
