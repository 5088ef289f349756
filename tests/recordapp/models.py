"""A minimal programme record for testing core's machinery before the real apps exist."""

from django.db import models
from django.urls import reverse

from gifu_taisaku.core.models import RecordBase


class Note(RecordBase):
    """A record with one public and one confidential field."""

    title = models.CharField("件名", max_length=100)
    secret = models.CharField("秘匿メモ", max_length=100, blank=True)

    history_hidden_fields = ("secret",)

    class Meta:
        verbose_name = "テスト記録"
        verbose_name_plural = "テスト記録"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recordapp:detail", args=[self.pk])
