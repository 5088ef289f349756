"""Forms for signing in, the OTP step, re-authentication, and 本部管理者's user management."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.mfa import code_kind
from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.forms import FORMSET_LIMITS
from gifu_taisaku.orgs.models import OrgUnit


class LoginForm(AuthenticationForm):
    """Django's sign-in form: the same message whether the user exists or not."""

    username = forms.CharField(
        label=_("ユーザー名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def active_unit_choices():
    return OrgUnit.objects.active_on().order_by("sort_order", "code")


class UserCreateForm(forms.ModelForm):
    """A new user with their unit, role and initial password."""

    unit = forms.ModelChoiceField(label=_("所属"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    password1 = forms.CharField(
        label=_("初期パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("初期パスワード（確認）"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_unit_choices()
        self.fields["email"].required = False

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("確認用のパスワードが一致しません。"))
        return second

    def _post_clean(self) -> None:
        super()._post_clean()
        # Validate against the new user's own name and username (similarity check).
        password = self.cleaned_data.get("password1")
        if password:
            try:
                validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email"]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["unit", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = active_unit_choices()


MembershipFormSet = inlineformset_factory(
    User,
    Membership,
    form=MembershipForm,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
    **FORMSET_LIMITS,
)


class ReasonForm(forms.Form):
    """The reason an admin gives for stopping or restoring an account (kept in the audit trail)."""

    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdminSetPasswordForm(SetPasswordForm):
    """本部管理者 sets a new password for a user (for example after a lockout)."""


class OTPCodeForm(forms.Form):
    """The second factor: a 6-digit code from the app, or a recovery code.

    Only the shape is checked here; the view asks the user's device (accounts.mfa).
    """

    code = forms.CharField(
        label=_("確認コード"),
        max_length=30,
        help_text=_(
            "認証アプリに表示されている6桁の数字を入力してください。"
            "スマートフォンが手元にないときは、回復コード（例：abcd-efgh-jkmn）を入力できます。"
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if not recovery_allowed:
            self.fields["code"].help_text = _(
                "認証アプリに表示されている6桁の数字を入力してください。"
            )
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        kind = code_kind(code)
        if kind is None or (kind == "recovery" and not self.recovery_allowed):
            raise forms.ValidationError(_("6桁の数字を入力してください。"), code="format")
        return code


class ReauthForm(forms.Form):
    """The signed-in user's password again, checked like a login (failures count for axes)."""

    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.get_username(), password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError(_("パスワードが正しくありません。"), code="invalid")
        return password
