"""Fixtures of the commendations tests: the hand-built year of tests/commendations/data.py."""

import pytest

from commendations.models import Scheme
from tests.commendations.data import make_year


@pytest.fixture
def year(org, admin_user):
    make_year(org, admin_user)
    return Scheme.objects.get(year=2025)
