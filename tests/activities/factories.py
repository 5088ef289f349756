"""Factories for activity records."""

import datetime

import factory

from activities.models import Activity
from gifu_taisaku.orgs.models import Measure, PromotionItem
from tests.factories import UserFactory


def measure(code: str = "A02", name: str = "外国人に対する110番通報講習") -> Measure:
    """A 別表 measure, created on first use (tests do not load the reference fixtures)."""
    item = PromotionItem.ENFORCEMENT if code == "A90" else PromotionItem.POLICE_ACTIVITIES
    found, _ = Measure.objects.get_or_create(
        code=code, defaults={"name": name, "promotion_item": item}
    )
    return found


class ActivityFactory(factory.django.DjangoModelFactory):
    """A 110番通報講習 of 2025; pass owning_unit (and created_by to name the author)."""

    class Meta:
        model = Activity

    measure = factory.LazyFunction(measure)
    title = factory.Sequence(lambda n: f"110番通報講習 第{n}回")
    date = datetime.date(2025, 6, 1)
    summary = "技能実習生を対象に110番の掛け方を説明した。"
    participants_total = 20
    participants_foreign = 18
    participants_children = 0
    created_by = factory.SubFactory(UserFactory)
