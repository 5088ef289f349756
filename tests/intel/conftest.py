"""The people around one report of 大垣署.

The visitors are named for where they sit, so a test reads as a sentence: the author is
大垣's officer, `colleague_ogaki` is another officer of the same station (who must not read
it), `unit_grantee` is a 岐阜駅前交番 officer reading through a grant to 岐阜中署.
"""

import pytest

from gifu_taisaku.accounts.roles import Role
from tests.factories import member


@pytest.fixture
def colleague_ogaki(org):
    return member("officer2.ogaki", org.ogaki, Role.OFFICER, full_name="大垣 四郎")


@pytest.fixture
def officer_kani(org):
    return member("officer.kani", org.kani, Role.OFFICER, full_name="可児 五郎")


@pytest.fixture
def people(
    org,
    officer_ogaki,
    colleague_ogaki,
    approver_ogaki,
    officer_gifunaka,
    approver_gifunaka,
    officer_koban,
    officer_kani,
    analyst,
    admin_user,
    auditor,
    deactivated,
):
    """Every kind of visitor by name (anonymous is None)."""
    return {
        "author": officer_ogaki,
        "colleague_ogaki": colleague_ogaki,
        "approver_ogaki": approver_ogaki,
        "officer_gifunaka": officer_gifunaka,
        "approver_gifunaka": approver_gifunaka,
        "analyst": analyst,
        "admin": admin_user,
        "auditor": auditor,
        "deactivated": deactivated,
        "anonymous": None,
        "personal_grantee": officer_kani,
        "unit_grantee": officer_koban,
    }
