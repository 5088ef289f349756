"""Factories for intel reports and the entities they mention."""

import datetime

import factory

from intel.choices import EntityKind, Secrecy
from intel.models import Entity, IntelReport, ReportEntity
from tests.activities.factories import measure
from tests.factories import UserFactory

SECRET_CANARY = "CANARY-秘-7F3A9"


class IntelReportFactory(factory.django.DjangoModelFactory):
    """A 部内限り report about a residential area (C01); pass owning_unit and created_by."""

    class Meta:
        model = IntelReport

    measure = factory.LazyFunction(lambda: measure("C01", "外国人が多く居住する地域"))
    information_date = datetime.date(2025, 6, 1)
    title = factory.Sequence(lambda n: f"集住地域の状況 {n}")
    summary = "団地の自治会役員から聞き取り。"
    details = "詳細な聞き取り内容。"
    source_grade = "2"
    information_grade = "B"
    secrecy = Secrecy.INTERNAL
    created_by = factory.SubFactory(UserFactory)


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    kind = EntityKind.PLACE
    name = factory.Sequence(lambda n: f"テスト団地{n}")


def mention(report: IntelReport, entity: Entity | None = None, **fields) -> ReportEntity:
    return ReportEntity.objects.create(report=report, entity=entity or EntityFactory(), **fields)
