"""Sign-in and sign-out, and 本部管理者's screens for users, units and roles."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from gifu_taisaku.accounts import mfa, services
from gifu_taisaku.accounts.filters import UserFilter
from gifu_taisaku.accounts.forms import (
    AdminSetPasswordForm,
    LoginForm,
    MembershipFormSet,
    ReasonForm,
    UserChangeForm,
    UserCreateForm,
)
from gifu_taisaku.accounts.middleware import OTP_STEP_ALWAYS, otp_step
from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.reauth import RecentAuthRequiredMixin
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@method_decorator(otp_step(OTP_STEP_ALWAYS), name="dispatch")
class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link cannot sign anyone out.

    Signing out ends every session of the user, on every terminal. A password-only
    session still at the OTP step ends just itself: someone who knows only the
    password must not be able to sign the real user out everywhere.
    """

    def post(self, request, *args, **kwargs):
        user = request.user
        everywhere = user.is_authenticated and not mfa.otp_pending(user)
        response = super().post(request, *args, **kwargs)
        if everywhere:
            services.end_all_sessions(user)
        return response


def users_with_memberships():
    memberships = Membership.objects.select_related("unit").order_by("id")
    return User.objects.prefetch_related(Prefetch("memberships", queryset=memberships))


class UserAdminMixin(RolePermissionRequiredMixin):
    required_perm = Perm.MANAGE_USERS

    @cached_property
    def account(self) -> User:
        """The user being managed; looked up only after the permission check has passed."""
        return get_object_or_404(users_with_memberships(), pk=self.kwargs["pk"])


class UserListView(UserAdminMixin, ListView):
    template_name = "accounts/user_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset, users = apply_filters(UserFilter, self.request, users_with_memberships())
        return users.distinct().order_by("username")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class UserDetailView(UserAdminMixin, DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_object(self, queryset=None):
        return self.account

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            mfa_device=mfa.totp_device(self.account),
            mfa_required=mfa.mfa_required(self.account),
            **kwargs,
        )


class UserCreateView(UserAdminMixin, FormView):
    template_name = "accounts/user_form.html"
    form_class = UserCreateForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=self.request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                unit=data["unit"],
                role=data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("利用者を登録しました。"))
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[user.pk]))


class UserUpdateView(UserAdminMixin, FormView):
    """Name, e-mail and memberships (unit × role) of a user, in one form."""

    template_name = "accounts/user_edit.html"
    form_class = UserChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.account}

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return MembershipFormSet(data, instance=self.account, prefix="memberships")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(account=self.account, **kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        services.user_update(
            actor=request.user, user=form.save(commit=False), changed_fields=form.changed_data
        )
        services.memberships_replace(
            actor=request.user, user=self.account, save_formset=formset.save
        )
        messages.success(request, _("利用者の情報を保存しました。"))
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[self.account.pk]))


class UserActivationView(UserAdminMixin, FormView):
    """Deactivate (or reactivate) a user after a confirmation that asks for the reason."""

    template_name = "accounts/user_activation.html"
    form_class = ReasonForm
    activate = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, activate=self.activate, **kwargs)

    def form_valid(self, form):
        if self.account == self.request.user:
            raise PermissionDenied(_("自分自身の利用状態は変更できません。"))
        change = services.user_reactivate if self.activate else services.user_deactivate
        change(actor=self.request.user, user=self.account, reason=form.cleaned_data["reason"])
        done = _("利用を再開しました。") if self.activate else _("利用を停止しました。")
        messages.success(self.request, done)
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[self.account.pk]))


class UserPasswordView(UserAdminMixin, FormView):
    template_name = "accounts/user_password.html"
    form_class = AdminSetPasswordForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.account}

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def form_valid(self, form):
        services.user_set_password(
            actor=self.request.user, user=self.account, password=form.cleaned_data["new_password1"]
        )
        messages.success(self.request, _("パスワードを設定しました。"))
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[self.account.pk]))


class UserReasonActionView(FormView):
    """A change to another user's access, confirmed with a reason for the audit trail.

    Subclasses put UserAdminMixin (and RecentAuthRequiredMixin) before it.
    """

    form_class = ReasonForm
    done_message: str = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def form_valid(self, form):
        if self.account == self.request.user:
            raise PermissionDenied(_("自分自身に対しては実行できません。"))
        self.perform(form.cleaned_data["reason"])
        messages.success(self.request, self.done_message)
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[self.account.pk]))


class UserEndSessionsView(UserAdminMixin, UserReasonActionView):
    """本部管理者's "sign out everywhere": every session of the user ends at its next request."""

    template_name = "accounts/user_end_sessions.html"
    done_message = gettext_lazy("この利用者のすべての端末でのログインを終了しました。")

    def perform(self, reason: str) -> None:
        services.sessions_end(actor=self.request.user, user=self.account, reason=reason)


class UserMFAResetView(UserAdminMixin, RecentAuthRequiredMixin, UserReasonActionView):
    """Remove a user's authenticator app and recovery codes; they enrol again at next login."""

    template_name = "accounts/user_mfa_reset.html"
    done_message = gettext_lazy(
        "二要素認証を初期化しました。次回のログイン時に、認証アプリを登録し直します。"
    )

    def perform(self, reason: str) -> None:
        services.mfa_reset(actor=self.request.user, user=self.account, reason=reason)
