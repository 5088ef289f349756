"""本部管理者 creates users, assigns unit and role, deactivates; everything is audited."""

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.core.models import AuditEvent
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "kani-station-2025-spring"


def create_payload(org, **overrides):
    return {
        "username": "officer.new",
        "full_name": "新任 巡査",
        "email": "",
        "unit": org.kani.pk,
        "role": "officer",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def test_admin_creates_a_user_who_can_then_sign_in(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post("/accounts/users/new/", create_payload(org))
    user = User.objects.get(username="officer.new")
    assert response.status_code == 302
    assert list(user.memberships.values_list("unit__code", "role")) == [("kani", "officer")]
    event = AuditEvent.objects.get(action="user_created")
    assert event.actor == admin_user
    assert event.detail == {"memberships": ["kani:officer"]}
    client.logout()
    client.post("/accounts/login/", {"username": "officer.new", "password": NEW_PASSWORD})
    assert client.get("/").status_code == 200


def test_weak_password_is_refused_next_to_the_field_and_input_kept(client, org, admin_user):
    client.force_login(admin_user)
    payload = create_payload(org, password1="shinnin123", password2="shinnin123")
    response = client.post("/accounts/users/new/", payload)
    form = response.context["form"]
    assert "password1" in form.errors
    assert "短すぎます" in str(form.errors["password1"])
    assert 'value="新任 巡査"' in response.content.decode()
    assert not User.objects.filter(username="officer.new").exists()


def test_mismatched_confirmation_is_refused(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/accounts/users/new/", create_payload(org, password2="different-one-2025")
    )
    assert "確認用のパスワードが一致しません" in str(response.context["form"].errors["password2"])


def test_changing_role_is_audited_with_before_and_after(client, org, admin_user, officer_ogaki):
    client.force_login(admin_user)
    membership = officer_ogaki.memberships.get()
    data = {
        "full_name": officer_ogaki.full_name,
        "email": officer_ogaki.email,
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "1",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": officer_ogaki.pk,
        "memberships-0-unit": org.ogaki.pk,
        "memberships-0-role": "approver",
        "memberships-1-unit": "",
        "memberships-1-role": "",
    }
    response = client.post(f"/accounts/users/{officer_ogaki.pk}/edit/", data)
    assert response.status_code == 302, response.context["formset"].errors
    assert Membership.objects.get(pk=membership.pk).role == "approver"
    event = AuditEvent.objects.get(action="role_changed")
    assert event.detail == {"before": ["ogaki:officer"], "after": ["ogaki:approver"]}


def test_deactivation_ends_the_users_open_sessions(client, admin_user, officer_ogaki):
    from django.test import Client

    victim = Client()
    victim.post("/accounts/login/", {"username": "officer.ogaki", "password": TEST_PASSWORD})
    assert victim.get("/").status_code == 200
    client.force_login(admin_user)
    client.post(f"/accounts/users/{officer_ogaki.pk}/deactivate/", {"reason": "退職"})
    officer_ogaki.refresh_from_db()
    assert not officer_ogaki.is_active
    assert victim.get("/").status_code == 302  # the old cookie no longer signs anyone in
    assert AuditEvent.objects.get(action="user_deactivated").reason == "退職"


def test_deactivation_needs_a_reason(client, admin_user, officer_ogaki):
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{officer_ogaki.pk}/deactivate/", {"reason": ""})
    assert response.status_code == 200
    officer_ogaki.refresh_from_db()
    assert officer_ogaki.is_active


def test_admin_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{admin_user.pk}/deactivate/", {"reason": "誤操作"})
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_reactivated_user_signs_in_again(client, admin_user, deactivated):
    client.force_login(admin_user)
    client.post(f"/accounts/users/{deactivated.pk}/reactivate/", {"reason": "復職"})
    deactivated.refresh_from_db()
    assert deactivated.is_active


def test_admin_sets_a_password_and_old_sessions_end(client, admin_user, officer_ogaki):
    from django.test import Client

    victim = Client()
    victim.force_login(officer_ogaki)
    client.force_login(admin_user)
    client.post(
        f"/accounts/users/{officer_ogaki.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert victim.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="password_set").count() == 1


def test_user_list_filters_by_unit(client, org, admin_user, officer_gifunaka, officer_ogaki):
    client.force_login(admin_user)
    response = client.get("/accounts/users/", {"unit": org.ogaki.pk})
    usernames = [u.username for u in response.context["object_list"]]
    assert usernames == ["officer.ogaki"]


def test_user_list_query_count_does_not_grow_with_users(client, org, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import member

    client.force_login(admin_user)
    counts = []
    for batch in (1, 25):
        for n in range(batch):
            member(f"bulk.{batch}.{n}", org.kani, "officer")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/accounts/users/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
