"""Attachments of programme records (photos and flyers): checks, writes and reads.

A file is accepted for what its bytes are, not for its name or the type the browser
claims: JPEG, PNG or PDF by signature, images opened and verified with Pillow, and the
file name's extension must agree with the content. Anything else (SVG, HTML, archives,
office documents) is refused with a message next to the field.
"""

import os
import unicodedata
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import Attachment, AuditAction

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Media type → (leading bytes of such a file, the extensions its name may have).
ACCEPTED_TYPES: dict[str, tuple[bytes, frozenset[str]]] = {
    "image/jpeg": (b"\xff\xd8\xff", frozenset({".jpg", ".jpeg"})),
    "image/png": (b"\x89PNG\r\n\x1a\n", frozenset({".png"})),
    "application/pdf": (b"%PDF-", frozenset({".pdf"})),
}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
TYPE_LABELS = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
# Shown inline by the browser; everything else downloads (a PDF viewer may run scripts).
INLINE_TYPES = frozenset({"image/jpeg", "image/png"})
ACCEPT_ATTRIBUTE = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"


def max_bytes() -> int:
    """The size limit of one file (settings.ATTACHMENT_MAX_BYTES, 10 MB by default)."""
    return getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _read_head(upload: UploadedFile, size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _sniff(head: bytes) -> str:
    for media_type, (signature, _extensions) in ACCEPTED_TYPES.items():
        if head.startswith(signature):
            return media_type
    raise ValidationError(
        _("添付できるのは JPEG・PNG の画像と PDF だけです。"), code="unsupported_type"
    )


def _check_extension(name: str, media_type: str) -> None:
    extension = os.path.splitext(name)[1].lower()
    if extension not in ACCEPTED_TYPES[media_type][1]:
        raise ValidationError(
            _(
                "ファイル名の拡張子（%(extension)s）と中身（%(kind)s）が一致しません。"
                "正しいファイルか確認してください。"
            )
            % {"extension": extension or _("なし"), "kind": TYPE_LABELS[media_type]},
            code="extension_mismatch",
        )


def _verify_image(upload: UploadedFile, media_type: str) -> None:
    """Open the image with Pillow: truncated, corrupt or decompression-bomb files fail."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != PILLOW_FORMATS[media_type]:
                    raise ValueError(image.format)
                image.verify()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning) as error:
        raise ValidationError(
            _("画像として読み込めません。ファイルが壊れていないか確認してください。"),
            code="invalid_image",
        ) from error
    finally:
        upload.seek(0)


def detect_media_type(upload: UploadedFile) -> str:
    """The media type of an acceptable upload, or ValidationError saying what is wrong."""
    if not upload.size:
        raise ValidationError(_("ファイルが空です。"), code="empty")
    if upload.size > max_bytes():
        limit = filesizeformat(max_bytes())
        raise ValidationError(
            _("ファイルが大きすぎます（上限 %(limit)s）。") % {"limit": limit}, code="too_large"
        )
    media_type = _sniff(_read_head(upload))
    _check_extension(upload.name or "", media_type)
    if media_type in PILLOW_FORMATS:
        _verify_image(upload, media_type)
    return media_type


def display_name(name: str) -> str:
    """The user's file name as shown and offered on download: no folders, no control codes."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    stem, extension = os.path.splitext(name)
    return stem[: 255 - len(extension)] + extension


class AttachmentForm(forms.Form):
    """The upload form on a record's page; `clean_file` leaves the detected media type."""

    file = forms.FileField(label=gettext_lazy("添付ファイル"), allow_empty_file=True)

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        self.media_type = detect_media_type(upload)
        return upload


class AttachmentList(list):
    """A record's attachments, with the size limit the upload form states."""

    max_bytes: int = DEFAULT_MAX_BYTES


def attachments_for(record: models.Model) -> AttachmentList:
    """The attachments of `record` (with their uploaders), in one query."""
    opts = record._meta
    found = AttachmentList(
        Attachment.objects.filter(
            content_type__app_label=opts.app_label,
            content_type__model=opts.model_name,
            object_id=record.pk,
        ).select_related("uploaded_by")
    )
    found.max_bytes = max_bytes()
    return found


def attachment_of(record: models.Model, pk: int) -> Attachment:
    """One attachment of `record`; Attachment.DoesNotExist if it belongs to another record."""
    opts = record._meta
    return Attachment.objects.get(
        pk=pk,
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
        object_id=record.pk,
    )


def attachment_add(
    *, actor, record: models.Model, upload: UploadedFile, media_type: str
) -> Attachment:
    """Store `upload` (already checked: AttachmentForm) as an attachment of `record`.

    The file is written under a random name first; if the row cannot be saved, the file
    is removed again, so storage holds no file without its row.
    """
    attachment = Attachment(
        record=record,
        original_name=display_name(upload.name or ""),
        media_type=media_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save("upload", upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
            record_event(
                action=AuditAction.ATTACHMENT_ADDED,
                actor=actor,
                target=record,
                detail=_audit_detail(attachment),
            )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_delete(*, actor, record: models.Model, attachment: Attachment) -> None:
    """Remove an attachment of `record`; the file goes once the transaction commits."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        detail = _audit_detail(attachment)
        attachment.delete()
        record_event(
            action=AuditAction.ATTACHMENT_DELETED, actor=actor, target=record, detail=detail
        )
        transaction.on_commit(lambda: storage.delete(name))


def _audit_detail(attachment: Attachment) -> dict:
    # No file name: it can be content (an intel attachment's name), and the append-only
    # trail outlives a purge. The id, type and size identify the upload well enough.
    return {
        "attachment_id": attachment.pk,
        "media_type": attachment.media_type,
        "size": attachment.size,
    }
