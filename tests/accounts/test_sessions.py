"""Sessions end when they should: idle, too old, signed out, password changed, stopped.

"Ended" is proved by replaying the old session cookie from another client: a session
that was only forgotten by the browser would still open pages there.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from gifu_taisaku.core.models import AuditEvent
from tests.accounts.helpers import (
    KEEPALIVE,
    LOGIN,
    age_login,
    expire_in,
    replay,
    session_cookie,
    session_row,
    sign_in_with_password,
)
from tests.clients import Client
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "gifunaka-station-2025-autumn"
TEN_HOURS = 10 * 3600


def signed_in(user) -> Client:
    terminal = Client()
    terminal.force_login(user)
    assert terminal.get("/").status_code == 200
    return terminal


def is_signed_out(terminal) -> bool:
    response = terminal.get("/")
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- login ------------------------------------------------------------------------------


def test_login_gives_a_new_session_key_and_the_old_one_opens_nothing(client, officer_gifunaka):
    planted = client.session  # a session the browser had before signing in (fixation)
    planted["seen_login_page"] = True
    planted.save()
    before = session_cookie(client)
    sign_in_with_password(client, "officer.gifunaka")
    assert session_cookie(client) != before
    assert is_signed_out(replay(before))


# --- idle timeout and keep-alive ----------------------------------------------------------


def test_idle_timeout_is_thirty_minutes_with_a_one_minute_warning():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_IDLE_WARNING_SECONDS == 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_session_idle_past_the_timeout_is_refused(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    expire_in(client, -1)
    assert is_signed_out(client)


def test_keep_alive_renews_the_session(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    expire_in(client, 10)
    response = client.post(KEEPALIVE)
    assert response.status_code == 204
    renewed = session_row(client).expire_date
    assert renewed > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_keep_alive_does_not_revive_an_ended_session(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    expire_in(client, -1)
    response = client.post(KEEPALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_pages_carry_the_timeout_and_the_warning_dialog(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    html = client.get("/").content.decode()
    assert 'data-session-timeout="1800" data-session-warning="60"' in html
    assert "data-session-dialog" in html
    assert f'action="{KEEPALIVE}"' in html
    assert "<span data-session-remaining>60</span>" in html


def test_signed_out_pages_have_no_timeout_dialog(client, db):
    html = client.get(LOGIN).content.decode()
    assert "data-session-timeout" not in html
    assert "data-session-dialog" not in html


# --- absolute lifetime ------------------------------------------------------------------


def test_session_ends_ten_hours_after_login_however_active(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    age_login(client, TEN_HOURS + 1)
    response = client.get("/activities/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/activities/"
    assert is_signed_out(client)
    event = AuditEvent.objects.get(action="session_expired")
    assert event.actor == officer_gifunaka


def test_session_lives_until_the_limit(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    age_login(client, TEN_HOURS - 60)
    assert client.get("/").status_code == 200


def test_ended_session_cannot_be_replayed(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    cookie = session_cookie(client)
    age_login(client, TEN_HOURS + 1)
    client.get("/")
    assert is_signed_out(replay(cookie))


def test_session_without_a_login_time_is_ended(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    session = client.session
    del session["accounts_login_at"]
    session.save()
    assert is_signed_out(client)


def test_lifetime_follows_the_setting(client, officer_gifunaka, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = timedelta(hours=1)
    client.force_login(officer_gifunaka)
    age_login(client, 3601)
    assert is_signed_out(client)


def test_over_age_session_on_the_login_page_is_simply_signed_out(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    age_login(client, TEN_HOURS + 1)
    assert client.get(LOGIN).status_code == 200


# --- logout, password change, deactivation, sign out everywhere ----------------------------


def test_logout_ends_every_session_of_the_user(client, officer_gifunaka):
    other_terminal = signed_in(officer_gifunaka)
    client.force_login(officer_gifunaka)
    cookie = session_cookie(client)
    client.post("/accounts/logout/")
    assert is_signed_out(replay(cookie))
    assert is_signed_out(other_terminal)
    assert AuditEvent.objects.filter(action="logout").count() == 1


def test_logout_leaves_other_users_alone(client, officer_gifunaka, officer_ogaki):
    colleague = signed_in(officer_ogaki)
    client.force_login(officer_gifunaka)
    client.post("/accounts/logout/")
    assert colleague.get("/").status_code == 200


def change_password(client, old=TEST_PASSWORD, new=NEW_PASSWORD):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_password_change_keeps_this_session_and_ends_the_others(client, officer_gifunaka):
    other_terminal = signed_in(officer_gifunaka)
    client.force_login(officer_gifunaka)
    old_cookie = session_cookie(client)
    response = change_password(client)
    assert response["Location"] == "/accounts/security/"
    assert client.get("/").status_code == 200
    assert is_signed_out(other_terminal)
    assert is_signed_out(replay(old_cookie))
    event = AuditEvent.objects.get(action="password_changed")
    assert event.actor == officer_gifunaka


def test_the_new_password_signs_in_and_the_old_does_not(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    change_password(client)
    fresh = Client()
    fresh.post(LOGIN, {"username": "officer.gifunaka", "password": TEST_PASSWORD})
    assert is_signed_out(fresh)
    fresh.post(LOGIN, {"username": "officer.gifunaka", "password": NEW_PASSWORD})
    assert fresh.get("/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("wrong-password-123", NEW_PASSWORD, "元のパスワードが間違っています"),
        (TEST_PASSWORD, "short", "このパスワードは短すぎます"),
    ],
)
def test_password_change_refuses_bad_input_in_japanese(client, officer_gifunaka, old, new, message):
    client.force_login(officer_gifunaka)
    response = change_password(client, old=old, new=new)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="password_changed").exists()


def test_deactivation_ends_the_session_even_when_replayed(client, admin_user, officer_ogaki):
    victim = signed_in(officer_ogaki)
    cookie = session_cookie(victim)
    client.force_login(admin_user)
    client.post(f"/accounts/users/{officer_ogaki.pk}/deactivate/", {"reason": "退職"})
    assert is_signed_out(replay(cookie))
    assert is_signed_out(victim)


def test_admin_signs_a_user_out_everywhere(client, admin_user, officer_ogaki):
    desk, tablet = signed_in(officer_ogaki), signed_in(officer_ogaki)
    cookie = session_cookie(desk)
    client.force_login(admin_user)
    page = client.get(f"/accounts/users/{officer_ogaki.pk}/").content.decode()
    assert f"/accounts/users/{officer_ogaki.pk}/sessions/end/" in page
    response = client.post(
        f"/accounts/users/{officer_ogaki.pk}/sessions/end/", {"reason": "端末の紛失"}
    )
    assert response.status_code == 302
    assert is_signed_out(desk)
    assert is_signed_out(tablet)
    assert is_signed_out(replay(cookie))
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="sessions_ended")
    assert (event.actor, event.reason) == (admin_user, "端末の紛失")
    officer_ogaki.refresh_from_db()
    assert officer_ogaki.is_active  # the account stays usable: they may sign in again


def test_sign_out_everywhere_needs_a_reason(client, admin_user, officer_ogaki):
    victim = signed_in(officer_ogaki)
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{officer_ogaki.pk}/sessions/end/", {"reason": ""})
    assert response.status_code == 200
    assert victim.get("/").status_code == 200


def test_admin_cannot_sign_themselves_out_everywhere_here(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/accounts/users/{admin_user.pk}/sessions/end/", {"reason": "x"})
    assert response.status_code == 403
