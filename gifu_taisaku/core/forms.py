"""The base form of every programme record: owning unit within scope, optimistic locking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.scoping import unit_filter
from gifu_taisaku.orgs.models import OrgUnit

BLANK_LABEL = _("選択してください")


def date_input() -> forms.DateInput:
    """A date picker; ISO format is what <input type="date"> needs to show a stored value."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JapaneseFormMixin:
    """Select boxes say 選択してください instead of Django's "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = BLANK_LABEL


def units_user_may_add_for(user):
    """Active org units the user may own records for: their station's subtree (or all, for HQ)."""
    condition = unit_filter(user, "add", field="")
    units = OrgUnit.objects.active_on()
    return (units if condition is None else units.filter(condition)).order_by("path")


class RecordForm(JapaneseFormMixin, forms.ModelForm):
    """ModelForm for a RecordBase subclass. Needs `user=`; carries the record's `version`.

    The owning unit offers only units in the user's scope and defaults to the user's own
    unit; `version` travels in a hidden field so that a stale save is detected.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        fields: list[str] = []
        labels = {"owning_unit": _("担当所属")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.initial.setdefault("version", self.instance.version)
        if "owning_unit" in self.fields:
            self.fields["owning_unit"].queryset = units_user_may_add_for(user)
            if self.instance._state.adding and user.primary_membership:
                own = user.primary_membership.unit
                self.initial.setdefault("owning_unit", own.pk)

    def clean_version(self) -> int:
        # An absent version (a tampered form) can never match, so the save is refused.
        return self.cleaned_data.get("version") or 0


def add_service_errors(form: forms.BaseForm, error) -> None:
    """Put a service's ValidationError on the form: under the field it names when the form
    has that field, otherwise at the top (so a rule on a hidden field still reaches the user)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
