"""Fixtures of the reports tests: the hand-made year of tests/reports/data.py."""

import pytest

from tests.reports.data import make_year_2025


@pytest.fixture
def year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki, approver_ogaki):
    return make_year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki)
