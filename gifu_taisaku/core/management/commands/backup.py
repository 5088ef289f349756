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
        "権限 0600 で作成します。添付ファイル（MEDIA_ROOT）は別にコピーしてください。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="作成するバックアップファイル（既にあるファイルは上書きしません）"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="対象のデータベース")

    def handle(self, *args, file: str, database: str, **options):
        target = Path(file)
        try:
            digest = backup.backup(database, target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        record_event(
            action=AuditAction.DATABASE_BACKED_UP,
            username=operator(),
            detail={"file": target.name, "sha256": digest},
        )
        self.stdout.write(self.style.SUCCESS(f"バックアップを作成しました: {target}"))
        self.stdout.write(f"SHA-256: {digest}")
