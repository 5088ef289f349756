"""`manage.py backup FILE`: a consistent copy of the whole database (see core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from gifu_taisaku.core import backup
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction


def operator() -> str:
    """Who ran the command, for the audit trail (the OS account; there is no web user)."""
    import getpass

    try:
        return f"manage.py ({getpass.getuser()})"
    except (KeyError, OSError):
        return "manage.py"


class Command(BaseCommand):
    help = (
        "データベース全体をバックアップします（PostgreSQL は pg_dump のカスタム形式、"
        "SQLite はオンラインバックアップ）。ファイルには秘匿情報も含まれるため、"
        "権限 0600 で作成します。添付ファイル等が MEDIA_ROOT にあるときは、その一式を"
        "「ファイル名.media.tar」として同じ場所に作成します。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="作成するバックアップファイル（既にあるファイルは上書きしません）"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="対象のデータベース")

    def handle(self, *args, file: str, database: str, **options):
        target = Path(file)
        try:
            result = backup.backup(database, target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        detail = {"file": target.name, "sha256": result.sha256}
        if result.media_archive is not None:
            detail |= {
                "media_file": result.media_archive.name,
                "media_sha256": result.media_sha256,
                "media_files": result.media_files,
            }
        record_event(action=AuditAction.DATABASE_BACKED_UP, username=operator(), detail=detail)
        self.stdout.write(self.style.SUCCESS(f"バックアップを作成しました: {target}"))
        self.stdout.write(f"SHA-256: {result.sha256}")
        if result.media_archive is None:
            self.stdout.write(
                "添付ファイル等はオブジェクトストレージにあるため、ここには含めていません"
                "（ストレージ側のバージョン管理で保護してください）。"
            )
        else:
            self.stdout.write(
                f"添付ファイル等 {result.media_files} 件: {result.media_archive}"
                f"（SHA-256: {result.media_sha256}）"
            )
