"""Delete import previews that were never committed, and empty old committed batches.

An upload is staged as an `ImportBatch` holding every parsed row (personal names and
figures of up to 10,000 rows) until its uploader commits it. A preview abandoned in the
browser would keep that copy forever, so this command, run daily beside `purge_intel`,
deletes pending batches older than `IMPORT_BATCH_RETENTION_HOURS` (default 24). Committed
batches stay as the record of who imported what, with their rows already emptied.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from gifu_taisaku.core.models import ImportBatch, ImportBatchStatus

DEFAULT_RETENTION_HOURS = 24


def purge_abandoned_batches(now: datetime.datetime | None = None) -> int:
    """Delete pending batches created before the retention window; return how many."""
    hours = getattr(settings, "IMPORT_BATCH_RETENTION_HOURS", DEFAULT_RETENTION_HOURS)
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=hours)
    abandoned = ImportBatch.objects.filter(status=ImportBatchStatus.PENDING, created_at__lt=cutoff)
    deleted, _ = abandoned.delete()
    return deleted


class Command(BaseCommand):
    help = "確定されずに残った Excel 取込みの確認データ（既定 24 時間超）を削除します。"

    def handle(self, *args, **options):
        deleted = purge_abandoned_batches()
        self.stdout.write(f"未確定の取込みデータを {deleted} 件削除しました。")
