"""Forms of the partner-organisation directory."""

from django import forms

from gifu_taisaku.core.forms import JapaneseFormMixin
from gifu_taisaku.orgs.models import OrgUnit
from liaison.models import Organisation


class OrganisationForm(JapaneseFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality", "address", "stations", "notes", "is_active"]
        widgets = {
            "stations": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = OrgUnit.objects.stations().active_on()
