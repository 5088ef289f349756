"""Report files generated in the background, kept for a while for the user who asked."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ANNUAL = "annual_report", _("年間実施状況報告")


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel")
    PDF = "pdf", _("PDF")


class GenerationStatus(models.TextChoices):
    PENDING = "pending", _("待機中")
    RUNNING = "running", _("作成中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗")


FINISHED_STATUSES = frozenset({GenerationStatus.DONE, GenerationStatus.FAILED})


def generated_report_upload_to(instance: "GeneratedReport", filename: str) -> str:
    """reports/<yyyy>/<mm>/<uuid>.<ext>: nothing the user typed reaches the disk."""
    return f"reports/{timezone.now():%Y/%m}/{instance.pk.hex}.{instance.fmt}"


class GeneratedReport(models.Model):
    """A report file produced by a background task (reports.tasks) for one user.

    Only `requested_by` may follow its progress or download it; anyone else meets a 404.
    The file is kept until `expires_at` (REPORTS_FILE_DAYS) and then deleted with the row.
    `params` holds the report's options (year, basis, unit), never figures or content.
    Progress is written with `update()`: the row is bookkeeping, not a programme record.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("依頼者"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("種類"), max_length=20, choices=ReportKind.choices)
    fmt = models.CharField(_("形式"), max_length=4, choices=ReportFormat.choices)
    params = models.JSONField(_("条件"), default=dict)
    title = models.CharField(_("表題"), max_length=200)
    status = models.CharField(
        _("状態"),
        max_length=8,
        choices=GenerationStatus.choices,
        default=GenerationStatus.PENDING,
    )
    progress = models.PositiveSmallIntegerField(_("進捗（%）"), default=0)
    file = models.FileField(
        _("ファイル"), upload_to=generated_report_upload_to, max_length=200, blank=True
    )
    filename = models.CharField(_("ファイル名"), max_length=200, blank=True)
    task_id = models.CharField(_("タスクID"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    expires_at = models.DateTimeField(_("保存期限"), db_index=True)

    class Meta:
        verbose_name = _("作成した報告ファイル")
        verbose_name_plural = _("作成した報告ファイル")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"], name="report_user_idx")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_fmt_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == GenerationStatus.DONE
            and bool(self.file)
            and self.expires_at > timezone.now()
        )
