"""Demo commendation scoring for `manage.py seed_demo`: the schemes of 令和6年 and 令和7年
(so the ranking shows the change from last year) and demo foreign-resident figures for the
demo stations' municipalities. Idempotent: nothing is added when the 令和7年 scheme exists.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from commendations.choices import Normalisation
from commendations.models import Scheme, SchemeMetric
from gifu_taisaku.accounts.models import User
from gifu_taisaku.orgs.models import ForeignPopulation, Municipality

YEARS = (2024, 2025)
N, OFFICERS, FOREIGN = (
    Normalisation.NONE,
    Normalisation.PER_100_OFFICERS,
    Normalisation.PER_1000_FOREIGN,
)
# metric, weight, normalisation, cap: volume counts per head and capped, so that a large
# urban station does not win on volume alone.
METRICS = (
    ("activities", "1", OFFICERS, "250"),
    ("interpreter_visits", "3", N, "20"),
    ("foreign_participants", "0.5", FOREIGN, "100"),
    ("children_programmes", "2", N, "10"),
    ("enforcement_cases", "2", N, "10"),
    ("liaison_events", "2", N, "15"),
    ("follow_ups_on_time", "1", N, "10"),
    ("intel_confirmed", "2", N, "10"),
    ("intel_signs", "2", N, "5"),
    ("intel_cases", "5", N, "5"),
    ("training_coverage", "0.2", N, None),
    ("initiatives", "3", N, "5"),
)
# Demo figures (rounded, not official statistics) for the demo stations' municipalities.
DEMO_POPULATION = {
    "212016": 14000,  # 岐阜市
    "212024": 6000,  # 大垣市
    "213811": 600,  # 神戸町
    "213829": 400,  # 輪之内町
    "213837": 700,  # 安八町
    "212148": 8500,  # 可児市
    "215210": 500,  # 御嵩町
}
DEMO_SOURCE = "デモ用の概数"


def seed() -> str:
    """Create the demo schemes unless they exist; return a line for the command's output."""
    if Scheme.objects.filter(year=YEARS[-1]).exists():
        return "デモの表彰の評価基準は作成済みです（追加しません）。"
    admin = User.objects.get(username="admin.hq")
    with transaction.atomic():
        ensure_population()
        for year in YEARS:
            make_scheme(year, admin)
    return f"デモの表彰の評価基準（{len(YEARS)}年分）を作成しました。"


def make_scheme(year: int, admin) -> Scheme:
    scheme, created = Scheme.objects.get_or_create(
        year=year, defaults={"created_by": admin, "notes": "デモ用の評価基準"}
    )
    if created:
        SchemeMetric.objects.bulk_create(
            SchemeMetric(
                scheme=scheme,
                metric=metric,
                weight=Decimal(weight),
                normalisation=how,
                cap=None if cap is None else Decimal(cap),
                sort_order=order,
            )
            for order, (metric, weight, how, cap) in enumerate(METRICS)
        )
    return scheme


def ensure_population() -> None:
    """Demo figures for each demo year where the municipality has none."""
    known = set(Municipality.objects.filter(pk__in=DEMO_POPULATION).values_list("pk", flat=True))
    for year in YEARS:
        for code, count in DEMO_POPULATION.items():
            if code in known:
                ForeignPopulation.objects.get_or_create(
                    municipality_id=code,
                    year=year,
                    defaults={
                        "as_of": datetime.date(year, 12, 31),
                        "count": count,
                        "source": DEMO_SOURCE,
                    },
                )
