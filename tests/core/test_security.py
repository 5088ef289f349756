"""Security baseline: headers, CSP without inline code, error pages, deploy checks, health."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError

from tests.factories import TEST_PASSWORD

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def assert_no_inline_code(html: str) -> None:
    assert not INLINE_SCRIPT.search(html), "inline <script> would be blocked by the CSP"
    assert not INLINE_STYLE.search(html), "inline style would be blocked by the CSP"
    assert not INLINE_HANDLER.search(html), "inline event handler would be blocked by the CSP"


def test_pages_send_a_strict_content_security_policy(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/audit/", "/accounts/users/"])
def test_signed_in_pages_have_no_inline_code(client, admin_user, auditor, path):
    client.force_login(auditor if path == "/audit/" else admin_user)
    response = client.get(path)
    assert response.status_code == 200
    assert_no_inline_code(response.content.decode())


def test_login_page_has_no_inline_code_and_no_external_assets(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert_no_inline_code(html)
    assert not re.search(r'(src|href)="(https?:)?//', html), "assets must be served locally"


def test_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_not_found_page_is_japanese_and_shows_no_internals(client, officer_gifunaka, settings):
    settings.DEBUG = False
    client.force_login(officer_gifunaka)
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "ページが見つかりません" in html
    assert "Traceback" not in html
    assert "urlpatterns" not in html


def test_server_error_page_is_generic(client, officer_gifunaka, monkeypatch, settings):
    settings.DEBUG = False
    client.raise_request_exception = False

    def explode(*args, **kwargs):
        raise DatabaseError("SECRET-INTERNAL-DETAIL")

    monkeypatch.setattr("gifu_taisaku.core.selectors.latest_records", explode)
    client.force_login(officer_gifunaka)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "SECRET-INTERNAL-DETAIL" not in html
    assert "Traceback" not in html
    assert "エラーが発生しました" in html


def test_csrf_failure_is_refused_in_japanese(db, officer_gifunaka):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/login/", {"username": "officer.gifunaka", "password": TEST_PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr("gifu_taisaku.core.views.connection", Unreachable())
    assert client.get("/healthz").status_code == 503


def test_idle_timeout_is_thirty_minutes_and_renewed_by_each_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_guardian_never_lets_global_perms_or_superusers_stand_in_for_a_grant():
    assert settings.GUARDIAN_ACCEPT_GLOBAL_PERMS is False
    assert settings.GUARDIAN_WITH_SUPERUSER is False


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-9f8e7d6c",
        "AUDIT_CHAIN_KEY": "a-separate-audit-chain-key-kept-off-the-database-server",
        "ALLOWED_HOSTS": "taisaku.example.invalid",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ALLOWED_HOSTS": "x.invalid"}
    result = subprocess.run(
        [sys.executable, "-c", "import gifu_taisaku.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
