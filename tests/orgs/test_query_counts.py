"""Every master list runs the same number of queries for 2 rows as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrgUnitFactory
from tests.orgs.factories import (
    ForeignPopulationFactory,
    JurisdictionFactory,
    LanguageFactory,
    MeasureFactory,
    MunicipalityFactory,
    NationalityFactory,
)


def make_units(n: int, org) -> None:
    for _ in range(n):
        OrgUnitFactory(kind="koban", parent=org.ogaki)


def make_municipalities(n: int, org) -> None:
    for _ in range(n):  # each covered by two stations, to exercise the prefetch
        municipality = MunicipalityFactory()
        JurisdictionFactory(station=org.gifunaka, municipality=municipality, partial=True)
        JurisdictionFactory(station=org.ogaki, municipality=municipality, partial=True)


def make_jurisdictions(n: int, org) -> None:
    for _ in range(n):
        JurisdictionFactory(station=org.kani)


def make_populations(n: int, org) -> None:
    for _ in range(n):
        ForeignPopulationFactory()


def make(factory):
    def create(n: int, org) -> None:
        factory.create_batch(n)

    return create


LISTS = {
    "orgunit": make_units,
    "municipality": make_municipalities,
    "jurisdiction": make_jurisdictions,
    "population": make_populations,
    "measure": make(MeasureFactory),
    "nationality": make(NationalityFactory),
    "language": make(LanguageFactory),
}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("key", LISTS)
def test_list_queries_do_not_grow_with_rows(client, admin_user, org, key):
    client.force_login(admin_user)
    url = reverse(f"orgs:{key}_list")
    LISTS[key](2, org)
    with_few = count_queries(client, url)
    LISTS[key](18, org)
    assert count_queries(client, url) == with_few
