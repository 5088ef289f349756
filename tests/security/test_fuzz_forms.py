"""Fuzzing: raw POSTs with hostile values to every URL that accepts POST. 0 server errors,
and a refused POST writes nothing.

The URLs come from the resolver (tests/security/endpoints.py); each is opened with the
objects and the first role the authorization matrix gives it (tests/test_authorization_
matrix.py), so a new form is fuzzed as soon as it is routed and in the matrix. The starting
point is the form as the page renders it (for a create page, the edit page's form of an
existing record: a valid submission), from which each example breaks up to three fields:
NUL bytes, lone surrogates (sent as the invalid UTF-8 a broken client sends), 100,000
characters, wrong types, huge numbers, impossible dates, a field left out, or a field sent
twice (list instead of scalar).

Each POST must answer without a server error. When it is refused (a page with errors, a
4xx, or a redirect carrying an error message) no row of the programme, master-data or
account tables, nor of their history, may have been added or removed; when it succeeds,
what it saved must validate and carry its history.

FUZZ_EXAMPLES (default 8) sets hypothesis' examples per URL: CI keeps it small; raise it
locally for a deeper run. Under CI the examples are derandomized, so that a run on a clean
clone fails only for a change in the code, never for the luck of the draw; local runs keep
exploring new inputs (that is how the scheme-row 500 was found).
"""

import datetime
import os

import pytest
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gifu_taisaku.core.models import RecordBase
from tests.security.endpoints import Endpoint, endpoints
from tests.security.forms import post_form, urlencode_raw
from tests.test_authorization_matrix import MATRIX

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# Hypothesis' settings of every fuzzing test: derandomized under CI (see above).
FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=os.environ.get("CI") == "true",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

NUL = "住所\x00; DROP TABLE"
SURROGATE = "\ud800名前\udfff"
HUGE_TEXT = "長" * 100_000
HOSTILE = (
    NUL,
    SURROGATE,
    HUGE_TEXT,
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "9" * 30,
    "-" + "9" * 20,
    "2147483648",
    "9223372036854775808",
    "2025-02-30",
    "令和7年2月30日",
    "平成31年5月1日",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "25:61",
    "<script>alert(1)</script>",
    "'; SELECT pg_sleep(1);--",
    "=cmd|' /C calc'!A0",
    "\r\n\t",
    "🇯🇵\u202e",
    "null",
    "[]",
    '{"a": 1}',
    "on",
    "true",
    "uuid-4b1c",
)
# A POST of these records, once it succeeds, must validate and have history.
SAVED_MODEL_APPS = ("activities", "liaison", "intel", "training", "commendations")
# Row counts compared around a refused POST: programme records, master data, accounts and
# grants, with their history. Not the audit trail (a refusal may be an audit event itself).
COUNTED_APPS = {*SAVED_MODEL_APPS, "core", "orgs", "accounts", "guardian"}
NOT_COUNTED = {"core.auditevent", "core.auditchainhead"}


def post_urls() -> list[Endpoint]:
    return [e for e in endpoints() if "post" in e.methods]


def test_every_post_url_is_fuzzed():
    """Each POST URL needs the matrix's objects to be fuzzed; a URL without them is unfuzzed."""
    assert [e.name for e in post_urls() if e.name not in MATRIX] == []


# --- Before and after ------------------------------------------------------------------------


def counted_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS
        and model._meta.label_lower not in NOT_COUNTED
        and not model._meta.proxy
    )


def row_counts() -> dict[str, int]:
    """Every counted table's row count, in one query."""
    tables = counted_tables()
    quote = connection.ops.quote_name
    # Table names come from the app registry, not from input.
    selects = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def refused(response) -> bool:
    """A page with errors, a 4xx, or a redirect whose only message is an error."""
    if response.status_code != 302:
        return True
    levels = {m.level for m in get_messages(response.wsgi_request)}
    return constants.ERROR in levels and constants.SUCCESS not in levels


def saved_records_problems(since: datetime.datetime) -> list[str]:
    """What is wrong with the records a successful POST saved: each must validate, keep its
    history, and hold no NUL (SQLite stores one where PostgreSQL refuses it)."""
    problems = []
    for model in apps.get_models():
        if model._meta.app_label not in SAVED_MODEL_APPS or not issubclass(model, RecordBase):
            continue
        for record in model.objects.filter(updated_at__gte=since):
            try:
                record.full_clean()
            except Exception as error:  # reported, not raised: list every problem
                problems.append(f"{model.__name__} {record.pk} saved invalid: {error}")
            if not record.history.filter(history_date__gte=since).exists():
                problems.append(f"{model.__name__} {record.pk} saved without history")
            texts = [getattr(record, f.attname) for f in model._meta.concrete_fields]
            if any(isinstance(v, str) and "\x00" in v for v in texts):
                problems.append(f"{model.__name__} {record.pk} saved a NUL byte")
    return problems


# --- Who posts, where, and what --------------------------------------------------------------


