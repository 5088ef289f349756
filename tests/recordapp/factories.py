import factory

from tests.factories import UserFactory
from tests.recordapp.models import Note


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    title = factory.Sequence(lambda n: f"巡回連絡 {n}")
    secret = "CANARY-秘匿-0001"
    created_by = factory.SubFactory(UserFactory)
