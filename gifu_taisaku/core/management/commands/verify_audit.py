"""Check the audit trail's hash chain: exit 1 and name each altered, inserted or removed row."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from gifu_taisaku.core.audit_chain import verify_chain


class Command(BaseCommand):
    help = (
        "監査記録のハッシュの連鎖を検証します。変更・挿入・削除された記録があれば、その記録の"
        " ID を表示して終了コード 1 で終わります。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="検証するデータベース（既定: default）"
        )

    def handle(self, *args, database, **options):
        report = verify_chain(using=database)
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"改ざんの検出: {problem.message}"))
        if report.key_may_differ:
            self.stderr.write(
                "すべての記録でハッシュが一致しません。AUDIT_CHAIN_KEY（未設定なら SECRET_KEY）"
                "が記録したときの値と違う可能性があります。鍵を確かめてから再度検証してください。"
            )
        if report.problems:
            raise CommandError(
                f"監査記録 {report.checked} 件のうち、{len(report.problems)} か所で連鎖が"
                "壊れています。監査記録が改ざんされた可能性があります。",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"監査記録 {report.checked} 件の連鎖を確認しました。改ざんは見つかりません。"
            )
        )
        self.stdout.write(f"最後の記録: id={report.last_id} ハッシュ={report.last_hash}")
