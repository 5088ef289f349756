"""factory_boy factories for the foundation's models."""

import factory

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.orgs.models import OrgUnit, OrgUnitKind

TEST_PASSWORD = "correct-horse-battery-staple-42"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"テスト警察署{n}")
    kind = OrgUnitKind.STATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"岐阜 太郎{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.OFFICER


def member(username: str, unit: OrgUnit, role: Role, **extra) -> User:
    """A user with one membership: member("officer.gifunaka", gifunaka, Role.OFFICER)."""
    user = UserFactory(username=username, **extra)
    MembershipFactory(user=user, unit=unit, role=role)
    return user
