"""Writes of commendations: schemes (create, copy from last year, change), freezing a year.

Each is keyword-only, validates, runs in one transaction and writes its audit event there.
Recommendations are programme records and use core.services (create, update, workflow).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commendations.models import Scheme, SchemeMetric, Snapshot
from commendations.scoring import compute_year
from commendations.selectors import year_result
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction

FROZEN_MESSAGE = gettext_lazy("この年の評価結果は確定済みのため、評価基準は変更できません。")


def check_not_frozen(scheme: Scheme) -> None:
    if scheme.pk and scheme.is_frozen:
        raise ValidationError(FROZEN_MESSAGE)


def scheme_save(*, actor, scheme: Scheme, after_save=None) -> Scheme:
    """Create or change a scheme (and its metrics, in `after_save`) unless it is frozen."""
    check_not_frozen(scheme)
    if scheme.created_by_id is None:
        scheme.created_by = actor
    scheme.full_clean()
    with transaction.atomic():
        scheme.save()
        if after_save:
            after_save()
        record_event(action=AuditAction.MASTER_CHANGED, actor=actor, target=scheme)
    return scheme


def scheme_copy(*, actor, year: int) -> Scheme:
    """The scheme of `year`, copied from the year before with all its metrics."""
    source = Scheme.objects.filter(year=year - 1).first()
    if source is None:
        raise ValidationError(_("前年の評価基準がありません。"))
    if Scheme.objects.filter(year=year).exists():
        raise ValidationError(_("この年の評価基準は既にあります。"))
    copy = Scheme(year=year, basis=source.basis, notes=source.notes, copied_from=source)

    def copy_metrics() -> None:
        SchemeMetric.objects.bulk_create(
            SchemeMetric(
                scheme=copy,
                metric=m.metric,
                measure_code=m.measure_code,
                weight=m.weight,
                normalisation=m.normalisation,
                cap=m.cap,
                sort_order=m.sort_order,
            )
            for m in source.metrics.all()
        )

    return scheme_save(actor=actor, scheme=copy, after_save=copy_metrics)


def freeze_year(*, actor, scheme: Scheme) -> Snapshot:
    """Decide the year's result: the figures as computed now are kept as they are."""
    if scheme.is_frozen:
        raise ValidationError(_("この年の評価結果は既に確定しています。"))
    if not scheme.metrics.exists():
        raise ValidationError(_("評価項目のない評価基準は確定できません。"))
    result = compute_year(scheme)
    with transaction.atomic():
        snapshot = Snapshot.objects.create(scheme=scheme, data=result.to_json(), frozen_by=actor)
        record_event(
            action=AuditAction.RECORD_APPROVED,
            actor=actor,
            target=snapshot,
            detail={"kind": "commendation_snapshot", "year": scheme.year},
        )
    return snapshot


def score_summary(year: int, station_id: int) -> dict:
    """The station's score of `year` as the 上申書 shows it (frozen figures when decided)."""
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        return {}
    result, snapshot = year_result(scheme)
    station = result.station(station_id)
    if station is None:
        return {}
    data = result.to_json()["stations"][result.stations.index(station)]
    return {
        **data,
        "of": len(result.stations),
        "frozen": snapshot is not None,
        "period": scheme.period.label,
    }


def prepare_recommendation(*, actor, record) -> None:
    """Owned by the drafter's HQ unit; the score breakdown copied as it stands now."""
    if record.owning_unit_id is None and actor.primary_membership:
        record.owning_unit = actor.primary_membership.unit
    if record.station_id and record.year:
        record.score_summary = score_summary(record.year, record.station_id)
