"""commendations.demo: the schemes of 令和6年・7年 and demo resident figures, idempotent."""

import pytest
from django.core.management import call_command

from commendations import demo
from commendations.models import Scheme
from commendations.scoring import compute_year
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.orgs.models import ForeignPopulation, OrgUnit
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_seed_makes_two_years_that_compute_for_all_22_stations():
    call_command("load_reference", verbosity=0)
    member("admin.hq", OrgUnit.objects.get(code="hq"), Role.ADMIN)
    assert "2年分" in demo.seed()
    assert "作成済み" in demo.seed()
    assert list(Scheme.objects.values_list("year", flat=True)) == [2025, 2024]
    assert ForeignPopulation.objects.filter(year=2025, source=demo.DEMO_SOURCE).count() == 7
    result = compute_year(Scheme.objects.get(year=2025))
    assert len(result.stations) == 22
    ogaki = next(s for s in result.stations if s.code == "ogaki")
    assert ogaki.foreign_residents == 7700
