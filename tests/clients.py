"""The suite's test client: `force_login` signs in the way a person does, OTP step included.

A user who needs the second factor (本部分析担当, 本部管理者, 監査担当, or anyone with a
device) is signed in with a verified session, as after typing the code, so tests of
what HQ users may do are not all about the OTP step. Tests of the OTP step itself pass
`otp=False` for a password-only session (tests/accounts/test_mfa.py).
"""

import django.test
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts import mfa


class Client(django.test.Client):
    def force_login(self, user, backend=None, *, otp: bool = True):
        # Logging out raises session_epoch in the database; a user object held by a test
        # would otherwise sign in with a stale session hash.
        user.refresh_from_db(fields=["session_epoch"])
        super().force_login(user, backend)
        session = self.session
        session.pop(DEVICE_ID_SESSION_KEY, None)
        # A fresh copy: reading roles must not cache memberships on the test's own object.
        fresh = type(user).objects.get(pk=user.pk)
        if otp and (mfa.mfa_required(fresh) or mfa.has_device(fresh)):
            session[DEVICE_ID_SESSION_KEY] = verified_device(fresh).persistent_id
        session.save()


def verified_device(user) -> TOTPDevice:
    """The user's authenticator app, registered for the test if they have none."""
    return mfa.totp_device(user) or TOTPDevice.objects.create(
        user=user, name="テスト用アプリ", confirmed=True
    )
