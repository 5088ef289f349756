"""Forms of the partner directory, its contacts and liaison records."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.forms import (
    FORMSET_LIMITS,
    JapaneseFormMixin,
    RecordForm,
    VersionedFormMixin,
    date_input,
    units_user_may_add_for,
)
from gifu_taisaku.core.scoping import scope_root, unit_filter
from gifu_taisaku.orgs.models import Language, Measure, OrgUnit
from liaison.choices import LIAISON_MEASURE_PREFIX
from liaison.models import Contact, FollowUp, InformationItem, LiaisonRecord, Organisation

MULTIPLE_HELP = _("Ctrl キーを押しながら選ぶと複数選べます。")


class OrganisationForm(JapaneseFormMixin, VersionedFormMixin):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "municipality",
            "address",
            "phone",
            "stations",
            "notes",
            "is_active",
        ]
        widgets = {
            "stations": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = OrgUnit.objects.stations().active_on()


def own_station(user) -> OrgUnit | None:
    membership = user.primary_membership
    return scope_root(membership.unit) if membership else None


def organisations_for(user, *, keep=()):
    """Active organisations, those the user's station deals with first; `keep` stays selectable."""
    dealt_with = Organisation.stations.through.objects.filter(
        organisation=OuterRef("pk"), orgunit=own_station(user)
    )
    return (
        Organisation.objects.filter(Q(is_active=True) | Q(pk__in=keep))
        .annotate(own=Exists(dealt_with))
        .order_by("-own", "kind", "name")
    )


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        title = f"・{obj.title}" if obj.title else ""
        return f"{obj.name}（{obj.organisation.name}{title}）"


class ContactForm(JapaneseFormMixin, VersionedFormMixin):
    """A contact of one organisation, owned by a unit of the user's station."""

    class Meta:
        model = Contact
        fields = [
            "organisation",
            "owning_unit",
            "name",
            "title",
            "phone",
            "email",
            "languages",
            "notes",
            "is_active",
        ]
        widgets = {
            "languages": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "languages": MULTIPLE_HELP,
            "owning_unit": _("この担当者の情報は、この所属の警察署と本部だけが見られます。"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.organisation_id] if self.instance.organisation_id else []
        self.fields["organisation"].queryset = organisations_for(user, keep=keep)
        self.fields["owning_unit"].queryset = units_user_may_add_for(user)
        self.fields["languages"].queryset = Language.objects.filter(is_active=True)
        if self.instance._state.adding and (station := own_station(user)):
            self.initial.setdefault("owning_unit", station.pk)


def participants_for(user, *, keep=()):
    """Active members of the units the user may record for (their station's officers).

    `keep` (those already named on the record) stay selectable after a transfer.
    """
    members = Q(is_active=True) & (unit_filter(user, "add", field="memberships__unit") or Q())
    return (
        User.objects.filter(members | Q(pk__in=keep)).distinct().order_by("full_name", "username")
    )


class LiaisonRecordForm(RecordForm):
    """Create or edit a liaison record; its contacts must belong to the organisations named."""

    class Meta(RecordForm.Meta):
        model = LiaisonRecord
        fields = [
            "owning_unit",
            "measure",
            "kind",
            "title",
            "date",
            "place_name",
            "organisations",
            "contacts",
            "participants",
            "summary",
            "intel_obtained",
            "intel_note",
        ]
        field_classes = {"contacts": ContactChoiceField}
        widgets = {
            "date": date_input(),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
            "contacts": forms.SelectMultiple(attrs={"size": 6}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "intel_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "organisations": _("一覧にない相手方は、先に「関係機関・団体」に登録してください。"),
            "contacts": _("自署で登録した担当者から選びます。") + MULTIPLE_HELP,
            "participants": MULTIPLE_HELP,
            "intel_obtained": _(
                "地域社会についての情報を得たとき。実態把握の記録は別に作成します。"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance, fields = self.instance, self.fields
        linked = (
            {"organisations": [], "contacts": [], "participants": []}
            if instance._state.adding
            else {
                "organisations": list(instance.organisations.values_list("pk", flat=True)),
                "contacts": list(instance.contacts.values_list("pk", flat=True)),
                "participants": list(instance.participants.values_list("pk", flat=True)),
            }
        )
        fields["measure"].queryset = Measure.objects.filter(
            Q(is_active=True) | Q(pk=instance.measure_id),
            code__startswith=LIAISON_MEASURE_PREFIX,
        )
        fields["organisations"].queryset = organisations_for(
            self.user, keep=linked["organisations"]
        )
        fields["contacts"].queryset = (
            Contact.objects.visible_to(self.user)
            .filter(Q(is_active=True) | Q(pk__in=linked["contacts"]))
            .select_related("organisation")
        )
        fields["participants"].queryset = participants_for(self.user, keep=linked["participants"])
        if instance._state.adding:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("participants", [self.user.pk])

    def clean(self):
        cleaned = super().clean()
        organisations = set(cleaned.get("organisations") or ())
        strays = [c for c in cleaned.get("contacts") or () if c.organisation not in organisations]
        if strays and "organisations" not in self.errors:
            names = "、".join(f"{c.name}（{c.organisation.name}）" for c in strays)
            self.add_error(
                "contacts",
                _("%(names)s の所属する関係機関・団体を「関係機関・団体」でも選んでください。")
                % {"names": names},
            )
        return cleaned


class InformationItemForm(JapaneseFormMixin, forms.ModelForm):
    class Meta:
        model = InformationItem
        fields = ["direction", "organisation", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = [self.instance.organisation_id] if self.instance.organisation_id else []
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(is_active=True) | Q(pk__in=keep)
        )


class FollowUpForm(JapaneseFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "due_date", "status"]
        widgets = {"due_date": date_input()}


class FollowUpStatusForm(JapaneseFormMixin, forms.ModelForm):
    """The status of one follow-up, changed on the record's page (also once approved)."""

    class Meta:
        model = FollowUp
        fields = ["status"]


InformationFormSet = inlineformset_factory(
    LiaisonRecord,
    InformationItem,
    form=InformationItemForm,
    extra=2,
    can_delete=True,
    **FORMSET_LIMITS,
)
FollowUpFormSet = inlineformset_factory(
    LiaisonRecord, FollowUp, form=FollowUpForm, extra=2, can_delete=True, **FORMSET_LIMITS
)
