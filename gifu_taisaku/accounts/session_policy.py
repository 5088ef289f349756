"""How long a session lasts and how fresh its password is.

Three clocks govern a signed-in session:

- idle timeout: Django's own (SESSION_COOKIE_AGE, renewed by every request because of
  SESSION_SAVE_EVERY_REQUEST); the warning dialog and the keep-alive view sit on top of it;
- absolute lifetime: the login time is kept in the session, and the session ends
  SESSION_ABSOLUTE_LIFETIME after it however active the user is (accounts.middleware);
- recent authentication: the time the password was last entered (login or the re-auth
  page); sensitive views want it within REAUTH_MAX_AGE (accounts.reauth).

Times are stored as Unix timestamps (floats), which the JSON session serializer keeps.
"""

import time

from django.conf import settings

LOGIN_AT_KEY = "accounts_login_at"
REAUTH_AT_KEY = "accounts_reauth_at"


def mark_login(session) -> None:
    """Start the session's clocks: the password has just been entered at login."""
    now = time.time()
    session[LOGIN_AT_KEY] = now
    session[REAUTH_AT_KEY] = now


def mark_reauthenticated(session) -> None:
    session[REAUTH_AT_KEY] = time.time()


def _age_seconds(session, key: str) -> float | None:
    value = session.get(key)
    if not isinstance(value, int | float):
        return None
    return time.time() - value


def lifetime_exceeded(session) -> bool:
    """Whether the session is older than the absolute lifetime.

    A signed-in session without a login time (made before this policy existed, or
    tampered with) counts as expired: it must not live forever.
    """
    age = _age_seconds(session, LOGIN_AT_KEY)
    return age is None or age > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()


def has_recent_auth(session) -> bool:
    """Whether the password was entered within REAUTH_MAX_AGE."""
    age = _age_seconds(session, REAUTH_AT_KEY)
    return age is not None and age <= settings.REAUTH_MAX_AGE.total_seconds()
