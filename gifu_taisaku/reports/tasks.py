"""Background generation of report files (Django's tasks framework).

`make run` starts django-tasks-db's worker (`manage.py db_worker`) beside the server; in
production run it as its own service. Tests use the ImmediateBackend or call
`services.run_generation` directly.
"""

from django.tasks import task


@task()
def generate_report(report_id: str) -> str:
    """Make the file of GeneratedReport `report_id` for its requester (see services)."""
    from gifu_taisaku.reports.services import run_generation

    run_generation(report_id)
    return report_id
