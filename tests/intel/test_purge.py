"""`purge_intel` leaves nothing of a purged report in any table, history included.

The test inspects the database itself: every installed model (simple-history's historical
models among them), every foreign key to IntelReport, every text column.
"""

import datetime
import io

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from gifu_taisaku.core.models import Attachment, AuditAction, AuditEvent, Notification
from intel import services
from intel.choices import EntityKind, Secrecy
from intel.models import Entity, IntelReport, PurgedReport, retention_limit_from
from intel.purge import report_purge
from tests.activities.factories import measure
from tests.intel.factories import EntityFactory, IntelReportFactory, mention
from tests.intel.helpers import TOKEN, attach_pdf, grant_unit, grant_user, sign_in

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)
LONG_AGO = datetime.date(2019, 4, 1)


def expire(report: IntelReport) -> None:
    """Put the report past its retention limit (saved, so history has that row too)."""
    report.retention_until = timezone.localdate() - datetime.timedelta(days=1)
    report.save()


@pytest.fixture
def doomed(org, officer_ogaki, approver_ogaki, analyst, officer_gifunaka):
    """A 秘 C06 report with everything a report can collect, past its retention limit."""
    report = IntelReportFactory(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        measure=measure("C06", "犯罪インフラ事犯"),
        secrecy=Secrecy.SECRET,
        warning_sign=True,
        title=f"件名{TOKEN}",
        summary=f"概要{TOKEN}",
        details=f"詳細{TOKEN}",
        handling="C",
        handling_condition=f"条件{TOKEN}",
    )
    for edit in range(3):
        report.summary = f"概要{TOKEN} 第{edit}版"
        report.save()
    shared = EntityFactory(name="共有の団地")
    mention(report, shared, role=f"役割{TOKEN}")
    mention(IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki), shared)
    orphan = EntityFactory(name=f"この報告だけの店{TOKEN}", kind=EntityKind.PLACE)
    orphan.address = f"大垣市{TOKEN}"
    orphan.save()  # a second history row of the orphan
    mention(report, orphan)
    person = EntityFactory(name=f"人物{TOKEN}", kind=EntityKind.PERSON)
    mention(report, person, justification=f"偽装結婚の仲介{TOKEN}")
    services.report_submit(actor=officer_ogaki, report=report)  # notifies the analysts
    grant_user(report, analyst, by=officer_ogaki)
    grant_unit(report, org.gifunaka, by=officer_ogaki)
    services.analysis_update(
        actor=analyst, report=report, status="in_review", note=f"メモ{TOKEN}", shareable=True
    )
    services.dissemination_record(
        actor=analyst,
        report=report,
        recipient="出入国在留管理局",
        content=f"提供内容{TOKEN}",
        purpose="在留資格の審査",
        shared_on=timezone.localdate(),
    )
    attachment = attach_pdf(report, officer_ogaki, f"添付{TOKEN}")
    expire(report)
    return report, shared, orphan, person, attachment


def rows_pointing_at(report_pk: int) -> list[str]:
    """Every row of any model whose foreign key to IntelReport holds `report_pk`, and every
    historical row of the report itself."""
    found = []
    for model in apps.get_models():
        manager = model._base_manager
        for field in model._meta.concrete_fields:
            points_at_reports = field.is_relation and field.related_model is IntelReport
            if points_at_reports and manager.filter(**{field.attname: report_pk}).exists():
                found.append(f"{model._meta.label}.{field.name}")
        is_report_history = getattr(model, "instance_type", None) is IntelReport
        if is_report_history and manager.filter(id=report_pk).exists():
            found.append(model._meta.label)
    return found


def rows_containing(token: str) -> list[str]:
    """Every model and text column where any row holds `token`."""
    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._base_manager.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                if value is not None and token in str(value):
                    found.append(f"{model._meta.label}.{name} (pk {row[0]})")
    return found


def purge_quietly() -> str:
    out = io.StringIO()
    call_command("purge_intel", stdout=out)
    return out.getvalue()


def test_purge_leaves_no_row_and_no_text_of_the_report(doomed):
    report, shared, orphan, person, attachment = doomed
    assert rows_containing(TOKEN) != []  # the scan sees the canary before the purge
    stored_file = attachment.file.name
    output = purge_quietly()
    assert "1 件を消去しました" in output

    assert rows_pointing_at(report.pk) == []
    assert rows_containing(TOKEN) == []
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(stored_file)
    assert not Notification.objects.filter(url=f"/intel/{report.pk}/").exists()
    # The shared entity stays; the ones only this report used are gone, history and all.
    assert Entity.objects.filter(pk=shared.pk).exists()
    for gone in (orphan, person):
        assert not Entity.objects.filter(pk=gone.pk).exists()
        assert not Entity.history.filter(id=gone.pk).exists()


