"""The base of every programme record, and the append-only audit trail."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gifu_taisaku.core.scoping import ScopedQuerySet


class WorkflowStatus(models.TextChoices):
    """Where a record stands in its approval (決裁) workflow."""

    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("承認待ち")
    RETURNED = "returned", _("差戻し")
    APPROVED = "approved", _("承認済み")


EDITABLE_STATUSES = frozenset({WorkflowStatus.DRAFT, WorkflowStatus.RETURNED})


class Versioned(models.Model):
    """A row edited through a form by several people: `version` goes up by one on every
    save, and a save from an older version is refused (core.services.save_versioned)."""

    version = models.PositiveIntegerField(_("版"), default=1)

    class Meta:
        abstract = True


class RecordBase(Versioned):
    """Abstract base of every programme record (activities, liaison, intel, training …).

    It carries the owning unit that scoping filters on, the author, the approval
    workflow, a `version` for optimistic locking, and automatic history. Subclasses
    change records only through services (core.services, their app's services.py).
    """

    owning_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("担当所属"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=WorkflowStatus.choices,
        default=WorkflowStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("決裁者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("決裁日時"), null=True, blank=True)
    decision_comment = models.TextField(_("決裁コメント"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class AuditAction(models.TextChoices):
    """What an audit event records. Business events, not row changes (history does those)."""

    LOGIN = "login", _("ログイン")
    LOGOUT = "logout", _("ログアウト")
    LOGIN_FAILED = "login_failed", _("ログイン失敗")
    LOCKOUT = "lockout", _("アカウントロック")
    USER_CREATED = "user_created", _("利用者登録")
    USER_CHANGED = "user_changed", _("利用者情報変更")
    ROLE_CHANGED = "role_changed", _("所属・役割変更")
    USER_DEACTIVATED = "user_deactivated", _("利用停止")
    USER_REACTIVATED = "user_reactivated", _("利用再開")
    PASSWORD_SET = "password_set", _("パスワード設定")
    MASTER_CHANGED = "master_changed", _("参照データ変更")
    RECORD_SUBMITTED = "record_submitted", _("提出")
    RECORD_APPROVED = "record_approved", _("承認")
    RECORD_RETURNED = "record_returned", _("差戻し")
    RECORD_REOPENED = "record_reopened", _("承認の取消し（再開）")
    CONFIDENTIAL_READ = "confidential_read", _("秘匿情報の閲覧")
    EXPORT = "export", _("出力")
    ACCESS_GRANTED = "access_granted", _("閲覧権限の付与")
    ACCESS_REVOKED = "access_revoked", _("閲覧権限の取消し")
    IMPORT = "import", _("取込み")
    ATTACHMENT_ADDED = "attachment_added", _("添付ファイルの登録")
    ATTACHMENT_DELETED = "attachment_deleted", _("添付ファイルの削除")
    ANALYSIS_CHANGED = "analysis_changed", _("分析状況の変更")
    RECORD_VALIDATED = "record_validated", _("見直し確認")
    RECORD_PURGED = "record_purged", _("消去")
    DISSEMINATED = "disseminated", _("部外への情報提供")
    MFA_ENROLLED = "mfa_enrolled", _("二要素認証の登録")
    MFA_VERIFIED = "mfa_verified", _("二要素認証の確認")
    MFA_FAILED = "mfa_failed", _("二要素認証の失敗")
    MFA_RECOVERY_USED = "mfa_recovery_used", _("回復コードの使用")
    MFA_RECOVERY_RENEWED = "mfa_recovery_renewed", _("回復コードの再発行")
    MFA_RESET = "mfa_reset", _("二要素認証の初期化")
    PASSWORD_CHANGED = "password_changed", _("パスワード変更")
    REAUTHENTICATED = "reauthenticated", _("パスワードの再確認")
    SESSIONS_ENDED = "sessions_ended", _("全端末のログアウト")
    SESSION_EXPIRED = "session_expired", _("ログイン有効期間の満了")
    DATABASE_BACKED_UP = "db_backed_up", _("データベースのバックアップ")
    DATABASE_RESTORED = "db_restored", _("データベースの復元")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失敗")
    DENIED = "denied", _("拒否")


class AuditEventQuerySet(models.QuerySet):
    def bulk_create(self, *args, **kwargs):
        raise ValidationError("監査記録は1件ずつ記録します（ハッシュの連鎖のため）。")


class AuditEvent(models.Model):
    """One append-only entry of the audit trail: who did what to which object, when, from where.

    Rows are never changed or deleted: `save` refuses an update, `delete` refuses, and on
    PostgreSQL a trigger (migration 0002) rejects UPDATE and DELETE. The actor's name is
    copied so that the entry stays readable whatever happens to the account. Each event is
    sealed into a hash chain (`prev_hash`, `hash`; see core.audit_chain) that
    `manage.py verify_audit` checks.
    """

    # Set by save() at the moment of recording (the time is part of the hashed content).
    occurred_at = models.DateTimeField(
        _("日時"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("ユーザー名"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=32, choices=AuditAction.choices, db_index=True)
    outcome = models.CharField(
        _("結果"), max_length=8, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS
    )
    object_type = models.CharField(_("対象の種類"), max_length=100, blank=True)
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("対象"), max_length=200, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    detail = models.JSONField(_("詳細"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    request_id = models.CharField(_("リクエストID"), max_length=32, blank=True)
    prev_hash = models.CharField(_("直前の記録のハッシュ"), max_length=64, editable=False)
    hash = models.CharField(_("ハッシュ"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査記録")
        verbose_name_plural = _("監査記録")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"
        )

    def save(self, *args, **kwargs) -> None:
        """Insert the event and link it to the chain, under the chain head's row lock."""
        from gifu_taisaku.core import audit_chain

        if self.pk is not None:
            raise ValidationError("監査記録は変更できません。")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            self.prev_hash = audit_chain.lock_head(using)
            self.occurred_at = timezone.now()
            self.hash = audit_chain.event_digest(self)
            super().save(*args, **kwargs)
            audit_chain.advance_head(using, self.pk, self.hash)

    def delete(self, *args, **kwargs):
        raise ValidationError("監査記録は削除できません。")


class AuditChainHead(models.Model):
    """The end of the audit hash chain: the last event's id and hash (a single row, id 1).

    Writers lock this row before appending, which keeps the chain linear under concurrency;
    `verify_audit` compares it with the last event to notice a removed tail.
    """

    last_event_id = models.BigIntegerField(_("最後の監査記録ID"), null=True, blank=True)
    last_hash = models.CharField(_("最後の監査記録のハッシュ"), max_length=64)

    class Meta:
        verbose_name = _("監査記録の連鎖の先頭")

    def __str__(self) -> str:
        return f"{self.last_event_id}: {self.last_hash}"


class ImportBatchStatus(models.TextChoices):
    PENDING = "pending", _("確認待ち")
    COMMITTED = "committed", _("取込み済み")


class ImportBatch(models.Model):
    """An uploaded Excel workbook between its preview and its commit (core.imports).

    Staged in the database rather than the session: a workbook may hold up to
    `IMPORT_MAX_ROWS` rows (megabytes of JSON), the session is rewritten on every request
    (SESSION_SAVE_EVERY_REQUEST), and the preview needs a stable id for its URL. A batch
    belongs to its uploader alone; the owning unit is chosen on the upload form, never
    read from the file. `rows` holds each row's parsed values as JSON and is emptied on
    commit (the records and their history are then the copy that counts).
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取込み者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target = models.CharField(_("取込み先"), max_length=100)  # model label: "activities.activity"
    owning_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("担当所属"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("ファイル名"), max_length=255)
    row_count = models.PositiveIntegerField(_("行数"), default=0)
    rows = models.JSONField(_("取込み内容"), default=list, blank=True)
    errors = models.JSONField(_("問題点"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("問題点の数"), default=0)
    notes = models.JSONField(_("注意事項"), default=list, blank=True)
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=ImportBatchStatus.choices,
        default=ImportBatchStatus.PENDING,
    )
    created_at = models.DateTimeField(_("取込み日時"), auto_now_add=True)
    committed_at = models.DateTimeField(_("確定日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("取込みファイル")
        verbose_name_plural = _("取込みファイル")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


def attachment_upload_to(instance, filename: str) -> str:
    """attachments/<yyyy>/<mm>/<uuid>: the user's file name never reaches the disk."""
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A photo or flyer (JPEG, PNG, PDF) attached to any programme record (core.attachments).

    The file is stored under a random name; `original_name` is only shown and used for
    downloads. `media_type` is what the content was checked to be, never what the browser
    claimed. Uploads and deletions are audit events; the row itself has no history.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("ファイル"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    media_type = models.CharField(_("種類"), max_length=100)
    size = models.PositiveBigIntegerField(_("サイズ"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record_idx")]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """A short notice for one user (shown on the home page). It never carries record content:
    only a fixed text naming the record by its number, and a link."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("通知"), max_length=200)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text
