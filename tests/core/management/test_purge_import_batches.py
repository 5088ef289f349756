"""Abandoned import previews (staged rows with names and figures) do not stay forever."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from gifu_taisaku.core.models import ImportBatch, ImportBatchStatus


def batch(org, user, *, hours_ago: float, status=ImportBatchStatus.PENDING) -> ImportBatch:
    staged = ImportBatch.objects.create(
        uploaded_by=user,
        target="activities.activity",
        owning_unit=org.gifunaka,
        filename="活動記録.xlsx",
        rows=[{"title": "巡回連絡"}],
        status=status,
    )
    # created_at is auto_now_add: move it back with an update.
    created = timezone.now() - datetime.timedelta(hours=hours_ago)
    ImportBatch.objects.filter(pk=staged.pk).update(created_at=created)
    return staged


def test_pending_batches_older_than_a_day_are_deleted(org, officer_gifunaka, capsys):
    old = batch(org, officer_gifunaka, hours_ago=25)
    fresh = batch(org, officer_gifunaka, hours_ago=23)
    committed = batch(org, officer_gifunaka, hours_ago=24 * 30, status=ImportBatchStatus.COMMITTED)
    call_command("purge_import_batches")
    remaining = set(ImportBatch.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, committed.pk}
    assert old.pk not in remaining
    assert "1 件削除しました" in capsys.readouterr().out


def test_the_retention_window_is_a_setting(org, officer_gifunaka, settings):
    settings.IMPORT_BATCH_RETENTION_HOURS = 1
    batch(org, officer_gifunaka, hours_ago=2)
    call_command("purge_import_batches")
    assert not ImportBatch.objects.exists()
