"""Sensitive operations ask for the password again when it was entered over 5 minutes ago."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from gifu_taisaku.accounts.reauth import require_recent_auth
from gifu_taisaku.accounts.session_policy import mark_login
from gifu_taisaku.core.models import AuditEvent
from tests.accounts.helpers import REAUTH, SETUP, age_reauth
from tests.factories import TEST_PASSWORD

FIVE_MINUTES = 5 * 60


@require_recent_auth
def sensitive(request):
    return HttpResponse("secret")


def request_with_password_age(seconds: float, method: str = "get", **extra):
    request = getattr(RequestFactory(), method)("/sensitive/?page=2", **extra)
    request.session = SessionStore()
    mark_login(request.session)
    request.session["accounts_reauth_at"] -= seconds
    return request


def test_decorator_lets_a_fresh_password_through():
    assert sensitive(request_with_password_age(FIVE_MINUTES - 5)).content == b"secret"


def test_decorator_sends_a_stale_password_to_the_prompt_and_back():
    response = sensitive(request_with_password_age(FIVE_MINUTES + 1))
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTH}?next=%2Fsensitive%2F%3Fpage%3D2"


def test_decorator_returns_a_post_to_the_page_of_the_form():
    request = request_with_password_age(
        FIVE_MINUTES + 1, "post", HTTP_REFERER="http://testserver/form/?x=1"
    )
    assert sensitive(request)["Location"] == f"{REAUTH}?next=%2Fform%2F%3Fx%3D1"


def test_decorator_ignores_a_foreign_referer():
    request = request_with_password_age(
        FIVE_MINUTES + 1, "post", HTTP_REFERER="https://evil.example/"
    )
    assert sensitive(request)["Location"] == f"{REAUTH}?next=%2F"


def test_htmx_request_is_sent_to_the_prompt_as_a_whole_page():
    request = request_with_password_age(FIVE_MINUTES + 1)
    request.htmx = True
    response = sensitive(request)
    assert response["HX-Redirect"].startswith(REAUTH)


def test_changing_the_second_factor_needs_a_recent_password(client, analyst):
    client.force_login(analyst)
    age_reauth(client, FIVE_MINUTES + 1)
    response = client.get(SETUP)
    assert response["Location"] == f"{REAUTH}?next=%2Faccounts%2Fmfa%2Fsetup%2F"
    response = client.post("/accounts/mfa/recovery-codes/", HTTP_REFERER="http://testserver/x/")
    assert response["Location"].startswith(REAUTH)

    response = client.post(REAUTH, {"password": TEST_PASSWORD, "next": SETUP})
    assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert AuditEvent.objects.filter(action="reauthenticated", actor=analyst).count() == 1


def test_admins_reset_of_a_second_factor_needs_a_recent_password(client, admin_user, analyst):
    client.force_login(admin_user)
    age_reauth(client, FIVE_MINUTES + 1)
    url = f"/accounts/users/{analyst.pk}/mfa/reset/"
    assert client.get(url)["Location"].startswith(REAUTH)


def test_a_fresh_login_counts_as_a_recent_password(client, analyst):
    client.force_login(analyst)
    age_reauth(client, FIVE_MINUTES - 5)
    assert client.get(SETUP).status_code == 200


def test_wrong_password_is_refused_and_counts_as_a_failed_login(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.post(REAUTH, {"password": "not-it", "next": "/"})
    assert response.status_code == 200
    assert "パスワードが正しくありません" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


def test_guessing_the_password_locks_the_account_and_ends_the_session(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    statuses = [client.post(REAUTH, {"password": "guess"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="lockout").exists()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_reauth_goes_only_to_local_pages(client, officer_gifunaka, target):
    client.force_login(officer_gifunaka)
    response = client.post(REAUTH, {"password": TEST_PASSWORD, "next": target})
    assert response["Location"] == "/"


def test_password_only_session_may_reauthenticate_but_gains_nothing(client, analyst):
    from tests.accounts.helpers import sign_in_with_password
    from tests.clients import verified_device

    verified_device(analyst)
    sign_in_with_password(client, "analyst.hq")
    response = client.post(REAUTH, {"password": TEST_PASSWORD, "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/")["Location"].startswith("/accounts/mfa/verify/")
