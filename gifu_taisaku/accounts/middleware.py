"""The session policy applied to every request: absolute lifetime, then the OTP step.

Installed after AuthenticationMiddleware, OTPMiddleware, LoginRequiredMiddleware and
MessageMiddleware (settings.MIDDLEWARE). Public views (@login_not_required) are left
alone, except that an over-age session is ended before they run too.
"""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gifu_taisaku.accounts import mfa
from gifu_taisaku.accounts.redirects import redirect_response
from gifu_taisaku.accounts.session_policy import lifetime_exceeded
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction

# What a password-only session of a user who needs MFA may open (see `otp_step`).
OTP_STEP_ALWAYS = "always"  # logout, keep-alive, the re-auth page that enrolment may ask for
OTP_STEP_VERIFY = "verify"  # the code prompt, for users with a device
OTP_STEP_ENROL = "enrol"  # the enrolment page, for users who have none yet


def otp_step(kind: str):
    """Mark a view as part of the OTP step: reachable before the second factor is passed.

    For class-based views, `method_decorator(otp_step(...), name="dispatch")`.
    """

    def decorator(view_func):
        view_func.otp_step = kind
        return view_func

    return decorator


def _end_expired_session(request) -> None:
    """Sign the user out because the session is older than its absolute lifetime.

    Not a logout: the user's other sessions have their own clocks, and the trail says why.
    """
    record_event(action=AuditAction.SESSION_EXPIRED, actor=request.user, request=request)
    request.session.flush()
    request.user = AnonymousUser()


def _otp_step_url(request, step: str) -> str:
    url = reverse("accounts:mfa_verify" if step == OTP_STEP_VERIFY else "accounts:mfa_setup")
    if request.method in ("GET", "HEAD"):
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


class SessionPolicyMiddleware:
    """End sessions past their absolute lifetime; hold MFA users at the OTP step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        public = not getattr(view_func, "login_required", True)
        if not request.user.is_authenticated:
            return None
        if lifetime_exceeded(request.session):
            _end_expired_session(request)
            if public:
                return None
            messages.info(
                request, _("ログインから一定時間が経過したため、もう一度ログインしてください。")
            )
            return redirect_response(request, redirect_to_login(request.get_full_path()).url)
        if public:
            return None
        return self._hold_at_otp_step(request, getattr(view_func, "otp_step", None))

    def _hold_at_otp_step(self, request, step: str | None):
        # Kept on the request so that templates can hide the menu (context_processors).
        request.otp_pending = mfa.otp_pending(request.user)
        if step == OTP_STEP_ALWAYS or not request.otp_pending:
            return None
        needed = OTP_STEP_VERIFY if mfa.has_device(request.user) else OTP_STEP_ENROL
        if step == needed:
            return None
        return redirect_response(request, _otp_step_url(request, needed))
