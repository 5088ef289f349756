"""Factories for the partner directory, contacts and liaison records."""

import datetime

import factory

from gifu_taisaku.orgs.models import Measure, PromotionItem
from liaison.choices import LiaisonKind
from liaison.models import Contact, FollowUp, LiaisonRecord, Organisation, OrganisationKind
from tests.factories import UserFactory


def liaison_measure(code: str = "B01", name: str = "市町村担当部署との連携") -> Measure:
    """A 別表 item of 推進事項2, created on first use (tests do not load the fixtures)."""
    found, _ = Measure.objects.get_or_create(
        code=code, defaults={"name": name, "promotion_item": PromotionItem.LIAISON}
    )
    return found


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"テスト地区防犯パトロール隊{n}")
    kind = OrganisationKind.CRIME_PREVENTION


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact; pass owning_unit (the station that keeps it)."""

    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.COMPANY)
    name = factory.Sequence(lambda n: f"担当 花子{n}")
    title = "総務課長"
    phone = "058-000-0000"
    email = factory.Sequence(lambda n: f"tanto{n}@example.jp")
    created_by = factory.SubFactory(UserFactory)


class LiaisonRecordFactory(factory.django.DjangoModelFactory):
    """A B01 meeting of 2025 with one organisation; pass owning_unit (and created_by)."""

    class Meta:
        model = LiaisonRecord
        skip_postgeneration_save = True

    measure = factory.LazyFunction(liaison_measure)
    kind = LiaisonKind.MEETING
    title = factory.Sequence(lambda n: f"多文化共生推進会議 第{n}回")
    date = datetime.date(2025, 6, 1)
    summary = "市の多文化共生担当と外国人住民の状況について意見を交換した。"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(
                extracted or [OrganisationFactory(kind=OrganisationKind.MUNICIPAL)]
            )


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    description = factory.Sequence(lambda n: f"資料の送付 {n}")
    due_date = datetime.date(2025, 7, 1)
