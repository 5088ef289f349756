"""Second factor: TOTP from an authenticator app, with one-time recovery codes.

django-otp keeps the devices (TOTPDevice for the app, StaticDevice for the recovery codes)
and marks a session as verified (`request.user.is_verified()`). This module decides who
needs the OTP step, reads codes as people type them, and draws the enrolment QR code.

Recovery codes are stored hashed: StaticToken.token holds the first 16 hex digits of the
SHA-256 of the code, and a typed code is hashed the same way before django-otp looks it
up. A code has ~59 random bits, so the stored prefix cannot be turned back into a code.
"""

import base64
import hashlib
import re
import secrets
import unicodedata

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gifu_taisaku.accounts.roles import MFA_REQUIRED_ROLES

DEVICE_NAME = "認証アプリ"
RECOVERY_DEVICE_NAME = "回復コード"
RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for each other when copied from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 12
TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(rf"[{RECOVERY_ALPHABET}]{{{RECOVERY_CODE_LENGTH}}}")


def mfa_required(user) -> bool:
    """Whether `user` must pass the OTP step: by role, or for everyone by setting."""
    if settings.MFA_REQUIRED_FOR_ALL:
        return True
    return any(m.role in MFA_REQUIRED_ROLES for m in user.active_memberships)


def totp_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    """Whether this request's session has passed the OTP step (set by OTPMiddleware)."""
    return getattr(user, "otp_device", None) is not None


def otp_pending(user) -> bool:
    """A password-only session of someone who needs the second factor.

    Needed by role (or setting), and also by anyone who has enrolled a device of their
    own accord: a device that can be skipped would protect nothing.
    """
    if not user.is_authenticated or is_verified(user):
        return False
    return mfa_required(user) or has_device(user)


def candidate_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one until it is confirmed.

    Reusing it means that reloading the enrolment page does not invalidate the QR code
    that the user has already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that are set up by typing."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (drawn here, no service).

    The CSP allows images from data: URIs; an <img> cannot run script, and the page is
    never cached, so the secret does not outlive the enrolment.
    """
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4
    )
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def new_recovery_codes() -> list[str]:
    """Fresh recovery codes as shown to the user: "abcd-efgh-jkmn"."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4)))
    return codes


def hash_recovery_code(code: str) -> str:
    """What is stored for a recovery code (StaticToken.token holds 16 characters)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()[:16]


def normalise_code(raw: str) -> str:
    """A code as typed: full-width digits from a Japanese IME, spaces and hyphens allowed."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or "")).lower()


def code_kind(raw: str) -> str | None:
    """The kind of code typed: "totp", "recovery", or None when it can be neither."""
    code = normalise_code(raw)
    if TOTP_CODE.fullmatch(code):
        return "totp"
    if RECOVERY_CODE.fullmatch(code):
        return "recovery"
    return None


def device_for(user, kind: str | None) -> Device | None:
    if kind == "totp":
        return totp_device(user)
    if kind == "recovery":
        return recovery_device(user)
    return None


def verify_code(user, raw: str) -> Device | None:
    """The confirmed device that accepts `raw`, or None.

    django_otp.verify_token locks the device row and checks it: a TOTP code at or before
    the last accepted time step is refused (no replay), a recovery code is deleted when
    used, and failures make the next attempt wait 1, 2, 4, 8 … seconds.
    """
    kind = code_kind(raw)
    device = device_for(user, kind)
    if device is None:
        return None
    code = normalise_code(raw) if kind == "totp" else hash_recovery_code(raw)
    return django_otp.verify_token(user, device.persistent_id, code)


def verify_candidate(device: TOTPDevice, raw: str) -> bool:
    """Check the first code of a device being enrolled (same replay and throttling rules)."""
    code = normalise_code(raw)
    if not TOTP_CODE.fullmatch(code):
        return False
    return django_otp.verify_token(device.user, device.persistent_id, code) is not None


def is_throttled(device: Device | None) -> bool:
    """Whether the device refuses codes for now after repeated failures."""
    return device is not None and not device.verify_is_allowed()[0]


def recovery_codes_left(user) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device else 0
