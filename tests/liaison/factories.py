import factory

from liaison.models import Organisation, OrganisationKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"テスト地区防犯パトロール隊{n}")
    kind = OrganisationKind.CRIME_PREVENTION
