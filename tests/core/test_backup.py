"""Backup and restore drill: seed, back up, wipe, restore, compare every table.

Runs on the suite's database (SQLite's online backup API, or pg_dump/pg_restore on
PostgreSQL), with committed data: the client binaries use their own connections.
Also: purged intel stays purged when an older backup comes back, and the command's guards.
"""

import datetime
import hashlib
import io
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from gifu_taisaku.core import backup
from gifu_taisaku.core.attachments import attachment_add
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


# ---- files (MEDIA_ROOT) --------------------------------------------------------------------


@pytest.fixture
def media_root(tmp_path, settings):
    """Files in a local directory, as on one production machine (the suite keeps them in
    memory otherwise)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


def run_both(name: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def files_under(root) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def attach_photo(record, user, colour_seed: int = 0):
    from tests.core.files import upload

    content = image_bytes_of(colour_seed)
    return attachment_add(
        actor=user, record=record, upload=upload("写真.png", content), media_type="image/png"
    )


def image_bytes_of(seed: int) -> bytes:
    from tests.core.files import image_bytes

    return image_bytes("PNG", size=(4 + seed, 3))


def backed_up_with_a_photo(tmp_path, org, officer, name: str):
    """An activity with a photo, then a backup `name` (and its file archive); the path."""
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer)
    attach_photo(activity, officer)
    target = tmp_path / name
    run("backup", str(target))
    return target


@pytest.mark.django_db(transaction=True)
def test_the_files_come_back_with_the_database(tmp_path, media_root, org, officer_gifunaka):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    photo = attach_photo(activity, officer_gifunaka)
    saved = files_under(media_root)
    assert list(saved) == [photo.file.name]

    target = tmp_path / "with-files.backup"
    out, _ = run_both("backup", str(target))
    archive = backup.media_archive(target)
    assert f"添付ファイル等 1 件: {archive}" in out
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # the photos are as secret as the rows
    backed_up = AuditEvent.objects.get(action=AuditAction.DATABASE_BACKED_UP).detail
    assert (backed_up["media_files"], backed_up["media_sha256"]) == (
        1,
        backup.file_sha256(archive),
    )

    # After the backup: the photo is lost and a stray file appears.
    (media_root / photo.file.name).unlink()
    (media_root / "attachments" / "stray").write_bytes(b"later")
    out, err = run_both("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert f"添付ファイル等を {archive.name} から戻しました。" in out
    assert err == ""  # no row without its file
    assert files_under(media_root) == saved
    assert not [p for p in media_root.iterdir() if p.name.startswith(".restore-")]


@pytest.mark.django_db(transaction=True)
def test_a_purged_reports_files_stay_deleted_after_restoring_an_older_backup(
    tmp_path, media_root, org, officer_ogaki, approver_ogaki
):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    kept = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    secret_photo = attach_photo(report, officer_ogaki, colour_seed=1)
    kept_photo = attach_photo(kept, officer_ogaki, colour_seed=2)
    older = tmp_path / "older.backup"
    run("backup", str(older))
    report_purge(actor=approver_ogaki, report=report, reason="保存期限の経過")
    assert not (media_root / secret_photo.file.name).exists()

    out, err = run_both(
        "restore", str(older), "--force", "--noinput", "--safety-backup-dir", str(tmp_path)
    )
    assert "再び消去しました" in out
    assert err == ""
    assert list(files_under(media_root)) == [kept_photo.file.name]
    # The safety backup beside it has the files as they were just before the restore.
    (safety_archive,) = tmp_path.glob("before-restore-*.media.tar")
    with tarfile.open(safety_archive) as tar:
        assert [m.name for m in tar.getmembers() if m.isfile()] == [kept_photo.file.name]


@pytest.mark.django_db(transaction=True)
def test_a_row_without_its_file_is_reported(tmp_path, media_root, org, officer_gifunaka):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    photo = attach_photo(activity, officer_gifunaka)
    (media_root / photo.file.name).unlink()  # lost on disk before the backup was made
    target = tmp_path / "incomplete.backup"
    run("backup", str(target))
    _, err = run_both("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert f"添付ファイル 1 件の実体がありません（id={photo.pk}）。" in err


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_its_file_archive_leaves_the_files_alone(
    tmp_path, media_root, org, officer_gifunaka
):
    target = backed_up_with_a_photo(tmp_path, org, officer_gifunaka, "db-only.backup")
    backup.media_archive(target).unlink()
    saved = files_under(media_root)
    out, _ = run_both("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert "がないため、添付ファイル等（MEDIA_ROOT）は復元前のままです。" in out
    assert files_under(media_root) == saved


def write_archive(archive, *members: tarfile.TarInfo) -> None:
    archive.unlink(missing_ok=True)
    with tarfile.open(archive, "w") as tar:
        for info in members:
            tar.addfile(info, io.BytesIO(b"owned") if info.isfile() else None)


def member(name: str, kind=tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    info.size = 5 if kind == tarfile.REGTYPE else 0
    return info


HOSTILE_MEMBERS = {
    "parent": member("../escaped"),
    "link out": member("attachments/link-out", tarfile.SYMTYPE, "/etc/passwd"),
    "hard link out": member("attachments/hard", tarfile.LNKTYPE, "../../escaped"),
    "device": member("attachments/tty", tarfile.CHRTYPE),
}


@pytest.mark.parametrize("hostile", HOSTILE_MEMBERS.values(), ids=HOSTILE_MEMBERS.keys())
@pytest.mark.django_db(transaction=True)
def test_a_hostile_file_archive_is_refused_before_the_database_is_touched(
    tmp_path, media_root, org, officer_gifunaka, hostile
):
    target = backed_up_with_a_photo(tmp_path, org, officer_gifunaka, "hostile.backup")
    write_archive(backup.media_archive(target), member("attachments/fine"), hostile)
    ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)  # after the backup
    before, saved = table_states(), files_under(media_root)

    with pytest.raises(CommandError, match="を展開できません（データベースは変更されていません）"):
        run("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert {t: s for t, s in table_states().items() if t not in AUDIT_TABLES} == {
        t: s for t, s in before.items() if t not in AUDIT_TABLES
    }
    assert files_under(media_root) == saved
    assert not (tmp_path / "escaped").exists()
    assert not [p for p in media_root.iterdir() if p.name.startswith(".restore-")]


@pytest.mark.django_db(transaction=True)
def test_an_absolute_member_lands_inside_the_media_directory(tmp_path, media_root, db):
    target = tmp_path / "absolute.backup"
    run("backup", str(target))
    outside = tmp_path / "outside" / "absolute-escape"
    write_archive(backup.media_archive(target), member(str(outside)))
    run("restore", str(target), "--force", "--noinput", "--no-safety-backup")
    assert not outside.exists()
    assert (media_root / str(outside).lstrip("/")).read_bytes() == b"owned"


@pytest.mark.django_db(transaction=True)
def test_a_failed_database_restore_leaves_the_files_too(
    tmp_path, media_root, org, officer_gifunaka
):
    target = backed_up_with_a_photo(tmp_path, org, officer_gifunaka, "good.backup")
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(target.read_bytes()[: target.stat().st_size * 2 // 3])
    backup.media_archive(truncated).write_bytes(backup.media_archive(target).read_bytes())
    later = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    attach_photo(later, officer_gifunaka, colour_seed=3)  # after the backup
    saved = files_under(media_root)

    with pytest.raises(CommandError):
        run("restore", str(truncated), "--force", "--noinput", "--no-safety-backup")
    assert files_under(media_root) == saved
    assert not [p for p in media_root.iterdir() if p.name.startswith(".restore-")]


@pytest.mark.django_db(transaction=True)
def test_the_restore_says_which_audit_events_it_rolled_back_and_where_they_are(
    tmp_path, officer_gifunaka
):
    record_event(action=AuditAction.LOGIN, actor=officer_gifunaka)
    older = tmp_path / "older.backup"
    run("backup", str(older))  # its own audit event comes after the copy
    later = [record_event(action=AuditAction.EXPORT, actor=officer_gifunaka) for _ in range(2)]
    first_later = AuditEvent.objects.get(action=AuditAction.DATABASE_BACKED_UP).pk
    last_before = later[-1].pk

    out = run("restore", str(older), "--force", "--noinput", "--safety-backup-dir", str(tmp_path))
    (safety,) = tmp_path.glob("before-restore-*.backup")
    assert (
        f"復元前の監査記録のうち id={first_later}〜{last_before} は、バックアップより新しいため、"
        f"復元後の監査記録にはありません。復元前のバックアップ {safety.name} に残っています。"
    ) in out
    restored = AuditEvent.objects.get(action=AuditAction.DATABASE_RESTORED).detail
    assert restored["event_ids_rolled_back"] == [first_later, last_before]
    assert restored["trail_before_restore"]["last_event_id"] == last_before
    assert restored["safety_backup"] == {
        "file": safety.name,
        "sha256": backup.file_sha256(safety),
    }
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in later]).exists()

    # The safety backup does hold them: restoring it brings them back, chain intact.
    run("restore", str(safety), "--force", "--noinput", "--no-safety-backup")
    assert set(AuditEvent.objects.filter(pk__gte=first_later).values_list("pk", flat=True)) >= {
        e.pk for e in later
    }
    assert "改ざんは見つかりません" in run("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_without_a_safety_backup_the_rolled_back_events_are_said_to_be_gone(
    tmp_path, officer_gifunaka
):
    older = tmp_path / "older.backup"
    run("backup", str(older))
    record_event(action=AuditAction.EXPORT, actor=officer_gifunaka)
    out = run("restore", str(older), "--force", "--noinput", "--no-safety-backup")
    assert "復元前のバックアップを作らなかったため、ほかには残っていません。" in out
    assert (
        AuditEvent.objects.get(action=AuditAction.DATABASE_RESTORED).detail["safety_backup"] is None
    )
