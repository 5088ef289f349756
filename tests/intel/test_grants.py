"""Need-to-know grants: who may give them, to whom, for how long, and what they open."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from gifu_taisaku.accounts.models import Membership
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import AuditEvent
from intel.choices import Secrecy
from intel.models import IntelReport, IntelUnitGrant, IntelUserGrant
from intel.services import MAX_GRANT_DAYS
from tests.factories import UserFactory, member
from tests.intel.factories import IntelReportFactory
from tests.intel.helpers import grant_unit, grant_user, in_days, sign_in


@pytest.fixture
def secret(org, officer_ogaki):
    return IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET
    )


def post_grant(client, report, **data):
    payload = {"reason": "合同捜査", "expires_on": in_days(30).date().isoformat(), **data}
    return client.post(f"/intel/{report.pk}/grants/", payload)


def readable(user, report) -> bool:
    return IntelReport.objects.visible_to(user).filter(pk=report.pk).exists()


def test_the_author_grants_until_the_end_of_the_chosen_day(
    client, secret, officer_ogaki, officer_gifunaka
):
    sign_in(client, officer_ogaki)
    day = in_days(3).date()
    response = post_grant(client, secret, user=officer_gifunaka.pk, expires_on=day.isoformat())
    assert response.status_code == 302
    grant = IntelUserGrant.objects.get()
    assert (grant.user, grant.granted_by, grant.reason) == (
        officer_gifunaka,
        officer_ogaki,
        "合同捜査",
    )
    assert grant.permission.codename == "view_intelreport"
    next_midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    assert timezone.localtime(grant.expires_at).replace(tzinfo=None) == next_midnight
    assert readable(officer_gifunaka, secret)
    page = client.get(f"/intel/{secret.pk}/grants/").content.decode()
    assert str(officer_gifunaka) in page
    assert "合同捜査" in page


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "有効期限は現在より後にしてください"), (MAX_GRANT_DAYS + 2, "日以内にしてください")],
)
def test_expiry_must_be_in_the_future_and_near(
    client, secret, officer_ogaki, officer_gifunaka, days, message
):
    sign_in(client, officer_ogaki)
    before = AuditEvent.objects.count()
    response = post_grant(
        client, secret, user=officer_gifunaka.pk, expires_on=in_days(days).date().isoformat()
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IntelUserGrant.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("both", [True, False])
def test_one_user_or_one_unit(client, org, secret, officer_ogaki, officer_gifunaka, both):
    sign_in(client, officer_ogaki)
    data = {"user": officer_gifunaka.pk, "unit": org.gifunaka.pk} if both else {}
    response = post_grant(client, secret, **data)
    assert "どちらか一方を選んでください" in response.content.decode()
    assert not IntelUserGrant.objects.exists()
    assert not IntelUnitGrant.objects.exists()


def test_a_reason_is_required(client, secret, officer_ogaki, officer_gifunaka):
    sign_in(client, officer_ogaki)
    response = post_grant(client, secret, user=officer_gifunaka.pk, reason="")
    assert response.status_code == 200
    assert not IntelUserGrant.objects.exists()


def test_a_unit_grant_reaches_the_units_members_and_its_kobans(
    org, secret, officer_ogaki, officer_gifunaka, officer_koban, approver_gifunaka, officer_kani
):
    grant_unit(secret, org.gifunaka, by=officer_ogaki)
    assert readable(officer_gifunaka, secret)
    assert readable(officer_koban, secret)
    assert readable(approver_gifunaka, secret)
    assert not readable(officer_kani, secret)
    # Someone who joins 岐阜中 later is covered; someone who leaves is not any more.
    newcomer = member("newcomer.gifunaka", org.gifunaka, Role.OFFICER)
    assert readable(newcomer, secret)
    Membership.objects.filter(user=officer_koban).delete()
    officer_koban = type(officer_koban).objects.get(pk=officer_koban.pk)
    assert not readable(officer_koban, secret)


def test_granting_again_replaces_the_grant(secret, officer_ogaki, officer_gifunaka):
    grant_user(secret, officer_gifunaka, by=officer_ogaki, days=1)
    grant_user(secret, officer_gifunaka, by=officer_ogaki, days=20)
    grant = IntelUserGrant.objects.get()
    assert grant.expires_at > in_days(19)


def test_a_grant_does_not_let_its_holder_grant_on(client, secret, officer_ogaki, officer_gifunaka):
    grant_user(secret, officer_gifunaka, by=officer_ogaki)
    sign_in(client, officer_gifunaka)
    assert client.get(f"/intel/{secret.pk}/").status_code == 200
    assert client.get(f"/intel/{secret.pk}/grants/").status_code == 404
    shown = client.post(f"/intel/{secret.pk}/", {"purpose": "確認"})
    assert shown.context["can_grant"] is False
    assert f"/intel/{secret.pk}/grants/" not in shown.content.decode()


@pytest.mark.parametrize(
    ("level", "status"), [(Secrecy.INTERNAL, 200), (Secrecy.CAUTION, 200), (Secrecy.SECRET, 404)]
)
def test_hq_grants_what_it_reads_by_position(
    client, org, officer_ogaki, analyst, admin_user, level, status
):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=level)
    for reader in (analyst, admin_user):
        sign_in(client, reader)
        assert client.get(f"/intel/{report.pk}/grants/").status_code == status


def test_station_colleagues_and_other_stations_cannot_grant(
    client, secret, colleague_ogaki, approver_gifunaka, approver_ogaki
):
    for outsider in (colleague_ogaki, approver_gifunaka):
        sign_in(client, outsider)
        assert client.get(f"/intel/{secret.pk}/grants/").status_code == 404
        assert post_grant(client, secret, user=outsider.pk).status_code == 404
    assert not IntelUserGrant.objects.exists()
    sign_in(client, approver_ogaki)
    assert client.get(f"/intel/{secret.pk}/grants/").status_code == 200


def test_expired_grants_are_marked_and_open_nothing(
    client, secret, officer_ogaki, officer_gifunaka
):
    grant = grant_user(secret, officer_gifunaka, by=officer_ogaki)
    IntelUserGrant.objects.filter(pk=grant.pk).update(expires_at=in_days(-1))
    assert not readable(officer_gifunaka, secret)
    sign_in(client, officer_ogaki)
    assert "期限切れ" in client.get(f"/intel/{secret.pk}/grants/").content.decode()


def test_revoke_only_a_grant_of_this_report(client, org, secret, officer_ogaki, officer_gifunaka):
    other = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    grant = grant_user(other, officer_gifunaka, by=officer_ogaki)
    unit_grant = grant_unit(secret, org.gifunaka, by=officer_ogaki)
    sign_in(client, officer_ogaki)
    base = f"/intel/{secret.pk}/grants"
    assert client.post(f"{base}/user/{grant.pk}/revoke/").status_code == 404
    assert client.post(f"{base}/nobody/{grant.pk}/revoke/").status_code == 404
    assert client.post(f"{base}/unit/{unit_grant.pk}/revoke/").status_code == 302
    assert IntelUserGrant.objects.filter(pk=grant.pk).exists()
    assert not IntelUnitGrant.objects.exists()


def test_superusers_and_global_permissions_read_nothing(org, secret):
    """Guardian's shortcuts are not used: no superuser bypass, no global permission."""
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    holder = member("global.perm", org.gifunaka, Role.OFFICER)
    holder.user_permissions.add(Permission.objects.get(codename="view_intelreport"))
    internal = IntelReportFactory(owning_unit=org.ogaki, created_by=secret.created_by)
    for user in (boss, holder):
        user = type(user).objects.get(pk=user.pk)
        assert not readable(user, secret)
        assert not readable(user, internal)
