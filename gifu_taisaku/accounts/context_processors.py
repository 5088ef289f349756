"""Template context for the session policy (base.html)."""

from django.conf import settings


def session_timeout(request) -> dict:
    """The idle timeout and its warning, in seconds (data-attributes on <body> for app.js),
    and whether this session still has to pass the OTP step (then no menu is shown)."""
    return {
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
        "otp_pending": getattr(request, "otp_pending", False),
    }
