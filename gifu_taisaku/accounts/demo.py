"""Authenticator apps for the demo's HQ accounts (`manage.py seed_demo`, DEBUG only).

本部分析担当, 本部管理者 and 監査担当 cannot sign in without a second factor. So that a demo
works without a phone, their accounts get a TOTP device with one fixed, published key:
`manage.py demo_otp` prints its current code, and `make run` prints the key for anyone
who prefers to add it to an authenticator app. This key is as public as DEMO_PASSWORD:
seed_demo refuses to run without DEBUG (or --force on a test system), never in production.
"""

import time

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts import mfa
from gifu_taisaku.accounts.models import User

# 20 bytes, the length django-otp generates, stored as hex like its own keys.
DEMO_TOTP_KEY = b"gifu-taisaku-demo!!!".hex()
DEMO_DEVICE_NAME = "デモ用認証アプリ"


def demo_device_users() -> list[User]:
    """The demo accounts that need a second factor (by role)."""
    from gifu_taisaku.accounts.management.commands.seed_demo import DEMO_ACCOUNTS

    names = [username for username, *_ in DEMO_ACCOUNTS]
    return [user for user in User.objects.filter(username__in=names) if mfa.mfa_required(user)]


def seed() -> str:
    """Give each HQ demo account the demo device (again: counters and throttling reset)."""
    users = demo_device_users()
    with transaction.atomic():
        for user in users:
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
            )
    names = "、".join(user.username for user in users)
    return f"二要素認証のデモ用認証アプリを登録しました（{names}）。"


def demo_manual_key() -> str:
    return mfa.manual_key(TOTPDevice(key=DEMO_TOTP_KEY))


def current_demo_code() -> tuple[str, int]:
    """The demo key's code now, and the seconds it stays current."""
    totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
    now = time.time()
    totp.time = now
    return f"{totp.token():06d}", 30 - int(now) % 30
