"""Test settings: the real settings, DEBUG on, plus a tiny record app to exercise core.

`tests.recordapp` holds a concrete RecordBase model (no migrations: created by the test
runner) so that the generic scoped views are tested before any programme app exists.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

from gifu_taisaku.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.recordapp"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
