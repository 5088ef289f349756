"""Signing in the way a person does (password, then code), and moving a session's clocks."""

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import TOTP

from gifu_taisaku.accounts.session_policy import LOGIN_AT_KEY, REAUTH_AT_KEY
from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/login/"
VERIFY = "/accounts/mfa/verify/"
SETUP = "/accounts/mfa/setup/"
REAUTH = "/accounts/reauth/"
KEEPALIVE = "/accounts/session/keepalive/"


def totp_code(device, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or `steps_ahead` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_password(client, username: str):
    return client.post(LOGIN, {"username": username, "password": TEST_PASSWORD})


def enter_code(client, code: str, next_url: str = "/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def session_cookie(client) -> str:
    return client.cookies["sessionid"].value


def replay(cookie_value: str):
    """A fresh client presenting an old session cookie, as a thief would."""
    from tests.clients import Client

    thief = Client()
    thief.cookies["sessionid"] = cookie_value
    return thief


def shift_clock(client, key: str, seconds: float) -> None:
    """Move one of the session's clocks (LOGIN_AT_KEY, REAUTH_AT_KEY) into the past."""
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def age_login(client, seconds: float) -> None:
    shift_clock(client, LOGIN_AT_KEY, seconds)


def age_reauth(client, seconds: float) -> None:
    shift_clock(client, REAUTH_AT_KEY, seconds)


def session_row(client) -> Session:
    return Session.objects.get(session_key=session_cookie(client))


def expire_in(client, seconds: float) -> None:
    """Make the stored session end `seconds` from now (negative: already ended)."""
    Session.objects.filter(session_key=session_cookie(client)).update(
        expire_date=timezone.now() + timedelta(seconds=seconds)
    )
