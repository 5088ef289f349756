"""本部管理者's master-data screens: one set of generic views, configured per model.

Each `Master` says what a screen needs (model, form, filter, columns, queryset); the
views below serve list, create, edit and delete for all of them, so a new catalogue
is a new configuration, not new views. Every write goes through orgs.services.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import (
    CreateView,
    DeleteView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.core.templatetags.records import attr
from gifu_taisaku.orgs import filters, forms, services
from gifu_taisaku.orgs.models import (
    ForeignPopulation,
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    Nationality,
    OrgUnit,
)


@dataclass(frozen=True)
class Column:
    """A list column: a dotted attribute path ("parent.label") or a function of the row.

    A master lists most columns by field name alone; the label is the field's verbose name.
    """

    label: str
    value: str | Callable[[Any], Any]

    def cell(self, obj) -> Any:
        value = self.value(obj) if callable(self.value) else attr(obj, self.value)
        if isinstance(value, bool):
            return "○" if value else "—"
        return "" if value is None else value


@dataclass(frozen=True)
class Master:
    """The configuration of one master-data screen set (URL names `<key>_list` …)."""

    key: str
    slug: str
    model: type[models.Model]
    title: str
    description: str
    form_class: type
    filterset_class: type
    columns: tuple[str | Column, ...]  # field names, or Column for anything computed
    queryset: Callable[[], models.QuerySet]
    locked_fields: tuple[str, ...] = ()
    can_create: bool = True
    can_delete: bool = False
    pk_converter: str = "int"
    related: Callable[[Any], list[tuple[str, list[str]]]] | None = None

    def url(self, action: str, *args) -> str:
        return reverse(f"orgs:{self.key}_{action}", args=args)

    @cached_property
    def table_columns(self) -> tuple[Column, ...]:
        return tuple(
            c if isinstance(c, Column) else Column(self.model._meta.get_field(c).verbose_name, c)
            for c in self.columns
        )

    @property
    def list_url(self) -> str:
        return self.url("list")

    @property
    def create_url(self) -> str:
        return self.url("create") if self.can_create else ""


def coverage_label(municipality: Municipality) -> str:
    """ "岐阜中（一部）、岐阜南（一部）" from the prefetched jurisdictions."""
    return "、".join(
        f"{j.station.label}{_('（一部）') if j.partial else ''}"
        for j in municipality.jurisdictions.all()
    )


def municipalities_with_coverage():
    jurisdictions = Jurisdiction.objects.select_related("station").order_by(
        "station__sort_order", "station__code"
    )
    return Municipality.objects.prefetch_related(Prefetch("jurisdictions", queryset=jurisdictions))


def municipality_related(municipality: Municipality) -> list[tuple[str, list[str]]]:
    jurisdictions = municipality.jurisdictions.select_related("station").order_by(
        "station__sort_order"
    )
    stations = [f"{j.station.name}{_('（一部）') if j.partial else ''}" for j in jurisdictions]
    return [(_("管轄警察署"), stations or [_("（未設定）")])]


def orgunit_related(unit: OrgUnit) -> list[tuple[str, list[str]]]:
    return [(_("下位組織"), [child.name for child in unit.children.order_by("sort_order", "code")])]


MASTERS: tuple[Master, ...] = (
    Master(
        key="orgunit",
        slug="units",
        model=OrgUnit,
        title=_("組織"),
        description=_("本部・部・課、警察署・交番・駐在所。廃止は終了日で表します。"),
        form_class=forms.OrgUnitForm,
        filterset_class=filters.OrgUnitFilter,
        columns=("code", "name", "short_name", "kind", "parent", "active_from", "active_to"),
        queryset=lambda: OrgUnit.objects.select_related("parent").order_by("path"),
        locked_fields=("code",),
        related=orgunit_related,
    ),
    Master(
        key="municipality",
        slug="municipalities",
        model=Municipality,
        title=_("市町村"),
        description=_("県内42市町村（地方公共団体コード）と管轄警察署。"),
        form_class=forms.MunicipalityForm,
        filterset_class=filters.MunicipalityFilter,
        columns=("code", "name", "kana", "kind", Column(_("管轄警察署"), coverage_label)),
        queryset=lambda: municipalities_with_coverage().order_by("code"),
        locked_fields=("code",),
        pk_converter="str",
        related=municipality_related,
    ),
    Master(
        key="jurisdiction",
        slug="jurisdictions",
        model=Jurisdiction,
        title=_("管轄区域"),
        description=_("どの警察署がどの市町村を管轄するか（一部管轄を含む）。"),
        form_class=forms.JurisdictionForm,
        filterset_class=filters.JurisdictionFilter,
        columns=("station", "municipality", "partial"),
        queryset=lambda: Jurisdiction.objects.select_related("station", "municipality").order_by(
            "station__sort_order", "station__code", "municipality__code"
        ),
        can_delete=True,
    ),
    Master(
        key="population",
        slug="populations",
        model=ForeignPopulation,
        title=_("在留外国人数"),
        description=_("市町村別・年別の在留外国人数（表彰の評価に使います）。"),
        form_class=forms.ForeignPopulationForm,
        filterset_class=filters.ForeignPopulationFilter,
        columns=(
            "year",
            "municipality",
            "as_of",
            Column(_("在留外国人数"), lambda p: f"{p.count:,}"),
            "source",
        ),
        queryset=lambda: ForeignPopulation.objects.select_related("municipality").order_by(
            "-year", "municipality__code"
        ),
    ),
    Master(
        key="measure",
        slug="measures",
        model=Measure,
        title=_("推進方策（別表）"),
        description=_("別表の項目。コードは集計の鍵なので変更できません。"),
        form_class=forms.MeasureForm,
        filterset_class=filters.MeasureFilter,
        columns=("code", "name", "promotion_item", "sort_order", "is_active"),
        queryset=lambda: Measure.objects.order_by("sort_order", "code"),
        locked_fields=("code",),
    ),
    Master(
        key="nationality",
        slug="nationalities",
        model=Nationality,
        title=_("国籍・地域"),
        description=_("国籍・地域の名称と表示順（CLDR による）。"),
        form_class=forms.NationalityForm,
        filterset_class=filters.NationalityFilter,
        columns=("code", "name", "sort_order", "is_active"),
        queryset=lambda: Nationality.objects.order_by("sort_order", "code"),
        can_create=False,
        pk_converter="str",
    ),
    Master(
        key="language",
        slug="languages",
        model=Language,
        title=_("言語"),
        description=_("言語の名称と表示順（CLDR による）。"),
        form_class=forms.LanguageForm,
        filterset_class=filters.LanguageFilter,
        columns=("code", "name", "sort_order", "is_active"),
        queryset=lambda: Language.objects.order_by("sort_order", "code"),
        can_create=False,
        pk_converter="str",
    ),
)


class MasterAdminMixin(RolePermissionRequiredMixin):
    required_perm = Perm.MANAGE_MASTER


class MasterIndexView(MasterAdminMixin, TemplateView):
    template_name = "orgs/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(masters=MASTERS, **kwargs)


class MasterMixin(MasterAdminMixin):
    """Shared by the views of one `Master` (passed with as_view(master=…))."""

    master: Master | None = None

    def get_queryset(self):
        return self.master.queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(master=self.master, **kwargs)


@dataclass(frozen=True)
class Row:
    edit_url: str
    delete_url: str
    cells: list


class MasterListView(MasterMixin, ListView):
    template_name = "orgs/master_list.html"
    paginate_by = 50

    def get_queryset(self):
        # Always bound (an empty query string is a valid, empty filter), so the first
        # visit lists everything instead of nothing.
        self.filterset = self.master.filterset_class(
            self.request.GET, queryset=super().get_queryset()
        )
        return self.filterset.qs if self.filterset.is_valid() else self.filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.filterset, **kwargs)
        context["rows"] = [self._row(obj) for obj in context["object_list"]]
        return context

    def _row(self, obj) -> Row:
        master = self.master
        return Row(
            edit_url=master.url("edit", obj.pk),
            delete_url=master.url("delete", obj.pk) if master.can_delete else "",
            cells=[column.cell(obj) for column in master.table_columns],
        )


class MasterFormMixin(MasterMixin):
    template_name = "orgs/master_form.html"

    def get_form_class(self):
        return self.master.form_class

    def form_valid(self, form):
        try:
            self.object = services.master_save(
                actor=self.request.user,
                instance=form.save(commit=False),
                locked_fields=self.master.locked_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("「%(name)s」を保存しました。") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.master.url("list")

    def get_context_data(self, **kwargs):
        related = self.master.related(self.object) if self.master.related and self.object else []
        return super().get_context_data(related=related, **kwargs)


class MasterCreateView(MasterFormMixin, CreateView):
    pass


class MasterUpdateView(MasterFormMixin, UpdateView):
    pass


class MasterDeleteView(MasterMixin, DeleteView):
    """A confirmation page; POST deletes through the service (audited)."""

    template_name = "orgs/master_confirm_delete.html"

    def form_valid(self, form):
        name = str(self.object)
        services.master_delete(actor=self.request.user, instance=self.object)
        messages.success(self.request, _("「%(name)s」を削除しました。") % {"name": name})
        return HttpResponseRedirect(self.master.url("list"))


class PopulationBulkView(MasterAdminMixin, FormView):
    """Every municipality's foreign-resident figure for one year (?year=), in one form."""

    template_name = "orgs/population_bulk.html"
    form_class = forms.PopulationBulkForm

    @cached_property
    def year_form(self) -> forms.PopulationYearForm:
        data = self.request.GET if "year" in self.request.GET else {"year": self.default_year()}
        return forms.PopulationYearForm(data)

    @staticmethod
    def default_year() -> int:
        latest = ForeignPopulation.objects.aggregate(models.Max("year"))["year__max"]
        return latest or timezone.localdate().year - 1

    @cached_property
    def year(self) -> int | None:
        return self.year_form.cleaned_data["year"] if self.year_form.is_valid() else None

    def get_form_kwargs(self):
        existing = {
            row.municipality_id: row for row in ForeignPopulation.objects.filter(year=self.year)
        }
        municipalities = Municipality.objects.order_by("code")
        return {
            **super().get_form_kwargs(),
            "year": self.year,
            "municipalities": municipalities,
            "existing": existing,
        }

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.year else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(year_form=self.year_form, year=self.year, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.year:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        saved = services.population_bulk_save(
            actor=self.request.user,
            year=self.year,
            as_of=form.cleaned_data["as_of"],
            source=form.cleaned_data["source"],
            counts=form.counts(),
        )
        messages.success(
            self.request,
            _("%(year)d年の在留外国人数を %(n)d 件保存しました。")
            % {"year": self.year, "n": saved},
        )
        return HttpResponseRedirect(f"{reverse('orgs:population_list')}?year={self.year}")
