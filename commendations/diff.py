"""What changed between a frozen result and a recomputation (records edited since)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from commendations.scoring import YearResult


@dataclass(frozen=True)
class Difference:
    """One figure that is not what was decided: a metric's value and points, or the rank."""

    station: str
    item: str
    frozen: Decimal | int | None
    now: Decimal | int | None


def differences(frozen: YearResult, now: YearResult) -> list[Difference]:
    """Every station's metrics, totals and ranks that differ (stations in either result)."""
    found = []
    for before in frozen.stations:
        after = now.station(before.station_id)
        if after is None:
            found.append(Difference(before.name, _("合計点"), before.total, None))
            continue
        found += _station_differences(before, after)
    decided = {s.station_id for s in frozen.stations}
    found += [
        Difference(s.name, _("合計点"), None, s.total)
        for s in now.stations
        if s.station_id not in decided
    ]
    return found


def _station_differences(before, after) -> list[Difference]:
    found = []
    for old, new in zip(before.metrics, after.metrics, strict=False):
        if old.raw != new.raw:
            found.append(
                Difference(
                    before.name, _("%(label)s（実数）") % {"label": old.label}, old.raw, new.raw
                )
            )
    if before.total != after.total:
        found.append(Difference(before.name, _("合計点"), before.total, after.total))
    if before.rank != after.rank:
        found.append(Difference(before.name, _("順位"), before.rank, after.rank))
    return found
