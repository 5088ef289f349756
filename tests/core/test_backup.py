"""Backup and restore drill: seed, back up, wipe, restore, compare every table.

Runs on the suite's database (SQLite's online backup API, or pg_dump/pg_restore on
PostgreSQL), with committed data: the client binaries use their own connections.
Also: purged intel stays purged when an older backup comes back, and the command's guards.
"""

import datetime
import hashlib
import io
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from gifu_taisaku.core import backup
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction, AuditEvent
from intel.models import Entity, IntelReport, PurgedReport
from intel.purge import report_purge
from intel.restore import REAPPLIED
from tests.activities.factories import ActivityFactory
from tests.intel.factories import EntityFactory, IntelReportFactory, mention
from tests.intel.test_purge import rows_containing
from tests.liaison.factories import FollowUpFactory, LiaisonRecordFactory
from tests.training.factories import TrainingSessionFactory

AUDIT_TABLES = {"core_auditevent", "core_auditchainhead"}
TOKEN = "RSTR9K2Q"


def table_states() -> dict[str, tuple[int, str]]:
    """Every table of the database: (row count, SHA-256 over its sorted rows)."""
    states = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            states[table] = (len(rows), digest)
    return states


def audit_rows() -> list[tuple]:
    return list(AuditEvent.objects.order_by("id").values_list("id", "action", "hash"))


