"""List filters (core.filtering.apply_filters): date filters read 和暦 as record forms do;
master-data choices are kept per process."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core import filtering
from gifu_taisaku.core.filtering import clear_choices_cache
from tests.activities.factories import ActivityFactory
from tests.factories import member
from tests.orgs.factories import LanguageFactory


def test_a_date_filter_takes_wareki_and_full_width_digits(client, org, officer_gifunaka):
    early = ActivityFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, date=datetime.date(2025, 6, 1)
    )
    late = ActivityFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, date=datetime.date(2025, 6, 10)
    )
    client.force_login(officer_gifunaka)
    for typed in ("令和7年6月2日", "R7.6.2", "２０２５/０６/０２"):
        listed = client.get("/activities/", {"date_from": typed}).context["object_list"]
        assert list(listed) == [late], typed
    listed = client.get("/activities/", {"date_to": "令和7年6月1日"}).context["object_list"]
    assert list(listed) == [early]
    page = client.get("/activities/", {"date_from": "平成31年5月1日"}).content.decode()
    assert "平成31年5月1日という日付はありません" in page
    assert 'value="平成31年5月1日"' in page


# --- Master-data choices kept per process (issue 9) ----------------------------------------


def _language_queries(client, url="/activities/"):
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    return page, [q["sql"] for q in context.captured_queries if "orgs_language" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_master_data_choices_are_read_once_per_process_until_one_changes(client, org):
    """Outside a transaction (as in production) the filter's languages come from the
    process's copy; saving or deleting a language shows in the next page at once."""
    clear_choices_cache()
    officer = member("officer.cache", org.gifunaka, Role.OFFICER)
    client.force_login(officer)
    language = LanguageFactory(code="qa", name="テスト語甲")
    first, queries = _language_queries(client)
    assert '<option value="qa">テスト語甲</option>' in first
    assert queries  # read once…
    second, queries = _language_queries(client)
    assert queries == []  # …then kept
    assert second.count("<option") == first.count("<option")
    language.name = "テスト語乙"
    language.save()
    renamed, _ = _language_queries(client)
    assert "テスト語乙" in renamed
    assert "テスト語甲" not in renamed
    language.delete()
    assert "テスト語乙" not in _language_queries(client)[0]
    # A chosen value is still checked against the database, never against the copy.
    response = client.get("/activities/", {"language": "qa"})
    assert response.context["filter"].errors
    clear_choices_cache()


def test_inside_a_transaction_choices_are_always_read(client, org, officer_gifunaka):
    """Tests (and any code in a transaction) never fill or read the process's copy: rows of
    an uncommitted or rolled-back transaction must not reach other requests."""
    clear_choices_cache()
    client.force_login(officer_gifunaka)
    LanguageFactory(code="qb", name="テスト語丙")
    for _ in range(2):
        page, queries = _language_queries(client)
        assert queries
        assert "テスト語丙" in page
    assert not filtering._choices_cache
