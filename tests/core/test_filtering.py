"""List filters (core.filtering.apply_filters): date filters read 和暦 as record forms do."""

import datetime

from tests.activities.factories import ActivityFactory


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
