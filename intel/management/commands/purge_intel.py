"""Purge intel reports past their retention limit (safe to run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from intel.purge import purge_expired


class Command(BaseCommand):
    help = "保存期限を過ぎ、見直し確認されていない実態把握を消去します（毎日実行できます）。"

    def handle(self, *args, **options):
        purged = purge_expired()
        for tombstone in purged:
            self.stdout.write(f"消去: {tombstone}")
        self.stdout.write(self.style.SUCCESS(f"{len(purged)} 件を消去しました。"))
