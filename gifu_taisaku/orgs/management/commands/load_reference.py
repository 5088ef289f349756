"""Load the reference fixtures without overwriting anything an admin has edited.

Run by `make run` and `seed_demo`: rows missing from the database (by primary key) are
inserted; rows already there are left exactly as they are; org-unit paths are repaired.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from gifu_taisaku.orgs.services import reference_load


class Command(BaseCommand):
    help = (
        "参照データ（組織・市町村・管轄区域・別表・国籍・言語）の不足分を登録します。"
        "既存の行は変更しません。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture-dir",
            type=Path,
            default=settings.BASE_DIR / "fixtures",
            help="fixture のディレクトリ（既定: fixtures/）",
        )

    def handle(self, *args, fixture_dir: Path, verbosity: int = 1, **options):
        results, repaired = reference_load(fixture_dir)
        for result in results:
            for rejected in result.rejected:  # shown even when quiet: someone must decide
                self.stderr.write(self.style.WARNING(f"{result.name}: 登録できません: {rejected}"))
        if verbosity >= 1:
            self._summary(results, repaired)

    def _summary(self, results, repaired: int) -> None:
        for r in results:
            self.stdout.write(f"{r.name}: 追加 {r.inserted} 件、既存 {r.existing} 件")
        if repaired:
            self.stdout.write(f"組織の path を {repaired} 件修正しました。")
        inserted = sum(r.inserted for r in results)
        self.stdout.write(self.style.SUCCESS(f"参照データを確認しました（追加 {inserted} 件）。"))
