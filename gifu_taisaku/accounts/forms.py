"""Forms for signing in and for 本部管理者's user management."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
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
)


class ReasonForm(forms.Form):
    """The reason an admin gives for stopping or restoring an account (kept in the audit trail)."""

    reason = forms.CharField(
        label=_("理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdminSetPasswordForm(SetPasswordForm):
    """本部管理者 sets a new password for a user (for example after a lockout)."""
