"""Generic views for programme records, with scope applied once.

Every view starts from `Model.objects.visible_to(user, action)`, so a record outside the
user's scope is a 404, never a 403. Programme apps configure these views (model, form,
filterset, columns, templates) rather than write their own.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View

from gifu_taisaku.accounts.roles import ACTION_PERMISSIONS
from gifu_taisaku.core import services
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.forms import add_service_errors
from gifu_taisaku.core.history import history_entries
from gifu_taisaku.core.models import WorkflowStatus


class ScopedQuerysetMixin:
    """The queryset is what the user may `scope_action`; missing the role permission is 403."""

    model = None
    scope_action = "view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_role_perm(ACTION_PERMISSIONS[self.scope_action]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.scope_action)


class RecordListView(ScopedQuerysetMixin, ListView):
    """A paginated, filtered list of the records in the user's scope."""

    template_name = "generic/list.html"
    filterset_class = None
    paginate_by = 50
    columns: tuple[tuple[str, str], ...] = ()  # (label, attribute) pairs for the table
    default_ordering: tuple[str, ...] = ("-updated_at", "-pk")

    def get_base_queryset(self):
        """The scoped rows before filtering; apps override it to add joins (via a selector)."""
        return super().get_queryset().select_related("owning_unit")

    def get_queryset(self):
        queryset = self.get_base_queryset()
        if not queryset.ordered:
            queryset = queryset.order_by(*self.default_ordering)
        if self.filterset_class is None:
            self.filterset = None
            return queryset
        # The filter narrows the scoped queryset; it never widens it.
        self.filterset, queryset = apply_filters(self.filterset_class, self.request, queryset)
        return queryset

    def get_row_count(self) -> int | None:
        """The number of rows of the filtered list when the view already has it (from a
        totals row it shows anyway, say); None lets the paginator count them (issue 9)."""
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        count = self.get_row_count()
        if count is not None:
            paginator.count = count  # the paginator's cached_property: no COUNT(*) query
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            columns=self.columns,
            opts=self.model._meta,
            can_add=self.request.user.has_role_perm(ACTION_PERMISSIONS["add"]),
            **kwargs,
        )


@dataclass(frozen=True)
class WorkflowWords:
    """What a record's page calls its workflow steps. Programme records are 提出 to a
    station approver and 承認; an app whose paper has other words (表彰の上申: 審査に回す,
    決定) gives its detail view its own."""

    submit: str = gettext_lazy("提出")
    submit_help: str = gettext_lazy(
        "入力が終わったら、承認者に提出してください。次の画面で内容を確認してから提出します。"
    )
    confirm_title: str = gettext_lazy("提出内容の確認")
    confirm_lead: str = gettext_lazy("次の内容で承認者に提出します。")
    confirm_help: str = gettext_lazy(
        "提出すると、承認または差戻しまで編集できません。内容を確かめてから"
        "「この内容で提出する」を押してください。直すときは「修正する」を押してください。"
    )
    confirm_button: str = gettext_lazy("この内容で提出する")
    approve: str = gettext_lazy("承認")
    reopen: str = gettext_lazy("承認の取消し（再開）")
    reopen_help: str = gettext_lazy(
        "承認済みの記録を訂正するときは、理由を書いて作成者に戻します。"
    )
    reopen_confirm: str = gettext_lazy("承認を取り消して作成者に戻します。よろしいですか？")


class RecordDetailView(ScopedQuerysetMixin, DetailView):
    """One record. With `submit_confirmation` it is the 確認 step of submitting it
    (RecordSubmitView's GET): the same fields, read-only, and only the submit form."""

    template_name = "generic/detail.html"
    submit_confirmation = False
    workflow_words = WorkflowWords()

    def get_context_data(self, **kwargs):
        user, record = self.request.user, self.object
        context = super().get_context_data(
            opts=self.model._meta,
            can_edit=record.is_editable and self._in_scope(user, "change"),
            can_decide=record.status == WorkflowStatus.SUBMITTED
            and record.created_by_id != user.pk
            and self._in_scope(user, "approve"),
            can_reopen=record.status == WorkflowStatus.APPROVED and self._in_scope(user, "approve"),
            words=self.workflow_words,
            **kwargs,
        )
        if self.submit_confirmation:
            # A summary to check, not a page to act on: every can_* flag of the page (the
            # app's own too, such as attaching files) is off.
            context |= {key: False for key in context if key.startswith("can_")}
            context["submit_confirmation"] = True
        return context

    def _in_scope(self, user, action: str) -> bool:
        return self.model.objects.visible_to(user, action).filter(pk=self.object.pk).exists()


