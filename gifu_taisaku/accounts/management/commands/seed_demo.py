"""Create the demo accounts named in docs/architecture.md (idempotent).

Programme apps extend the demo with records in their own issues.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.orgs.models import OrgUnit

# username, full name, unit code, role
DEMO_ACCOUNTS: tuple[tuple[str, str, str, Role], ...] = (
    ("officer.gifunaka", "岐阜中 太郎", "gifunaka", Role.OFFICER),
    ("approver.gifunaka", "岐阜中 次長", "gifunaka", Role.APPROVER),
    ("officer.ogaki", "大垣 花子", "ogaki", Role.OFFICER),
    ("officer.kani", "可児 健", "kani", Role.OFFICER),
    ("analyst.hq", "本部 分析官", "hq-kokusai", Role.ANALYST),
    ("admin.hq", "本部 管理者", "hq-kokusai", Role.ADMIN),
    ("auditor.hq", "本部 監査官", "hq-keimu", Role.AUDITOR),
)


class Command(BaseCommand):
    help = "デモ用の利用者を作成します（何度実行しても同じ結果になります）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="DEBUG が無効でも実行する（検証環境用）。"
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG が無効です。本番環境でデモデータを作らないでください（--force で強行）。"
            )
        password = settings.DEMO_PASSWORD
        if not password:
            raise CommandError("DEMO_PASSWORD を設定してください。")
        call_command("load_reference", verbosity=0)
        with transaction.atomic():
            for username, full_name, unit_code, role in DEMO_ACCOUNTS:
                self._ensure_account(username, full_name, unit_code, role, password)
        self.stdout.write(self.style.SUCCESS(f"デモ利用者 {len(DEMO_ACCOUNTS)} 名を用意しました。"))
        self._seed_programme_apps()

    def _seed_programme_apps(self) -> None:
        """Run each app's `demo.seed()` (activities/demo.py …) after the accounts exist.

        Found like admin.autodiscover, so accounts imports no programme app. Each `seed()`
        is idempotent itself and returns a line to print.
        """
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "demo"):
                self.stdout.write(import_module(f"{config.name}.demo").seed())

    def _ensure_account(self, username, full_name, unit_code, role, password) -> None:
        unit = OrgUnit.objects.get(code=unit_code)
        user, _ = User.objects.update_or_create(
            username=username, defaults={"full_name": full_name, "is_active": True}
        )
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
