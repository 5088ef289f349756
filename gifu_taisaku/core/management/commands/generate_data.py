"""`manage.py generate_data --scale N`: synthetic data at scale for the benchmark (issue 9)."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gifu_taisaku.core import synthetic


class Command(BaseCommand):
    help = (
        "ベンチマーク用の合成データを一括投入します（--scale 1 で県全体の約10年分："
        "活動100万件ほか）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.01, help="1 = 県全体の約10年分（既定 0.01）"
        )
        parser.add_argument("--seed", type=int, default=synthetic.SEED)
        parser.add_argument(
            "--force", action="store_true", help="DEBUG が無効でも、生成済みでも実行する。"
        )

    def handle(self, *args, scale: float, seed: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG が無効です。本番環境で合成データを作らないでください。")
        if scale <= 0:
            raise CommandError("--scale は正の数にしてください。")
        if synthetic.generated_exists() and not force:
            raise CommandError("合成データは生成済みです（--force で追加生成）。")
        call_command("load_reference", verbosity=0)
        started = time.monotonic()
        self.stdout.write(f"合成データを生成します（scale {scale}）。")
        counts = synthetic.Generator(scale, seed=seed, log=self.stdout.write).run()
        synthetic.analyze()
        took = time.monotonic() - started
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows:,} 行を {took:.1f} 秒で投入しました（{rows / took:,.0f} 行/秒）。"
            )
        )
