"""Two people save the same record from the same version: one wins, the other is told and
keeps what they typed. 0 lost updates.

Every edit form of a versioned row (programme records, the partner directory and its
contacts) is read from the resolver. Sequentially (on every
database), the second save meets the conflict message with its input still in the form. On
PostgreSQL, the two saves also run at once in two threads, each with its own connection;
the model's full_clean() is slowed down inside the save's transaction so that the second
save certainly arrives while the first holds the row. The version check of
core.services.record_update locks the row (SELECT … FOR UPDATE) before comparing, so the
second waits, then sees the new version and is refused; a read-then-write check would let
both through, and the test fails (test_the_race_is_lost_without_the_row_lock).
"""

import threading
import time

import pytest
from django.db import connection, connections, models
from django.urls import reverse
from django.views.generic import UpdateView

from gifu_taisaku.core.models import Versioned
from gifu_taisaku.core.services import STALE_RECORD_MESSAGE
from liaison.models import Organisation
from tests.clients import Client
from tests.liaison.factories import OrganisationFactory
from tests.security.endpoints import endpoints
from tests.security.forms import post_form
from tests.security.test_idor import RECORD_MAKERS

# The directory is shared by every station, so it is not among the IDOR scan's makers.
EDITED_MAKERS = {
    **RECORD_MAKERS,
    Organisation: lambda unit, author, i, label: OrganisationFactory(name=label),
}

CONFLICT = str(STALE_RECORD_MESSAGE)[:20]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks: it serialises every write with one database lock",
)


def edit_urls() -> list[str]:
    """The edit form of every versioned model."""
    return sorted(
        e.name
        for e in endpoints()
        if e.view_class
        and issubclass(e.view_class, UpdateView)
        and e.model
        and issubclass(e.model, Versioned)
    )


def test_every_versioned_edit_url_is_covered():
    names = edit_urls()
    assert {"activities:update", "liaison:contact_edit", "liaison:organisation_edit"} <= set(names)
    missing = [
        n for n in names if next(e for e in endpoints() if e.name == n).model not in EDITED_MAKERS
    ]
    assert missing == [], "edit URLs of versioned rows without a maker"


class Editor:
    """One person's browser: the edit form as loaded, and what they type into it."""

    def __init__(self, user, url: str, model):
        self.client, self.url = Client(), url
        self.client.force_login(user)
        page = self.client.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}"
        self.pairs, _files = post_form(page.content.decode(), "")
        self.field = text_field(model, self.pairs)
        self.response = None

    def type(self, text: str) -> None:
        self.typed = text
        self.pairs = [(k, text if k == self.field else v) for k, v in self.pairs]

    def save(self) -> None:
        self.response = self.client.post(self.url, dict_of(self.pairs))

    @property
    def won(self) -> bool:
        return self.response.status_code == 302

    @property
    def told_and_kept(self) -> bool:
        page = self.response.content.decode()
        return self.response.status_code == 409 and CONFLICT in page and self.typed in page


def dict_of(pairs) -> dict:
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


def text_field(model, pairs) -> str:
    """The first free-text field of the form (a title, a topic)."""
    names = {k for k, _ in pairs}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField) and not field.choices and field.name in names:
            return field.name
    raise LookupError(f"{model.__name__}: no free-text field in its edit form")


def opens(user, url: str) -> bool:
    probe = Client()
    probe.force_login(user)
    return probe.get(url).status_code == 200


def two_editors(name: str, org, people):
    """Two people who may edit the record (the station's officer and approver; 本部 for
    本部's records), or one person's two sessions where only one may, with the same
    record's edit form open at the same version."""
    model = next(e for e in endpoints() if e.name == name).model
    record = EDITED_MAKERS[model](org.gifunaka, people[0], 0, "共同編集")
    url = reverse(name, kwargs={"pk": record.pk})
    able = [person for person in people if opens(person, url)]
    assert able, f"{url}: nobody may edit it"
    first = Editor(able[0], url, model)
    second = Editor(able[1] if len(able) > 1 else able[0], url, model)
    record.history_before = record.history.count()
    first.type("先に保存した内容")
    second.type("後から保存した内容")
    return model, record, first, second


@pytest.fixture
def people(officer_gifunaka, approver_gifunaka, admin_user):
    return [officer_gifunaka, approver_gifunaka, admin_user]


def assert_no_lost_update(model, record, editors) -> None:
    winners = [e for e in editors if e.won]
    losers = [e for e in editors if not e.won]
    assert len(winners) == 1, [e.response.status_code for e in editors]
    assert losers[0].told_and_kept, "the second saver must see the conflict and keep the input"
    saved = model.objects.get(pk=record.pk)
    assert getattr(saved, winners[0].field) == winners[0].typed
    assert saved.version == record.version + 1
    assert saved.history.count() == record.history_before + 1  # one save, not two


@pytest.mark.parametrize("name", edit_urls())
def test_second_save_from_the_same_version_is_refused(org, people, name):
    model, record, first, second = two_editors(name, org, people)
    first.save()
    second.save()
    assert first.won, first.response.context["form"].errors if first.response.context else ""
    assert_no_lost_update(model, record, [first, second])


def slow_clean(monkeypatch, model, seconds: float = 0.5):
    """full_clean() runs inside the save's transaction, after the version check."""
    original = model.full_clean

    def full_clean(self, *args, **kwargs):
        time.sleep(seconds)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "full_clean", full_clean)


def save_at_once(editors) -> None:
    start = threading.Barrier(len(editors))
    errors = []

    def run(editor):
        try:
            start.wait()
            editor.save()
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(e,)) for e in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", edit_urls())
def test_simultaneous_saves_lose_nothing(org, people, monkeypatch, name):
    model, record, first, second = two_editors(name, org, people)
    slow_clean(monkeypatch, model)
    save_at_once([first, second])
    assert_no_lost_update(model, record, [first, second])


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_race_is_lost_without_the_row_lock(org, people, monkeypatch):
    """The check of the test: with the version read without a lock, both saves pass."""
    from django.db.models import QuerySet

    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, **kwargs: self)
    model, _record, first, second = two_editors("activities:update", org, people)
    slow_clean(monkeypatch, model)
    save_at_once([first, second])
    # Both saved: a lost update, which the lock prevents.
    assert first.won
    assert second.won
