"""Scheme screens (本部管理者): the list, create, edit (metrics inline), copy from last year.

A frozen scheme is shown read-only: its year's result was decided on it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from commendations.forms import SchemeForm, SchemeMetricFormSet
from commendations.models import Scheme
from commendations.services import scheme_copy, scheme_save
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.forms import add_service_errors
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin


class SchemeAccessMixin(RolePermissionRequiredMixin):
    required_perm = Perm.MANAGE_COMMENDATIONS


class SchemeListView(SchemeAccessMixin, ListView):
    template_name = "commendations/scheme_list.html"
    context_object_name = "schemes"

    def get_queryset(self):
        return Scheme.objects.select_related("snapshot", "copied_from").order_by("-year")

    def get_context_data(self, **kwargs):
        years = {scheme.year for scheme in self.object_list}
        next_year = max(years) + 1 if years else timezone.localdate().year
        return super().get_context_data(
            next_year=next_year, can_copy=next_year - 1 in years, **kwargs
        )


class SchemeFormView(SchemeAccessMixin, TemplateView):
    """Create (no pk) or edit a scheme with its metrics in one form."""

    template_name = "commendations/scheme_form.html"

    def get_object(self) -> Scheme:
        if "pk" not in self.kwargs:
            return Scheme()
        return get_object_or_404(Scheme, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        scheme = kwargs.pop("scheme", None) or self.get_object()
        data = self.request.POST if self.request.method == "POST" else None
        kwargs.setdefault("form", SchemeForm(data, instance=scheme))
        kwargs.setdefault("formset", SchemeMetricFormSet(data, instance=scheme, prefix="metrics"))
        return super().get_context_data(
            scheme=scheme, frozen=bool(scheme.pk) and scheme.is_frozen, **kwargs
        )

    def post(self, request, *args, **kwargs):
        scheme = self.get_object()
        form = SchemeForm(request.POST, instance=scheme)
        formset = SchemeMetricFormSet(request.POST, instance=scheme, prefix="metrics")
        if form.is_valid() and formset.is_valid():
            try:
                saved = self._save(form, formset)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("保存しました。"))
                return HttpResponseRedirect(saved.get_absolute_url())
        context = self.get_context_data(scheme=scheme, form=form, formset=formset)
        return self.render_to_response(context)

    def _save(self, form, formset) -> Scheme:
        scheme = form.save(commit=False)

        def save_metrics() -> None:
            formset.instance = scheme
            formset.save()

        return scheme_save(actor=self.request.user, scheme=scheme, after_save=save_metrics)


class SchemeCopyView(SchemeAccessMixin, View):
    """POST year=N: the scheme of year N, copied from N−1 (then edited)."""

    http_method_names = ["post"]

    def post(self, request):
        year = request.POST.get("year", "")
        try:
            scheme = scheme_copy(actor=request.user, year=int(year))
        except (ValueError, ValidationError) as error:
            text = (
                error.messages
                if isinstance(error, ValidationError)
                else [_("年が正しくありません。")]
            )
            for message in text:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("commendations:scheme_list"))
        messages.success(request, _("前年の評価基準を複写しました。必要に応じて変更してください。"))
        return HttpResponseRedirect(scheme.get_absolute_url())
