"""Named units and users shared by the whole suite.

Bob is on Alice's team… Charlie should have no access: the users below are named for
where they sit, so a test reads as a sentence ("officer_ogaki must not see gifunaka's record").
"""

import os

import pytest

from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.orgs.models import OrgUnitKind
from tests.clients import Client
from tests.factories import OrgUnitFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def client():
    """Django's test client whose force_login also passes the OTP step (tests.clients)."""
    return Client()


@pytest.fixture
def org(db):
    """A small prefecture: HQ → 刑事部 → 国際捜査課; stations 岐阜中 (with a koban), 大垣, 可児."""
    hq = OrgUnitFactory(code="hq", name="岐阜県警察本部", short_name="本部", kind=OrgUnitKind.HQ)
    keiji = OrgUnitFactory(code="hq-keiji", name="刑事部", kind=OrgUnitKind.DEPARTMENT, parent=hq)
    kokusai = OrgUnitFactory(
        code="hq-kokusai", name="国際捜査課", kind=OrgUnitKind.DIVISION, parent=keiji
    )
    gifunaka = OrgUnitFactory(code="gifunaka", name="岐阜中警察署", short_name="岐阜中")
    koban = OrgUnitFactory(
        code="gifunaka-ekimae", name="岐阜駅前交番", kind=OrgUnitKind.KOBAN, parent=gifunaka
    )
    ogaki = OrgUnitFactory(code="ogaki", name="大垣警察署", short_name="大垣")
    kani = OrgUnitFactory(code="kani", name="可児警察署", short_name="可児")
    return type(
        "Org",
        (),
        {
            "hq": hq,
            "keiji": keiji,
            "kokusai": kokusai,
            "gifunaka": gifunaka,
            "koban": koban,
            "ogaki": ogaki,
            "kani": kani,
        },
    )


@pytest.fixture
def officer_gifunaka(org):
    return member("officer.gifunaka", org.gifunaka, Role.OFFICER, full_name="岐阜中 一郎")


@pytest.fixture
def officer_koban(org):
    return member("officer.ekimae", org.koban, Role.OFFICER, full_name="駅前 二郎")


@pytest.fixture
def approver_gifunaka(org):
    return member("approver.gifunaka", org.gifunaka, Role.APPROVER, full_name="岐阜中 幹部")


@pytest.fixture
def officer_ogaki(org):
    return member("officer.ogaki", org.ogaki, Role.OFFICER, full_name="大垣 三郎")


@pytest.fixture
def approver_ogaki(org):
    return member("approver.ogaki", org.ogaki, Role.APPROVER, full_name="大垣 幹部")


@pytest.fixture
def analyst(org):
    return member("analyst.hq", org.kokusai, Role.ANALYST, full_name="本部 分析")


@pytest.fixture
def admin_user(org):
    return member("admin.hq", org.kokusai, Role.ADMIN, full_name="本部 管理")


@pytest.fixture
def auditor(org):
    return member("auditor.hq", org.hq, Role.AUDITOR, full_name="本部 監査")


@pytest.fixture
def deactivated(org):
    return member("retired.gifunaka", org.gifunaka, Role.OFFICER, is_active=False)
