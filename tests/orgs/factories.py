"""factory_boy factories for the reference data (org units live in tests/factories.py)."""

import datetime

import factory

from gifu_taisaku.orgs.models import (
    ForeignPopulation,
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    MunicipalityKind,
    Nationality,
    PromotionItem,
    local_government_check_digit,
)
from tests.factories import OrgUnitFactory


def municipality_code(n: int) -> str:
    """A valid 6-digit code outside Gifu's range (prefecture 99), so it never clashes."""
    five = f"99{n % 1000:03d}"
    return five + local_government_check_digit(five)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(municipality_code)
    name = factory.Sequence(lambda n: f"テスト市{n}")
    kana = factory.Sequence(lambda n: f"てすとし{n}")
    kind = MunicipalityKind.CITY


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    station = factory.SubFactory(OrgUnitFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class ForeignPopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignPopulation

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    as_of = datetime.date(2024, 12, 31)
    count = factory.Sequence(lambda n: 100 + n)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"D{50 + n % 50:02d}")
    name = factory.Sequence(lambda n: f"テスト方策{n}")
    promotion_item = PromotionItem.TRAINING


class NationalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nationality

    code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")
    name = factory.Sequence(lambda n: f"テスト国{n}")


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language

    code = factory.Sequence(lambda n: f"q{chr(97 + n % 26)}")
    name = factory.Sequence(lambda n: f"テスト語{n}")