def wipe() -> None:
    """Drop every table: the restore must bring back schema and data."""
    if connection.vendor == "postgresql":
        backup.wipe_postgresql("default")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
        cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def run(name: str, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def seed(org, officer_gifunaka, officer_ogaki, approver_ogaki) -> None:
    """A little of every programme, with history rows (each save adds one) and audit events."""
    for _ in range(3):
        activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
        activity.title += "（改）"
        activity.save()
    record = LiaisonRecordFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    FollowUpFactory(record=record)
    TrainingSessionFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    mention(report, EntityFactory(name="共有の団地"))
    record_event(action=AuditAction.EXPORT, actor=officer_gifunaka, detail={"rows": 3})
    record_event(action=AuditAction.LOGIN, actor=approver_ogaki)


@pytest.mark.django_db(transaction=True)
def test_drill_backup_wipe_restore_gives_back_every_table(
    tmp_path, org, officer_gifunaka, officer_ogaki, approver_ogaki
):
    seed(org, officer_gifunaka, officer_ogaki, approver_ogaki)
    before, events_before = table_states(), audit_rows()
    assert before["intel_historicalintelreport"][0] >= 1
    assert before["activities_historicalactivity"][0] == 6

    target = tmp_path / "drill.backup"
    output = run("backup", str(target))
    assert "バックアップを作成しました" in output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds every confidential field
    assert backup.file_kind(target) == connection.vendor

    # A damaged file is refused, and the database stays as it was.
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(target.read_bytes()[: target.stat().st_size * 2 // 3])
    refusal = r"読み取れません|読み切れません|失敗しました|壊れています"
    with pytest.raises(CommandError, match=refusal) as refused:
        run("restore", str(truncated), "--force", "--noinput", "--no-safety-backup")
    print(refused.value)  # which guard caught it, for the curious (-s)
    unchanged = table_states()
    assert {t: s for t, s in unchanged.items() if t not in AUDIT_TABLES} == {
        t: s for t, s in before.items() if t not in AUDIT_TABLES
    }

    wipe()
    output = run("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert "から復元しました" in output

    after = table_states()
    assert after.keys() == before.keys()
    for table, state in before.items():
        if table not in AUDIT_TABLES:
            assert after[table] == state, table
    # The trail is the backup's (its own backup event came later) plus the restore's event.
    events_after = audit_rows()
    assert events_after[: len(events_before)] == events_before
    assert [action for _, action, _ in events_after[len(events_before) :]] == ["db_restored"]
    assert "改ざんは見つかりません" in run("verify_audit")
    # Sequences came back too: new rows do not collide with restored ones.
    ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)


@pytest.mark.django_db(transaction=True)
def test_purged_intel_stays_purged_after_restoring_an_older_backup(
    tmp_path, org, officer_ogaki, approver_ogaki
):
    doomed = IntelReportFactory(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        title=f"件名{TOKEN}",
        details=f"詳細{TOKEN}",
    )
    doomed.summary = f"概要{TOKEN} 第2版"
    doomed.save()
    mention(doomed, EntityFactory(name=f"この報告だけの店{TOKEN}"))
    kept = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    older = tmp_path / "older.backup"
    run("backup", str(older))

    # After the backup: one report purged, and one created and purged.
    doomed_number = doomed.pk
    tombstone = report_purge(actor=approver_ogaki, report=doomed, reason="保存期限の経過")
    late = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    late_number = late.pk
    late_tombstone = report_purge(actor=approver_ogaki, report=late, reason="誤登録")
    PurgedReport.objects.filter(pk=tombstone.pk).update(
        purged_at=timezone.now() - datetime.timedelta(days=1)
    )
    tombstone.refresh_from_db()

    output = run(
        "restore", str(older), "--force", "--noinput", "--safety-backup-dir", str(tmp_path)
    )
    assert f"実態把握 第{doomed_number}号: 復元したデータから再び消去しました。" in output
    assert f"実態把握 第{late_number}号: 消去記録を戻しました。" in output

    assert not IntelReport.objects.filter(pk=doomed_number).exists()
    assert not IntelReport.history.filter(id=doomed_number).exists()
    assert not Entity.objects.filter(name__contains=TOKEN).exists()
    assert rows_containing(TOKEN) == []
    assert IntelReport.objects.filter(pk=kept.pk).exists()
    # The purge log reads as it did before the restore.
    for original in (tombstone, late_tombstone):
        restored = PurgedReport.objects.get(report_id=original.report_id)
        assert (restored.purged_at, restored.purged_by_id, restored.reason) == (
            original.purged_at,
            original.purged_by_id,
            original.reason,
        )
    reapplied = AuditEvent.objects.get(action=AuditAction.RECORD_PURGED)
    assert reapplied.reason.startswith(REAPPLIED)
    # The database as it was just before the restore was saved beside it.
    (safety,) = tmp_path.glob("before-restore-*")
    assert backup.file_kind(safety) == connection.vendor


# ---- the guards (no restore happens: they refuse before touching anything) ---------------


@pytest.fixture
def a_backup(tmp_path, db):
    """A file that looks like a backup of the suite's database kind (only its header is read
    before the guards refuse)."""
    path = tmp_path / "some.backup"
    magic = backup.PG_MAGIC if connection.vendor == "postgresql" else backup.SQLITE_MAGIC
    path.write_bytes(magic + b"\x00" * 64)
    return path


@override_settings(DEBUG=False)  # pytest-django's default too; production is the point
def test_restore_without_force_is_refused_when_debug_is_off(a_backup):
    with pytest.raises(CommandError, match="--force が必要です"):
        run("restore", str(a_backup), "--noinput")


def test_restore_asks_for_the_database_name(a_backup, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    with pytest.raises(CommandError, match="復元を取りやめました"):
        run("restore", str(a_backup), "--force")


def test_a_backup_of_the_other_database_kind_is_refused(tmp_path, db):
    other = backup.SQLITE_MAGIC if connection.vendor == "postgresql" else backup.PG_MAGIC
    path = tmp_path / "other.backup"
    path.write_bytes(other + b"\x00" * 64)
    with pytest.raises(CommandError, match="には復元できません"):
        run("restore", str(path), "--force", "--noinput")
    path.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="バックアップファイルではありません"):
        run("restore", str(path), "--force", "--noinput")


def test_backup_does_not_overwrite_a_file(a_backup):
    with pytest.raises(CommandError, match="既にあります"):
        run("backup", str(a_backup))
