"""`manage.py restore FILE`: replace the whole database with a backup (see core.backup).

Destructive, so: refused without --force when DEBUG is off, asks for the database name
unless --noinput, writes a safety backup of the current database first (unless
--no-safety-backup), and re-applies the intel purge log afterwards.

An older backup takes the audit trail back too. The events it rolls back are named (their id
range) on screen and in the restore's own audit event, with the safety backup (file name and
SHA-256) that still holds them: restoring a backup cannot quietly erase audit history.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from gifu_taisaku.core import backup
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.audit_chain import trail_head, verify_chain
from gifu_taisaku.core.management.commands.backup import operator
from gifu_taisaku.core.models import AuditAction


@dataclass(frozen=True)
class SafetyBackup:
    path: Path
    sha256: str


class Command(BaseCommand):
    help = (
        "バックアップファイルからデータベース全体を復元します（現在の内容はすべて置き換わります）。"
        "添付ファイル等は「ファイル名.media.tar」があれば一緒に戻します。"
        "復元の前に現在のデータベースを安全のためバックアップし、復元後は消去済みの実態把握を"
        "再び消去します。DEBUG が無効な環境では --force が必要です。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="復元するバックアップファイル")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="対象のデータベース")
        parser.add_argument(
            "--force", action="store_true", help="本番環境（DEBUG 無効）でも復元する"
        )
        parser.add_argument(
            "--noinput", "--no-input", dest="interactive", action="store_false",
            help="確認の入力を求めない",
        )  # fmt: skip
        parser.add_argument(
            "--safety-backup-dir",
            help="復元前のバックアップを置くディレクトリ（既定: 復元するファイルと同じ場所）",
        )
        parser.add_argument(
            "--no-safety-backup", action="store_true", help="復元前のバックアップを作らない"
        )

    def handle(self, *args, file, database, force, interactive, **options):
        source = Path(file)
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG が無効な環境（本番）での復元には --force が必要です。"
                "現在のデータはすべてバックアップの内容に置き換わります。"
            )
        try:
            backup.check_backup_file(database, source)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(
                f"データベース「{name}」の内容をすべて {source} の内容に置き換えます。\n"
                "続けるにはデータベース名を入力してください: "
            )
            if answer.strip() != str(name):
                raise CommandError("復元を取りやめました。")

        safety = None
        if not options["no_safety_backup"]:
            directory = Path(options["safety_backup_dir"] or source.resolve().parent)
            safety = self._safety_backup(database, source, directory)
        trail_before = trail_head(database)
        try:
            result = backup.restore(database, source)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if result.migrated:
            self.stdout.write("バックアップのスキーマが古いため、マイグレーションを適用しました。")
        self._report_files(source, result)
        for line in result.messages:
            self.stdout.write(line)
        rolled_back = self._report_rolled_back_trail(trail_before, result.trail_head, safety)
        record_event(
            action=AuditAction.DATABASE_RESTORED,
            username=operator(),
            detail={
                "file": source.name,
                "sha256": result.sha256,
                "media_restored": result.media_restored,
                "purges_reapplied": len(result.messages),
                # Where the events this restore rolled back can still be read.
                "trail_before_restore": trail_before,
                "event_ids_rolled_back": rolled_back,
                "safety_backup": (
                    {"file": safety.path.name, "sha256": safety.sha256} if safety else None
                ),
            },
        )
        self.stdout.write(self.style.SUCCESS(f"{source} から復元しました。"))
        chain = verify_chain(using=database)
        if chain.problems:
            for problem in chain.problems:
                self.stderr.write(self.style.WARNING(f"監査記録の連鎖: {problem.message}"))
        else:
            self.stdout.write(f"監査記録 {chain.checked} 件の連鎖を確認しました。")

    def _safety_backup(self, database: str, source: Path, directory: Path) -> SafetyBackup:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = directory / f"before-restore-{stamp}{source.suffix or '.backup'}"
        try:
            made = backup.backup(database, path)
        except backup.BackupError as error:
            raise CommandError(
                f"復元前のバックアップに失敗したため中止しました: {error}"
            ) from error
        self.stdout.write(f"復元前のデータベースを保存しました: {path}")
        return SafetyBackup(path, made.sha256)

    def _report_rolled_back_trail(self, before, after, safety) -> list[int] | None:
        """Say which audit events the restore took back, the backup being older than they
        are; return their id range. They are not lost: the safety backup holds them."""
        last_before = (before or {}).get("last_event_id") or 0
        last_after = (after or {}).get("last_event_id") or 0
        if last_before <= last_after:
            return None
        where = (
            f"復元前のバックアップ {safety.path.name} に残っています。"
            if safety
            else "復元前のバックアップを作らなかったため、ほかには残っていません。"
        )
        self.stdout.write(
            self.style.WARNING(
                f"復元前の監査記録のうち id={last_after + 1}〜{last_before} は、バックアップより"
                f"新しいため、復元後の監査記録にはありません。{where}"
            )
        )
        return [last_after + 1, last_before]

    def _report_files(self, source: Path, result: backup.RestoreResult) -> None:
        archive = backup.media_archive(source).name
        if result.media_restored:
            self.stdout.write(f"添付ファイル等を {archive} から戻しました。")
        elif backup.local_media_root() is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"{archive} がないため、添付ファイル等（MEDIA_ROOT）は復元前のままです。"
                )
            )
        for line in result.missing_files:
            self.stderr.write(self.style.WARNING(line))
