"""Fuzzing the query string: hostile values in the parameters of every page that answers GET.
0 server errors, and a GET changes no row (only the audit trail may grow: a read is logged).

The URLs and the users come from the resolver and the authorization matrix, as in
test_fuzz_forms.py (and the auditor, for the audit log). Each page is opened by the first
user it answers 200 for; its
parameters are the fields of its GET forms (filters, date ranges, sorting) plus those every
list reads (`page`, `sort`, `per_page`). Every parameter is then set to one hostile value at
once (the sweep), and on pages with a GET form hypothesis breaks up to three of them.
"""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.security.endpoints import endpoints
from tests.security.forms import query_fields, urlencode_raw
from tests.security.test_fuzz_forms import FUZZ_SETTINGS, HOSTILE, SURROGATE, row_counts
from tests.test_authorization_matrix import MATRIX

# Read by every list whatever its form shows (pagination links, sortable headers).
LIST_PARAMETERS = ("page", "sort", "per_page")
SWEEP = (SURROGATE, "長" * 5_000, "9" * 30, "令和99年13月1日")


def get_urls() -> list[str]:
    return sorted(e.name for e in endpoints() if "get" in e.methods and e.name in MATRIX)


class Page:
    """One GET URL, the first user it opens for, and the parameters it reads."""

    def __init__(self, client, world, name: str, users: list):
        self.client = client
        self.url = reverse(name, kwargs=MATRIX[name].kwargs(world))
        for user in users:
            self.user = user
            self.login()
            response = self.client.get(self.url)
            if response.status_code == 200:
                break
        else:
            pytest.skip(f"{name}: answers 200 to nobody (a redirect or a download only)")
        html = response.content.decode(errors="replace") if _is_html(response) else ""
        self.form_fields = query_fields(html)
        self.parameters = sorted({*self.form_fields, *LIST_PARAMETERS})

    def login(self):
        self.client.logout()
        if self.user is not None:
            user, otp = self.user
            self.client.force_login(user, otp=otp)

    def problems(self, pairs: list[tuple[str, str]]) -> list[str]:
        """GET with `pairs` raw (invalid UTF-8 and all); what went wrong."""
        self.login()
        before = row_counts()
        query = urlencode_raw(pairs).decode("ascii")
        try:
            response = self.client.get(f"{self.url}?{query}")
        except Exception as error:  # the test client re-raises the view's error: a 500
            return [f"{self.url}?{query[:200]}: 500 {type(error).__name__}: {error}"[:500]]
        found = []
        if response.status_code >= 500:
            found.append(f"{self.url}?{query[:200]}: {response.status_code}")
        after = row_counts()
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        if changed:
            found.append(f"{self.url}: a GET wrote {changed}")
        return found


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


MUTATIONS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=100), st.sampled_from(HOSTILE) | st.text()),
    min_size=1,
    max_size=3,
)


@pytest.mark.parametrize("name", get_urls())
def test_hostile_query_strings_never_fail_or_write(client, fuzz_users, auditor, name):
    world, users = fuzz_users
    page = Page(client, world, name, [*users, (auditor, True)])
    problems = []
    for value in SWEEP:
        problems += page.problems([(k, value) for k in page.parameters])
    assert problems == []
    if not page.form_fields:
        return

    @FUZZ_SETTINGS
    @given(mutations=MUTATIONS)
    def fuzz(mutations):
        pairs = [(page.parameters[i % len(page.parameters)], v) for i, v in mutations]
        assert page.problems(pairs) == []

    fuzz()


def test_the_query_fuzzer_reports_a_server_error(client, fuzz_users, monkeypatch):
    """The check itself: a list whose filter fails on a hostile value is reported."""
    from activities import views

    world, users = fuzz_users
    page = Page(client, world, "activities:list", users)
    assert "date_from" in page.form_fields

    def fails(self, *args, **kwargs):
        raise ValueError("year 99999 is out of range")

    monkeypatch.setattr(views.ActivityListView, "get_context_data", fails)
    assert "500 ValueError" in page.problems([("date_from", "99999-01-01")])[0]
