"""The demo's HQ accounts sign in with the code that `manage.py demo_otp` prints."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts import demo
from tests.accounts.helpers import enter_code, sign_in_with_password


def test_seed_gives_hq_demo_accounts_the_demo_app_and_officers_none(
    analyst, admin_user, auditor, officer_gifunaka
):
    demo.seed()
    demo.seed()  # idempotent
    devices = TOTPDevice.objects.filter(key=demo.DEMO_TOTP_KEY, confirmed=True)
    assert sorted(devices.values_list("user__username", flat=True)) == [
        "admin.hq",
        "analyst.hq",
        "auditor.hq",
    ]


def test_demo_analyst_signs_in_with_the_printed_code(client, analyst, capsys, settings):
    settings.DEBUG = True
    demo.seed()
    call_command("demo_otp")
    printed = capsys.readouterr().out
    code = printed.split("確認コード: ")[1][:6]
    sign_in_with_password(client, "analyst.hq")
    enter_code(client, code)
    assert client.get("/").status_code == 200
    assert demo.demo_manual_key() in printed


def test_demo_otp_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_otp")
