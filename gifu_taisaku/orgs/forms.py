"""Forms of 本部管理者's master-data screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import JapaneseFormMixin, date_input
from gifu_taisaku.orgs.models import (
    ALLOWED_PARENT_KINDS,
    ForeignPopulation,
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    Nationality,
    OrgUnit,
)

MIN_YEAR, MAX_YEAR = 2000, 2100


class MasterForm(JapaneseFormMixin, forms.ModelForm):
    """Base of the master-data forms."""


class KeyLockedForm(MasterForm):
    """A form whose `locked_fields` (stable codes) can be entered on creation only."""

    locked_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            for name in self.locked_fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("作成後は変更できません。")


def parent_unit_choices():
    parent_kinds = {kind for kinds in ALLOWED_PARENT_KINDS.values() for kind in kinds if kind}
    return OrgUnit.objects.filter(kind__in=parent_kinds).order_by("path")


class OrgUnitForm(KeyLockedForm):
    locked_fields = ("code",)

    class Meta:
        model = OrgUnit
        fields = [
            "code", "name", "short_name", "kind", "parent",
            "sort_order", "active_from", "active_to",
        ]  # fmt: skip
        widgets = {"active_from": date_input(), "active_to": date_input()}
        help_texts = {
            "code": _("英小文字・数字・ハイフン（例: gifunaka-ekimae）。"),
            "parent": _(
                "本部→部→課、警察署→交番・駐在所の順に置きます。警察署と本部は上位組織なし。"
            ),
            "active_to": _("廃止する組織は削除せず、終了日を入れてください。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parent_unit_choices()
        self.fields["parent"].empty_label = _("（なし：本部・警察署）")

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        has_children = self.instance.pk and self.instance.children.exists()
        if has_children and kind != self.instance.kind:
            raise forms.ValidationError(_("下位組織があるため種別を変更できません。"))
        return kind


class MunicipalityForm(KeyLockedForm):
    locked_fields = ("code",)

    class Meta:
        model = Municipality
        fields = ["code", "name", "kana", "kind"]
        help_texts = {"code": _("検査数字を含む6桁（例: 岐阜市 212016）。")}


class JurisdictionForm(MasterForm):
    class Meta:
        model = Jurisdiction
        fields = ["station", "municipality", "partial"]
        help_texts = {"partial": _("市町村の一部だけを管轄する場合（岐阜市など）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = OrgUnit.objects.stations().order_by("sort_order", "code")


class ForeignPopulationForm(MasterForm):
    year = forms.IntegerField(label=_("年"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = ForeignPopulation
        fields = ["municipality", "year", "as_of", "count", "source"]
        widgets = {"as_of": date_input()}
        help_texts = {"source": _("例: 出入国在留管理庁 在留外国人統計")}

    def clean(self):
        cleaned = super().clean()
        year, as_of = cleaned.get("year"), cleaned.get("as_of")
        if year and as_of and as_of.year != year:
            self.add_error("as_of", _("基準日はその年の日付にしてください。"))
        return cleaned


class MeasureForm(KeyLockedForm):
    locked_fields = ("code",)

    class Meta:
        model = Measure
        fields = ["code", "name", "promotion_item", "sort_order", "is_active"]
        help_texts = {"is_active": _("使わなくなった項目は削除せず、チェックを外します。")}


class NationalityForm(MasterForm):
    class Meta:
        model = Nationality
        fields = ["name", "sort_order", "is_active"]


class LanguageForm(MasterForm):
    class Meta:
        model = Language
        fields = ["name", "sort_order", "is_active"]


class PopulationYearForm(forms.Form):
    """Chooses the year of the bulk-entry page (GET)."""

    year = forms.IntegerField(label=_("年"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class PopulationBulkForm(forms.Form):
    """The figures of every municipality for one year, entered on one page.

    One field per municipality (`count_<code>`), pre-filled with the figures already
    recorded. A recorded figure cannot be blanked here: deleting data needs a decision,
    not an emptied box.
    """

    as_of = forms.DateField(label=_("基準日"), widget=date_input())
    source = forms.CharField(label=_("出典"), max_length=100, required=False)

    def __init__(self, *args, year: int, municipalities, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.existing = year, existing
        self.municipalities = list(municipalities)
        for municipality in self.municipalities:
            row = existing.get(municipality.code)
            self.fields[self.field_name(municipality)] = forms.IntegerField(
                label=municipality.name,
                min_value=0,
                required=False,
                initial=row.count if row else None,
            )
        self._set_initial_date_and_source()

    @staticmethod
    def field_name(municipality: Municipality) -> str:
        return f"count_{municipality.code}"

    def _set_initial_date_and_source(self) -> None:
        any_row = next(iter(self.existing.values()), None)
        if any_row:
            self.fields["as_of"].initial = any_row.as_of
            self.fields["source"].initial = any_row.source

    def count_fields(self) -> list:
        """(municipality, bound field) pairs, in municipality order, for the table."""
        return [(m, self[self.field_name(m)]) for m in self.municipalities]

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of.year != self.year:
            raise forms.ValidationError(_("基準日はその年の日付にしてください。"))
        return as_of

    def clean(self):
        cleaned = super().clean()
        for municipality in self.municipalities:
            name = self.field_name(municipality)
            if cleaned.get(name) is None and municipality.code in self.existing:
                self.add_error(name, _("登録済みの数値は空欄にできません。"))
        return cleaned

    def counts(self) -> dict[str, int]:
        """Municipality code → figure, for the boxes that were filled in."""
        return {
            m.code: self.cleaned_data[self.field_name(m)]
            for m in self.municipalities
            if self.cleaned_data.get(self.field_name(m)) is not None
        }