class RecordFormMixin:
    """Shared by create and edit: the form knows the user, errors from services go to the form.

    `formset_classes` ({"languages": SomeInlineFormSet}) adds inline formsets that are
    validated with the form and saved in the same transaction as the record.
    """

    template_name = "generic/form.html"
    formset_classes: dict[str, type] = {}
    # The browser keeps a draft of what is typed (static/js/drafts.js), so that nothing is
    # lost when the session ends. Views of confidential content set it False: a draft in
    # localStorage is in clear on the PC. Fields in the model's `history_hidden_fields`
    # are never kept either way.
    keep_drafts = True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_formsets(self, instance) -> dict:
        data = self.request.POST if self.request.method == "POST" else None
        return {
            name: formset_class(data, instance=instance, prefix=name)
            for name, formset_class in self.formset_classes.items()
        }

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if isinstance(self, UpdateView) else None
        form = self.get_form()
        self.formsets = self.get_formsets(form.instance)
        if form.is_valid() and all(fs.is_valid() for fs in self.formsets.values()):
            return self.form_valid(form)
        return self.form_invalid(form)

    def save_related(self, form) -> None:
        """Many-to-many data and formsets, saved after the record inside its transaction."""
        form.save_m2m()
        for formset in self.formsets.values():
            formset.instance = form.instance
            formset.save()

    def form_valid(self, form):
        try:
            self.object = self.save_record(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except services.StaleRecordError:
            return stale_record_response(self, form)
        # "draft-saved" tells drafts.js that the browser's draft of this form can go.
        messages.success(self.request, _("保存しました。"), extra_tags="draft-saved")
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        formsets = getattr(self, "formsets", None) or self.get_formsets(self.object)
        return super().get_context_data(
            opts=self.model._meta,
            formsets=formsets,
            workflow_step="input",
            keep_drafts=self.keep_drafts,
            draft_excluded_fields=getattr(self.model, "history_hidden_fields", ()),
            **kwargs,
        )


def stale_record_response(view, form) -> HttpResponse:
    """The form again, as typed, saying someone else saved the row meanwhile: 409 Conflict,
    so that scripts and the access log see the refusal too."""
    form.add_error(None, services.STALE_RECORD_MESSAGE)
    response = view.form_invalid(form)
    response.status_code = 409
    return response


class RecordCreateView(ScopedQuerysetMixin, RecordFormMixin, CreateView):
    """Create a record owned by a unit the user may add records for (their own by default)."""

    scope_action = "add"

    def save_record(self, form):
        record = form.save(commit=False)
        return services.record_create(
            actor=self.request.user, record=record, after_save=lambda: self.save_related(form)
        )


class RecordUpdateView(ScopedQuerysetMixin, RecordFormMixin, UpdateView):
    """Edit a draft or returned record; a stale `version` keeps the input and says why."""

    scope_action = "change"

    def get_queryset(self):
        editable = [WorkflowStatus.DRAFT, WorkflowStatus.RETURNED]
        return super().get_queryset().filter(status__in=editable)

    def save_record(self, form):
        record = form.save(commit=False)
        return services.record_update(
            actor=self.request.user,
            record=record,
            expected_version=form.cleaned_data["version"],
            after_save=lambda: self.save_related(form),
        )


class RecordHistoryView(ScopedQuerysetMixin, DetailView):
    """The change history of one record, field by field, oldest change last."""

    template_name = "generic/history.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            opts=self.model._meta, entries=history_entries(self.object), **kwargs
        )


class WorkflowActionView(ScopedQuerysetMixin, View):
    """POST-only base for submit / approve / return; the record must be in the action's scope."""

    http_method_names = ["post"]
    success_tags = ""  # extra_tags of the success message

    def post(self, request, *args, **kwargs):
        record = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        try:
            self.perform(record)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message, extra_tags=self.success_tags)
        return HttpResponseRedirect(record.get_absolute_url())


class RecordSubmitView(WorkflowActionView):
    """提出 in two steps (入力 → 確認 → 完了). GET is the 確認 page: the record as the app's
    detail view shows it, read-only, with 「この内容で提出する」 posting the version shown.
    POST submits, unless the record changed since that version (then back to 確認, saying so).
    """

    scope_action = "change"
    http_method_names = ["get", "post"]
    detail_view: type[RecordDetailView] | None = None  # the app's; set by record_urlpatterns
    success_message = gettext_lazy("承認者に提出しました。")
    success_tags = "step-done"  # the detail page then shows 完了 in the step indicator

    def get(self, request, *args, **kwargs):
        record = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not record.is_editable:
            messages.error(request, _("作成中または差戻しの記録だけを提出できます。"))
            return HttpResponseRedirect(record.get_absolute_url())
        detail_view = self.detail_view or RecordDetailView
        confirmation = detail_view.as_view(model=self.model, submit_confirmation=True)
        return confirmation(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except services.StaleRecordError:
            messages.error(request, services.STALE_SUBMIT_MESSAGE)
            return HttpResponseRedirect(request.path)  # 確認 again, with the latest content

    def expected_version(self) -> int | None:
        """The version the 確認 page showed. A POST without one (the one-step form of old,
        scripts) is not checked; an unreadable one can never match."""
        value = self.request.POST.get("version")
        if value is None:
            return None
        return int(value) if value.isdecimal() else -1  # isdigit() would pass "²"

    def perform(self, record):
        services.record_submit(
            actor=self.request.user, record=record, expected_version=self.expected_version()
        )


class RecordApproveView(WorkflowActionView):
    scope_action = "approve"
    success_message = gettext_lazy("承認しました。")

    def perform(self, record):
        services.record_approve(
            actor=self.request.user, record=record, comment=self.request.POST.get("comment", "")
        )


class RecordReturnView(WorkflowActionView):
    scope_action = "approve"
    success_message = gettext_lazy("差し戻しました。")

    def perform(self, record):
        services.record_return(
            actor=self.request.user, record=record, reason=self.request.POST.get("reason", "")
        )


class RecordReopenView(WorkflowActionView):
    scope_action = "approve"
    success_message = gettext_lazy("承認を取り消し、作成者に戻しました。")

    def perform(self, record):
        services.record_reopen(
            actor=self.request.user, record=record, reason=self.request.POST.get("reason", "")
        )
