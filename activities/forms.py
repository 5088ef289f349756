"""The activity form: sensible defaults (today, own unit, own jurisdiction), copy as new."""

from django import forms
from django.db.models import Exists, OuterRef
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.choices import Department
from activities.models import Activity, AudienceLanguage, AudienceNationality
from gifu_taisaku.core.forms import FORMSET_LIMITS, JapaneseFormMixin, RecordForm, date_input
from gifu_taisaku.core.scoping import scope_root
from gifu_taisaku.orgs.models import Jurisdiction, Language, Measure, Municipality, Nationality
from liaison.models import Organisation

# Fields carried over by "copy as new" (recurring classes): not the date, figures or results.
COPIED_FIELDS = (
    "owning_unit",
    "measure",
    "title",
    "start_time",
    "end_time",
    "departments",
    "municipality",
    "place_name",
    "address",
    "interpreter_used",
    "interpreter_kind",
    "summary",
)
COPIED_M2M = ("interpreter_languages", "partners")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def municipalities_for(user):
    """All municipalities, those of the user's station jurisdiction first (and marked)."""
    membership = user.primary_membership
    station = scope_root(membership.unit) if membership else None
    own = Jurisdiction.objects.filter(municipality=OuterRef("pk"), station=station)
    return Municipality.objects.annotate(in_jurisdiction=Exists(own)).order_by(
        "-in_jurisdiction", "code"
    )


class MeasureSelect(forms.Select):
    """Options carry the 別表 code, so the page can show only that measure's own fields."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-code"] = instance.code
        return option


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（管轄）" if getattr(obj, "in_jurisdiction", False) else obj.name


class ActivityForm(RecordForm):
    """Create or edit an activity. Measure-specific fields are validated by Activity.clean()."""

    departments = forms.MultipleChoiceField(
        label=_("関係部門"),
        choices=Department.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(RecordForm.Meta):
        model = Activity
        fields = [
            "owning_unit",
            "measure",
            "title",
            "date",
            "start_time",
            "end_time",
            "departments",
            "municipality",
            "place_name",
            "address",
            "participants_total",
            "participants_foreign",
            "participants_children",
            "interpreter_used",
            "interpreter_kind",
            "interpreter_languages",
            "partners",
            "households_visited",
            "foreign_households",
            "liaison_cards",
            "patrol_group",
            "patrol_participants",
            "offence_type",
            "cases_built",
            "persons_arrested",
            "legal_basis",
            "summary",
            "outcome",
            "follow_up",
            "follow_up_due",
            "intel_obtained",
            "intel_note",
        ]
        field_classes = {"municipality": MunicipalityChoiceField}
        widgets = {
            "measure": MeasureSelect(attrs={"data-measure-select": ""}),
            "date": date_input(),
            "follow_up_due": date_input(),
            "start_time": time_input(),
            "end_time": time_input(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "intel_note": forms.Textarea(attrs={"rows": 3}),
            "interpreter_languages": forms.SelectMultiple(attrs={"size": 6}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "participants_children": _("外国人参加者のうち、児童・生徒等の人数"),
            "intel_obtained": _(
                "地域社会についての情報を得たとき。実態把握の記録は別に作成します。"
            ),
            "interpreter_languages": _("Ctrl キーを押しながら選ぶと複数選べます。"),
        }

    def __init__(self, *args, copy_from: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["measure"].queryset = Measure.objects.filter(is_active=True, code__startswith="A")
        fields["municipality"].queryset = municipalities_for(self.user)
        fields["interpreter_languages"].queryset = Language.objects.filter(is_active=True)
        partners = Organisation.objects.filter(is_active=True)
        fields["partners"].queryset = partners
        fields["patrol_group"].queryset = partners
        if self.instance._state.adding:
            self._set_defaults(copy_from)

    def _set_defaults(self, copy_from: Activity | None) -> None:
        self.initial.setdefault("date", timezone.localdate())
        if copy_from is not None:
            for name in COPIED_FIELDS:
                self.initial[name] = getattr(copy_from, f"{name}_id", getattr(copy_from, name))
            for name in COPIED_M2M:
                self.initial[name] = list(getattr(copy_from, name).values_list("pk", flat=True))
            return
        own = [m for m in self.fields["municipality"].queryset if m.in_jurisdiction]
        if len(own) == 1:
            self.initial.setdefault("municipality", own[0].pk)


class AudienceRowForm(JapaneseFormMixin, forms.ModelForm):
    """One optional row of (language or nationality, count): a blank row is simply skipped,
    so the choice is not marked ※必須; a count without its choice is an error."""

    choice_field: str
    choices = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.choice_field]
        field.queryset = self.choices.filter(is_active=True)
        field.required = False

    def clean(self):
        data = super().clean()
        if not data.get(self.choice_field) and not data.get("DELETE"):
            self.add_error(self.choice_field, _("選んでください。"))
        return data


class AudienceLanguageForm(AudienceRowForm):
    choice_field, choices = "language", Language.objects

    class Meta:
        model = AudienceLanguage
        fields = ["language", "count"]


class AudienceNationalityForm(AudienceRowForm):
    choice_field, choices = "nationality", Nationality.objects

    class Meta:
        model = AudienceNationality
        fields = ["nationality", "count"]


AudienceLanguageFormSet = inlineformset_factory(
    Activity,
    AudienceLanguage,
    form=AudienceLanguageForm,
    extra=2,
    can_delete=True,
    **FORMSET_LIMITS,
)
AudienceNationalityFormSet = inlineformset_factory(
    Activity,
    AudienceNationality,
    form=AudienceNationalityForm,
    extra=2,
    can_delete=True,
    **FORMSET_LIMITS,
)
