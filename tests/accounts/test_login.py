"""Signing in: Japanese pages, the same answer for unknown users, lockout after five failures."""

import pytest

from gifu_taisaku.core.models import AuditEvent
from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"


def test_anonymous_user_is_sent_to_the_japanese_login_page(client, db):
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert '<html lang="ja">' in page
    assert "ログイン" in page


def test_wrong_password_and_unknown_user_get_the_same_message(client, officer_gifunaka):
    wrong = client.post(LOGIN, {"username": "officer.gifunaka", "password": "nope"})
    unknown = client.post(LOGIN, {"username": "no.such.user", "password": "nope"})
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "正しいユーザー名とパスワードを入力してください" in wrong.content.decode()


def test_successful_login_rotates_the_session_key(client, officer_gifunaka):
    client.get(LOGIN)
    before = client.session.session_key
    client.post(LOGIN, {"username": "officer.gifunaka", "password": TEST_PASSWORD})
    assert client.session.session_key != before
    assert client.get("/").status_code == 200


def _fail(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password"})


def test_five_failures_lock_the_account_even_with_the_right_password(client, officer_gifunaka):
    _fail(client, "officer.gifunaka", 5)
    response = client.post(LOGIN, {"username": "officer.gifunaka", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "しばらくの間ログインできません" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="lockout", actor_username="officer.gifunaka").exists()


def test_unknown_users_are_locked_out_the_same_way(client, db):
    _fail(client, "no.such.user", 5)
    response = client.post(LOGIN, {"username": "no.such.user", "password": "x"})
    assert response.status_code == 429


def test_lockout_of_one_account_leaves_others_alone(client, officer_gifunaka, officer_ogaki):
    _fail(client, "officer.gifunaka", 5)
    response = client.post(LOGIN, {"username": "officer.ogaki", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_lock_lifts_after_ten_minutes(client, officer_gifunaka, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    _fail(client, "officer.gifunaka", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=11))
    response = client.post(LOGIN, {"username": "officer.gifunaka", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_logout_needs_post(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "このパスワードは短すぎます"),
        ("password1234", "このパスワードは一般的すぎます"),
    ],
)
def test_password_validators_refuse_weak_passwords(password, message, db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        validate_password(password)
