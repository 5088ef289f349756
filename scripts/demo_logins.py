#!/usr/bin/env python3
"""Print the demo sign-ins after `manage.py seed_demo` (used by `make run`).

Usage: .venv/bin/python scripts/demo_logins.py USERNAME...
Reads the accounts from the database, so what is printed is what exists; the password
is settings.DEMO_PASSWORD (environment variable DEMO_PASSWORD, or its DEBUG default).
"""

import os
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gifu_taisaku.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from gifu_taisaku.accounts import mfa  # noqa: E402
from gifu_taisaku.accounts.demo import demo_manual_key  # noqa: E402
from gifu_taisaku.accounts.models import User  # noqa: E402


def pad(text: str, width: int) -> str:
    """Left-align for a terminal, where each full-width (CJK) character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - used, 0)


def describe(username: str) -> str:
    user = User.objects.filter(username=username).first()
    if user is None:
        return f"  {pad(username, 20)} （未作成）"
    membership = user.primary_membership
    where = f"{membership.unit.name} {membership.get_role_display()}" if membership else ""
    second_factor = "  ＋確認コード" if mfa.has_device(user) else ""
    return f"  {pad(username, 20)} {pad(user.full_name, 14)} {where}{second_factor}"


def main(usernames: list[str]) -> None:
    print()
    print("デモ利用者 / demo sign-ins  http://127.0.0.1:8000/")
    for username in usernames:
        print(describe(username))
    source = "環境変数 DEMO_PASSWORD" if os.environ.get("DEMO_PASSWORD") else "既定値"
    print(f"  パスワード: {settings.DEMO_PASSWORD}  （{source}。DEMO_PASSWORD で変更できます）")
    print("  ＋確認コード: 本部の利用者は、パスワードのあとに二要素認証の確認コードを入力します。")
    print("    別の端末で `DEBUG=1 .venv/bin/python manage.py demo_otp` を実行すると表示されます。")
    print(f"    認証アプリを使う場合は、デモ用のキー {demo_manual_key()} を登録してください。")
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
