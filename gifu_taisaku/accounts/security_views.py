"""The signed-in user's own security: password, authenticator app, recovery codes,
the OTP step after the password, re-authentication and the idle-timeout keep-alive."""

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View
from django_otp.plugins.otp_static.models import StaticDevice

from gifu_taisaku.accounts import mfa, services
from gifu_taisaku.accounts.forms import OTPCodeForm, ReauthForm
from gifu_taisaku.accounts.middleware import (
    OTP_STEP_ALWAYS,
    OTP_STEP_ENROL,
    OTP_STEP_VERIFY,
    otp_step,
)
from gifu_taisaku.accounts.reauth import RecentAuthRequiredMixin
from gifu_taisaku.accounts.session_policy import mark_reauthenticated
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction, AuditOutcome

RECOVERY_CODES_TEMPLATE = "accounts/mfa_recovery_codes.html"


class NextUrlMixin:
    """Send the user on to a local `next` (from the query string or the form), else home."""

    def get_next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return candidate
        return reverse(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.get_next_url(), **kwargs)


def _enter_verified_session(request, device) -> None:
    """Mark the session as having passed the second factor, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _show_recovery_codes(request, codes: list[str], *, next_url: str) -> HttpResponse:
    """The only time the codes are shown: rendered into this response, stored nowhere."""
    return render(request, RECOVERY_CODES_TEMPLATE, {"codes": codes, "next": next_url})


class SecurityView(TemplateView):
    """ログイン設定: password and second-factor status of the signed-in user."""

    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            device=mfa.totp_device(user),
            mfa_required=mfa.mfa_required(user),
            recovery_codes_left=mfa.recovery_codes_left(user),
            **kwargs,
        )


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password. This session stays signed in; every other one ends."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        password = form.cleaned_data["new_password1"]
        services.password_change(user=form.user, password=password)
        update_session_auth_hash(self.request, form.user)
        messages.success(
            self.request, _("パスワードを変更しました。ほかの端末でのログインは終了しました。")
        )
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(otp_step(OTP_STEP_VERIFY), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class MFAVerifyView(NextUrlMixin, FormView):
    """The OTP step after the password: a code from the app, or a recovery code."""

    template_name = "accounts/mfa_verify.html"
    form_class = OTPCodeForm

    def dispatch(self, request, *args, **kwargs):
        if not mfa.otp_pending(request.user):
            return HttpResponseRedirect(self.get_next_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user, code = self.request.user, form.cleaned_data["code"]
        was_throttled = mfa.is_throttled(mfa.device_for(user, mfa.code_kind(code)))
        device = mfa.verify_code(user, code)
        if device is None:
            record_event(
                action=AuditAction.MFA_FAILED,
                outcome=AuditOutcome.FAILURE,
                detail={"step": "login"},
            )
            form.add_error("code", self._failure_message(was_throttled))
            return self.form_invalid(form)
        _enter_verified_session(self.request, device)
        self._record_success(device)
        return HttpResponseRedirect(self.get_next_url())

    @staticmethod
    def _failure_message(throttled: bool) -> str:
        if throttled:
            return _(
                "誤った確認コードが続いたため、しばらく受け付けません。少し待ってから入力してください。"
            )
        return _("確認コードが正しくないか、有効期限が切れています。")

    def _record_success(self, device) -> None:
        if not isinstance(device, StaticDevice):
            record_event(action=AuditAction.MFA_VERIFIED)
            return
        left = device.token_set.count()
        record_event(action=AuditAction.MFA_RECOVERY_USED, detail={"left": left})
        messages.warning(
            self.request,
            _(
                "回復コードを使用しました（残り%(left)d個）。ログイン設定で新しい回復コードを発行できます。"
            )
            % {"left": left},
        )


@method_decorator(otp_step(OTP_STEP_ENROL), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class MFASetupView(NextUrlMixin, RecentAuthRequiredMixin, FormView):
    """Register an authenticator app (first time, or replacing the current one)."""

    template_name = "accounts/mfa_setup.html"

    def get_form(self, form_class=None):
        return OTPCodeForm(recovery_allowed=False, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        device = mfa.candidate_device(self.request.user)
        return super().get_context_data(
            qr_code=mfa.qr_code_data_uri(device),
            manual_key=mfa.manual_key(device),
            replacing=mfa.has_device(self.request.user),
            pending=mfa.otp_pending(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        device = mfa.candidate_device(user)
        if not mfa.verify_candidate(device, form.cleaned_data["code"]):
            record_event(
                action=AuditAction.MFA_FAILED,
                outcome=AuditOutcome.FAILURE,
                detail={"step": "enrol"},
            )
            form.add_error(
                "code", _("確認コードが正しくありません。アプリの表示を確かめてください。")
            )
            return self.form_invalid(form)
        codes = services.mfa_enrol(user=user, device=device)
        _enter_verified_session(self.request, device)
        return _show_recovery_codes(self.request, codes, next_url=self.get_next_url())


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(RecentAuthRequiredMixin, View):
    """Issue a new set of recovery codes (the old ones stop working)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not mfa.has_device(request.user):
            messages.error(request, _("先に認証アプリを登録してください。"))
            return HttpResponseRedirect(reverse("accounts:security"))
        codes = services.recovery_codes_renew(user=request.user)
        return _show_recovery_codes(request, codes, next_url=reverse("accounts:security"))


@method_decorator(otp_step(OTP_STEP_ALWAYS), name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class ReauthView(NextUrlMixin, FormView):
    """Enter the password again before a sensitive operation (accounts.reauth)."""

    template_name = "accounts/reauth.html"
    form_class = ReauthForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        mark_reauthenticated(self.request.session)
        record_event(action=AuditAction.REAUTHENTICATED)
        return HttpResponseRedirect(self.get_next_url())

    def form_invalid(self, form):
        if getattr(self.request, "axes_locked_out", False):
            # Too many wrong passwords: the account is locked, and so is this session.
            logout(self.request)
        return super().form_invalid(form)


@method_decorator(otp_step(OTP_STEP_ALWAYS), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class KeepAliveView(View):
    """The idle-timeout dialog's "stay signed in": any request renews the session
    (SESSION_SAVE_EVERY_REQUEST), so this one only has to answer."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return HttpResponse(status=204)
