"""Large reports are made by a background task; the file is its requester's alone."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from gifu_taisaku.reports.models import GeneratedReport, GenerationStatus
from gifu_taisaku.reports.services import purge_expired_reports, run_generation

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def queued(year_2025, admin_user, client, django_capture_on_commit_callbacks):
    """The admin asks for the prefecture's workbook; every report counts as large."""
    client.force_login(admin_user)
    with (
        override_settings(TASKS=IMMEDIATE_TASKS, REPORTS_IMMEDIATE_MAX_ROWS=0),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/reports/annual/2025/export.xlsx", {"basis": "calendar"})
    assert response.status_code == 302
    return GeneratedReport.objects.get()


def test_the_task_makes_a_file_the_requester_can_download(queued, client):
    status = client.get(f"/reports/files/{queued.pk}/status/").content.decode()
    download = client.get(f"/reports/files/{queued.pk}/download/")

    assert queued.status == GenerationStatus.DONE
    assert queued.progress == 100
    assert queued.task_id
    assert "ダウンロード" in status
    assert "hx-get" not in status
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert queued.expires_at > timezone.now() + datetime.timedelta(days=6)


def test_nobody_else_can_see_or_download_it(queued, client, analyst):
    client.force_login(analyst)

    assert client.get(f"/reports/files/{queued.pk}/status/").status_code == 404
    assert client.get(f"/reports/files/{queued.pk}/download/").status_code == 404


def test_a_pending_file_shows_progress_and_is_polled(admin_user, client):
    job = GeneratedReport.objects.create(
        requested_by=admin_user,
        kind="annual_report",
        fmt="pdf",
        title="令和7年 在留外国人等総合対策 実施状況",
        params={"basis": "calendar", "year": 2025, "unit": ""},
        progress=40,
        status=GenerationStatus.RUNNING,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    client.force_login(admin_user)

    partial = client.get(f"/reports/files/{job.pk}/status/").content.decode()

    assert '<progress max="100" value="40">' in partial
    assert 'hx-trigger="every 2s"' in partial
    assert client.get(f"/reports/files/{job.pk}/download/").status_code == 404
    run_generation(str(job.pk))  # what the worker does
    job.refresh_from_db()
    assert job.status == GenerationStatus.DONE
    assert job.file.name.endswith(".pdf")


def test_expired_files_are_gone(queued, client):
    GeneratedReport.objects.filter(pk=queued.pk).update(expires_at=timezone.now())

    assert client.get(f"/reports/files/{queued.pk}/download/").status_code == 404
    assert purge_expired_reports() == 1
    assert not GeneratedReport.objects.exists()
