"""Users of the training tests beyond the suite's named ones."""

import pytest

from gifu_taisaku.accounts.roles import Role
from tests.browser.conftest import browser, page, page_watch  # noqa: F401  (test_browser.py)
from tests.factories import member


@pytest.fixture
def officer_kani(org):
    return member("officer.kani", org.kani, Role.OFFICER, full_name="可児 四郎")