def test_the_tombstone_keeps_only_number_category_unit_dates_and_who(doomed, org):
    report, *_ = doomed
    created_on = timezone.localtime(report.created_at).date()
    purge_quietly()
    tombstone = PurgedReport.objects.get()
    fields = {f.name for f in PurgedReport._meta.concrete_fields}
    assert fields == {
        "id",
        "report_id",
        "category_code",
        "owning_unit",
        "created_on",
        "last_validated_on",
        "retention_until",
        "purged_at",
        "purged_by",
        "reason",
    }
    assert (tombstone.report_id, tombstone.category_code, tombstone.owning_unit) == (
        report.pk,
        "C06",
        org.ogaki,
    )
    assert (tombstone.created_on, tombstone.last_validated_on) == (
        created_on,
        report.last_validated_at,
    )
    assert tombstone.retention_until == report.retention_until
    assert tombstone.purged_by is None
    assert tombstone.reason == "保存期限の経過（自動消去）"
    assert str(tombstone) == f"実態把握 第{report.pk}号（消去済み）"


def test_audit_events_stay_but_name_the_report_by_number_only(doomed):
    report, *_ = doomed
    before = AuditEvent.objects.count()
    purge_quietly()
    assert AuditEvent.objects.count() == before + 1
    purged = AuditEvent.objects.get(action=AuditAction.RECORD_PURGED)
    assert purged.object_repr == f"実態把握 第{report.pk}号（消去済み）"
    assert AuditEvent.objects.filter(object_id=str(report.pk)).count() > 1
    assert not any(TOKEN in str(values) for values in AuditEvent.objects.values_list())


def test_an_attachment_name_does_not_outlive_the_purge(org, officer_ogaki):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    attach_pdf(report, officer_ogaki, "本文", name=f"相関図{TOKEN}.pdf")
    expire(report)
    purge_quietly()
    assert rows_containing(TOKEN) == []


def test_a_revalidated_report_is_kept_and_running_twice_is_safe(doomed, org, approver_ogaki):
    report, *_ = doomed
    kept = IntelReportFactory(owning_unit=org.ogaki, created_by=report.created_by)
    expire(kept)
    services.report_validate(actor=approver_ogaki, report=kept, reason="継続して必要")
    assert "1 件を消去しました" in purge_quietly()
    assert "0 件を消去しました" in purge_quietly()
    assert PurgedReport.objects.count() == 1
    kept.refresh_from_db()
    assert kept.retention_until > timezone.localdate()
    assert kept.last_validated_by == approver_ogaki


def test_a_report_within_its_limit_is_kept(org, officer_ogaki):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    purge_quietly()
    assert IntelReport.objects.filter(pk=report.pk).exists()
    assert report.retention_until == retention_limit_from(timezone.localdate())


def test_editing_a_report_is_not_validating_it(client, org, officer_ogaki):
    """Only the review's 確認 restarts the retention clock, not an ordinary update."""
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    IntelReport.objects.filter(pk=report.pk).update(
        last_validated_at=LONG_AGO, retention_until=LONG_AGO.replace(year=2024)
    )
    report.refresh_from_db()
    sign_in(client, officer_ogaki)
    response = client.post(
        f"/intel/{report.pk}/edit/",
        {
            "version": report.version,
            "owning_unit": org.ogaki.pk,
            "measure": report.measure_id,
            "information_date": "2025-06-01",
            "title": "連絡先を更新",
            "summary": report.summary,
            "source_grade": "2",
            "information_grade": "B",
            "handling": "P",
            "secrecy": "internal",
            "review_date": "2026-06-01",
            "entities-TOTAL_FORMS": "0",
            "entities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    report.refresh_from_db()
    assert (report.title, report.last_validated_at) == ("連絡先を更新", LONG_AGO)
    assert report.retention_until == LONG_AGO.replace(year=2024)


def test_purge_from_the_review_screen_is_as_thorough(client, doomed, approver_ogaki):
    report, *_ = doomed
    sign_in(client, approver_ogaki)
    response = client.post(f"/intel/{report.pk}/purge/", {"reason": "必要がなくなった"})
    assert response.status_code == 302
    assert rows_pointing_at(report.pk) == []
    assert rows_containing(TOKEN) == []
    assert PurgedReport.objects.get().purged_by == approver_ogaki


def test_report_purge_needs_no_request(doomed):
    report, *_ = doomed
    number = report.pk
    tombstone = report_purge(actor=None, report=report, reason="テスト")
    assert tombstone.report_id == number
    assert not IntelReport.objects.filter(pk=number).exists()
