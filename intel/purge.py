"""Purging intel reports past their retention limit: nothing of the content may remain.

The report, its history rows, grants, notes, disseminations, attachments, notifications and
the entity links (with the entities no other report mentions, and their history) are
deleted; a tombstone keeps only number, category, unit, dates and who purged it and why.
Audit events stay (the trail is append-only) and name the report by number only.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import Attachment, AuditAction, Notification
from intel.models import Entity, IntelReport, PurgedReport, ReportEntity


def _delete_attachments(report: IntelReport) -> None:
    kind = ContentType.objects.get_for_model(IntelReport)
    for attachment in Attachment.objects.filter(content_type=kind, object_id=report.pk):
        attachment.file.delete(save=False)
        attachment.delete()


def _delete_entity_links(report: IntelReport) -> None:
    entity_ids = list(report.entity_links.values_list("entity_id", flat=True))
    # Rows first, then history: deleting a row makes simple-history add a "-" history row
    # that copies it (justification, entity name), so history deleted earlier comes back.
    report.entity_links.all().delete()
    ReportEntity.history.filter(report_id=report.pk).delete()
    orphans = (
        Entity.objects.filter(pk__in=entity_ids)
        .annotate(uses=Count("report_links"))
        .filter(uses=0)
        .values_list("pk", flat=True)
    )
    orphan_ids = list(orphans)
    Entity.objects.filter(pk__in=orphan_ids).delete()
    Entity.history.filter(id__in=orphan_ids).delete()


def report_purge(*, actor, report: IntelReport, reason: str) -> PurgedReport:
    """Delete every trace of one report and leave a tombstone. `actor` is None for the job."""
    with transaction.atomic():
        tombstone = PurgedReport.objects.create(
            report_id=report.pk,
            category_code=report.measure.code,
            owning_unit=report.owning_unit,
            created_on=timezone.localtime(report.created_at).date(),
            last_validated_on=report.last_validated_at,
            retention_until=report.retention_until,
            purged_by=actor,
            reason=reason,
        )
        _delete_attachments(report)
        _delete_entity_links(report)
        Notification.objects.filter(url=report.get_absolute_url()).delete()
        report_pk = report.pk
        report.delete()  # grants, notes and disseminations cascade
        IntelReport.history.filter(id=report_pk).delete()
        record_event(action=AuditAction.RECORD_PURGED, actor=actor, target=tombstone, reason=reason)
    return tombstone


def purge_expired(*, today=None) -> list[PurgedReport]:
    """Purge every report whose retention limit has passed without re-validation."""
    today = today or timezone.localdate()
    expired = IntelReport.objects.filter(retention_until__lt=today).select_related(
        "measure", "owning_unit"
    )
    return [
        report_purge(actor=None, report=report, reason="保存期限の経過（自動消去）")
        for report in expired
    ]
