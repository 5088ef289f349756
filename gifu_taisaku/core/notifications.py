"""Notices to users: fixed texts and a link, never the content of a record."""

from django.utils import timezone

from gifu_taisaku.core.models import Notification


def notify(*, recipients, text: str, url: str) -> None:
    """Leave the same notice for each recipient."""
    Notification.objects.bulk_create(
        [Notification(recipient=user, text=text, url=url) for user in recipients]
    )


def unread_for(user, limit: int = 20) -> list[Notification]:
    return list(user.notifications.filter(read_at__isnull=True)[:limit])


def mark_read(user, notification_id: int) -> None:
    user.notifications.filter(pk=notification_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
