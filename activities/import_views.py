"""Excel import of activities: template download, upload, preview, commit.

Officers and approvers (Perm.ADD_RECORDS) import into a unit they may add records for;
others get 403. A staged batch is visible to its uploader only: anyone else gets 404.
"""

import io

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from activities import imports
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.forms import JapaneseFormMixin, units_user_may_add_for
from gifu_taisaku.core.imports import ImportFileError, limit
from gifu_taisaku.core.models import ImportBatch, ImportBatchStatus
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.orgs.models import OrgUnit

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "活動記録_取込み様式.xlsx"


class ImportUploadForm(JapaneseFormMixin, forms.Form):
    """The unit the rows will belong to (never read from the file) and the workbook."""

    owning_unit = forms.ModelChoiceField(
        label=gettext_lazy("担当所属"), queryset=OrgUnit.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("Excelファイル（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_CONTENT_TYPE}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owning_unit"].queryset = units_user_may_add_for(user)
        if user.primary_membership:
            self.initial.setdefault("owning_unit", user.primary_membership.unit_id)


class ImportPermissionMixin(RolePermissionRequiredMixin):
    required_perm = Perm.ADD_RECORDS

    def own_batch(self) -> ImportBatch:
        """The batch of the URL, if this user uploaded it (404 otherwise)."""
        batches = ImportBatch.objects.select_related("owning_unit")
        return get_object_or_404(
            batches, pk=self.kwargs["pk"], uploaded_by=self.request.user, target=imports.TARGET
        )


class ImportTemplateView(ImportPermissionMixin, View):
    """The template workbook, built from today's codes."""

    def get(self, request, *args, **kwargs):
        content = io.BytesIO(imports.activity_template())
        return FileResponse(
            content, as_attachment=True, filename=TEMPLATE_FILENAME, content_type=XLSX_CONTENT_TYPE
        )


class ImportUploadView(ImportPermissionMixin, FormView):
    """Upload a filled template; a readable file is staged and shown for review."""

    template_name = "activities/import_upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        max_mb = limit("IMPORT_MAX_UPLOAD_BYTES") // (1024 * 1024)
        return super().get_context_data(max_rows=limit("IMPORT_MAX_ROWS"), max_mb=max_mb, **kwargs)

    def form_valid(self, form):
        try:
            batch = imports.stage_import(
                actor=self.request.user,
                owning_unit=form.cleaned_data["owning_unit"],
                upload=form.cleaned_data["file"],
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("activities:import_preview", args=[batch.pk]))


class ImportPreviewView(ImportPermissionMixin, TemplateView):
    """Every problem (行・列・内容) and the first rows as they will be recorded."""

    template_name = "activities/import_preview.html"

    @cached_property
    def batch(self) -> ImportBatch:
        return self.own_batch()

    def get_context_data(self, **kwargs):
        batch = self.batch
        headers, rows = imports.preview_table(batch)
        return super().get_context_data(
            batch=batch,
            headers=headers,
            preview_rows=rows,
            hidden_errors=batch.error_count - len(batch.errors),
            can_commit=batch.status == ImportBatchStatus.PENDING and not batch.error_count,
            is_committed=batch.status == ImportBatchStatus.COMMITTED,
            **kwargs,
        )


class ImportCommitView(ImportPermissionMixin, View):
    """Create all the batch's activities, or none (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = self.own_batch()
        try:
            count = imports.commit_import(actor=request.user, batch=batch)
        except imports.ImportRejectedError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("activities:import_preview", args=[batch.pk]))
        messages.success(request, _("%(count)s件を取り込みました。") % {"count": f"{count:,}"})
        return HttpResponseRedirect(reverse("activities:list"))
