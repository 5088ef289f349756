"""Upload, download and delete of a record's attachments, scoped like the record itself.

The parent record is looked up in `Model.objects.visible_to(user, action)` first, and the
attachment only among that record's own: another station's file, or a file id guessed
under the wrong record, is a 404 (never a 403 that would confirm it exists).
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.generic import View
from django_htmx.http import HttpResponseClientRedirect

from gifu_taisaku.core.attachments import (
    INLINE_TYPES,
    AttachmentForm,
    attachment_add,
    attachment_delete,
    attachment_of,
    max_bytes,
)
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.generic_views import ScopedQuerysetMixin
from gifu_taisaku.core.models import Attachment, AuditAction, WorkflowStatus


class MethodFirstMixin:
    """A wrong method is 405 for everyone, before role or scope are looked at."""

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class AttachmentViewMixin(MethodFirstMixin, ScopedQuerysetMixin):
    """`model` is the parent record's model (set by `attachment_urlpatterns`)."""

    def get_record(self):
        queryset = self.get_queryset()
        if self.scope_action == "change":  # approved or submitted records are not altered
            queryset = queryset.filter(status__in=[WorkflowStatus.DRAFT, WorkflowStatus.RETURNED])
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_attachment(self, record) -> Attachment:
        try:
            return attachment_of(record, self.kwargs["attachment_pk"])
        except Attachment.DoesNotExist:
            raise Http404 from None


class AttachmentUploadView(AttachmentViewMixin, View):
    """POST a file to a record the user may change (a draft or returned record)."""

    http_method_names = ["post"]
    scope_action = "change"

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.refused(record, form)
        attachment_add(
            actor=request.user,
            record=record,
            upload=form.cleaned_data["file"],
            media_type=form.media_type,
        )
        messages.success(request, _("ファイルを添付しました。"))
        return self.back_to(record)

    def refused(self, record, form):
        """With htmx, the form comes back with the error under the field; without, a message."""
        if request_is_htmx(self.request):
            html = render_to_string(
                "includes/attachments.html#upload_form",
                {
                    "record": record,
                    "upload_errors": form.errors.get("file"),
                    "upload_max_bytes": max_bytes(),
                },
                request=self.request,
            )
            return HttpResponse(html)
        for error in form.errors.get("file", []):
            messages.error(self.request, _("添付できませんでした：%(error)s") % {"error": error})
        return HttpResponseRedirect(record.get_absolute_url() + "#attachments")

    def back_to(self, record):
        url = record.get_absolute_url() + "#attachments"
        if request_is_htmx(self.request):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


class AttachmentDownloadView(AttachmentViewMixin, View):
    """The file, for users who may see the record, sent as the type its content proved to be."""

    http_method_names = ["get"]
    scope_action = "view"

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        attachment = self.get_attachment(record)
        if getattr(self.model, "audit_reads", False):  # need-to-know records log every read
            record_event(
                action=AuditAction.CONFIDENTIAL_READ,
                actor=request.user,
                target=record,
                reason=_("添付ファイルの閲覧"),
                detail={"attachment": attachment.pk},
            )
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=attachment.media_type not in INLINE_TYPES,
            filename=attachment.original_name,
            content_type=attachment.media_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentDeleteView(AttachmentViewMixin, View):
    """POST to remove an attachment from a record the user may change."""

    http_method_names = ["post"]
    scope_action = "change"

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        attachment = self.get_attachment(record)
        attachment_delete(actor=request.user, record=record, attachment=attachment)
        messages.success(
            request, _("「%(name)s」を削除しました。") % {"name": attachment.original_name}
        )
        return HttpResponseRedirect(record.get_absolute_url() + "#attachments")


def request_is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def attachment_urlpatterns(model) -> list[URLPattern]:
    """<pk>/attachments/ (upload), …/<attachment_pk>/ (download), …/<attachment_pk>/delete/."""
    return [
        path(
            "<int:pk>/attachments/",
            AttachmentUploadView.as_view(model=model),
            name="attachment_upload",
        ),
        path(
            "<int:pk>/attachments/<int:attachment_pk>/",
            AttachmentDownloadView.as_view(model=model),
            name="attachment_download",
        ),
        path(
            "<int:pk>/attachments/<int:attachment_pk>/delete/",
            AttachmentDeleteView.as_view(model=model),
            name="attachment_delete",
        ),
    ]
