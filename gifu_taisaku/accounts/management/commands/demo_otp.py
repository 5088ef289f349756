"""Print the current second-factor code of the demo's HQ accounts (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gifu_taisaku.accounts.demo import current_demo_code, demo_manual_key


class Command(BaseCommand):
    help = "デモ用の本部利用者（analyst.hq など）の確認コードを表示します（DEBUG のときだけ）。"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG が無効です。デモ以外で使うことはできません。")
        code, seconds = current_demo_code()
        self.stdout.write(
            f"確認コード: {code}（あと{seconds}秒有効。同じコードは1回しか使えません）"
        )
        self.stdout.write(f"認証アプリに登録する場合のキー: {demo_manual_key()}")
