"""Factories for training sessions, attendance and initiative posts."""

import datetime

import factory

from gifu_taisaku.orgs.models import Measure, PromotionItem
from tests.factories import UserFactory
from training.choices import InstructorKind
from training.models import Attendance, InitiativePost, TrainingSession

D_MEASURES = {
    "D01": "外国人の特性・言語等に対する理解を深める共生に向けた教養",
    "D02": "通訳人等を交えた外国人に対する職務質問訓練",
    "D03": "外国人に係る拾得物受理等各種手続に関する対応",
}


def d_measure(code: str = "D01") -> Measure:
    """A 別表 D measure, created on first use (tests do not load the reference fixtures)."""
    found, _ = Measure.objects.get_or_create(
        code=code,
        defaults={
            "name": D_MEASURES.get(code, code),
            "promotion_item": PromotionItem.TRAINING,
            "sort_order": int(code[1:]),
        },
    )
    return found


def d_measures() -> list[Measure]:
    return [d_measure(code) for code in D_MEASURES]


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A D01 session of 2025; pass owning_unit (and created_by to name the author)."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    measure = factory.LazyFunction(d_measure)
    topic = factory.Sequence(lambda n: f"ブラジルの文化と生活習慣 第{n}回")
    date = datetime.date(2025, 6, 10)
    duration_minutes = 60
    instructor_kind = InstructorKind.INTERNAL
    instructor_name = "国際捜査課 通訳センター"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def attendees(obj, create, extracted, **kwargs):
        """TrainingSessionFactory(attendees=[user, …]) records their attendance."""
        if create and extracted:
            Attendance.objects.bulk_create(Attendance(session=obj, user=u) for u in extracted)


class InitiativePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativePost

    title = factory.Sequence(lambda n: f"ごみ出しルールの多言語ちらし 第{n}号")
    content = "自治会と協力し、ポルトガル語・ベトナム語のちらしを作成して配布した。"
    people = "地域課・生活安全課、○○地区自治会"
    result = "集積所でのトラブル相談が半減した。"
    created_by = factory.SubFactory(UserFactory)