class Target:
    """One POST URL, the user who may use it, and the valid submission fuzzing starts from."""

    def __init__(self, client, world, endpoint: Endpoint, users: list):
        self.client, self.endpoint = client, endpoint
        self.url = reverse(endpoint.name, kwargs=MATRIX[endpoint.name].kwargs(world))
        self.user, self.pairs, self.files = self.choose(world, users)

    def login(self):
        self.client.logout()
        if self.user is not None:
            user, otp = self.user
            self.client.force_login(user, otp=otp)

    def choose(self, world, users):
        """The first user the page opens for (GET 200), with the form they see; else, for a
        URL that only redirects or answers POST, the first whose POST is not refused for
        role or scope (404 only if nobody gets further: the object of the matrix is a
        stand-in)."""
        for user in users:
            self.user = user
            self.login()
            page = self.client.get(self.url) if "get" in self.endpoint.methods else None
            if page is not None and page.status_code == 200:
                return user, *self.starting_form(world, page)
        for refused_statuses in ((403, 404, 405), (403, 405)):
            for user in users:
                self.user = user
                self.login()
                if user and self.client.post(self.url, {}).status_code not in refused_statuses:
                    return user, [], set()
        pytest.fail(f"{self.endpoint.name}: no user the matrix allows can open it")

    def starting_form(self, world, page) -> tuple[list, set]:
        """The form to start from; a create page starts from its edit page's form."""
        html = page.content.decode()
        namespace, _, view = self.endpoint.name.rpartition(":")
        edit = f"{namespace}:update"
        if view == "create" and edit in MATRIX:
            edit_url = reverse(edit, kwargs=MATRIX[edit].kwargs(world))
            edit_page = self.client.get(edit_url)
            if edit_page.status_code == 200:
                pairs, files = post_form(edit_page.content.decode(), "") or ([], set())
                return [(k, v) for k, v in pairs if k != "version"], files
        form = post_form(html, self.url) or post_form(html, "")
        return form or ([], set())

    def post(self, pairs: list[tuple[str, str]]):
        """POST `pairs` raw (urlencoded, surrogates and all)."""
        return self.client.generic(
            "POST", self.url, data=urlencode_raw(pairs), content_type=FORM_CONTENT_TYPE
        )


def mutate(pairs, mutations) -> list[tuple[str, str]]:
    """Apply (operation, field index, value) mutations to a copy of `pairs`."""
    pairs = list(pairs) or [("x", "")]
    for operation, index, value in mutations:
        name = pairs[index % len(pairs)][0] if pairs else "x"
        if operation == "replace":
            pairs = [(k, value if k == name else v) for k, v in pairs]
        elif operation == "drop":
            pairs = [(k, v) for k, v in pairs if k != name]
        elif operation == "repeat":  # a list where one value is expected
            pairs.append((name, value))
        elif operation == "rename":  # PHP-style list syntax and stray fields
            pairs.append((f"{name}[]", value))
    return pairs


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["replace", "replace", "replace", "drop", "repeat", "rename"]),
        st.integers(min_value=0, max_value=200),
        st.sampled_from(HOSTILE) | st.text(max_size=30),
    ),
    min_size=1,
    max_size=3,
)


def check(target: Target, pairs) -> list[str]:
    """POST `pairs`; what went wrong (a server error, a partial write, a bad record)."""
    target.login()  # again: a POST may have ended the session (logout, password change)
    before, since = row_counts(), datetime.datetime.now(datetime.UTC)
    try:
        response = target.post(pairs)
    except Exception as error:  # the test client re-raises the view's error: a 500
        return [f"{target.url}: 500 {type(error).__name__}: {error}"[:500]]
    if response.status_code >= 500:
        return [f"{target.url}: {response.status_code}"]
    if refused(response):
        after = row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        return [f"{target.url}: refused but wrote {changed}"] if changed else []
    return [f"{target.url}: {p}" for p in saved_records_problems(since)]


# Every field set to one hostile value at once, and nothing at all. (100,000 characters in
# every field at once is only a request too large: hypothesis puts them in one field.)
SWEEP = (NUL, SURROGATE, "9" * 30, "2025-02-30", None)


@pytest.mark.parametrize("name", sorted(e.name for e in post_urls() if e.name in MATRIX))
def test_hostile_posts_never_fail_or_write_partially(client, fuzz_users, name):
    world, users = fuzz_users
    endpoint = next(e for e in post_urls() if e.name == name)
    target = Target(client, world, endpoint, users)
    problems = []
    for value in SWEEP:
        pairs = [] if value is None else [(k, value) for k, _ in target.pairs]
        problems += check(target, pairs)
    assert problems == []

    @FUZZ_SETTINGS
    @given(mutations=MUTATIONS)
    def fuzz(mutations):
        found = check(target, mutate(target.pairs, mutations))
        assert found == []

    fuzz()


def test_the_fuzzer_reports_a_server_error_and_a_partial_write(client, fuzz_users, monkeypatch):
    """The checks themselves: a form that fails on a NUL byte, or writes a row and then
    refuses, is reported rather than passed."""
    from activities import views
    from tests.activities.factories import ActivityFactory

    world, users = fuzz_users
    endpoint = next(e for e in post_urls() if e.name == "activities:create")
    target = Target(client, world, endpoint, users)
    original = views.ActivityCreateView.form_invalid

    def fails_on_nul(self, form):
        raise RuntimeError("NUL reached the database")

    monkeypatch.setattr(views.ActivityCreateView, "form_invalid", fails_on_nul)
    assert "500 RuntimeError" in check(target, [("title", NUL)])[0]

    def writes_then_refuses(self, form):
        ActivityFactory(owning_unit=world.org.ogaki, created_by=world.ogaki_officer)
        return original(self, form)

    monkeypatch.setattr(views.ActivityCreateView, "form_invalid", writes_then_refuses)
    assert "refused but wrote" in check(target, [("title", NUL)])[0]
