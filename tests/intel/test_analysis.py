"""The HQ analysts' side: 予兆 alerts, the queue, notes, dissemination log and review."""

import datetime

import pytest
from django.utils import timezone

from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import AuditAction, AuditEvent, Notification
from intel.choices import AnalystStatus, Secrecy
from intel.models import AnalystNote, Dissemination, IntelReport, retention_limit_from
from tests.activities.factories import ActivityFactory
from tests.factories import member
from tests.intel.factories import IntelReportFactory
from tests.intel.helpers import TOKEN, grant_user, sign_in
from tests.intel.test_smoke import report_payload


@pytest.fixture
def analysts(org, analyst):
    """Two active analysts in different HQ units, one retired, and an admin (not alerted)."""
    second = member("analyst2.hq", org.keiji, Role.ANALYST)
    member("retired.analyst", org.kokusai, Role.ANALYST, is_active=False)
    member("admin2.hq", org.kokusai, Role.ADMIN)
    return {analyst, second}


def submit(client, report) -> None:
    assert client.post(f"/intel/{report.pk}/submit/").status_code == 302


def test_a_warning_sign_alerts_every_active_analyst_without_content(
    client, org, officer_gifunaka, analysts
):
    sign_in(client, officer_gifunaka)
    payload = report_payload(
        org, warning_sign="on", title=f"件名{TOKEN}", summary=f"概要{TOKEN}", details=TOKEN
    )
    assert client.post("/intel/new/", payload).status_code == 302
    report = IntelReport.objects.get()
    assert not Notification.objects.exists()  # saving is not submitting
    submit(client, report)
    notices = Notification.objects.select_related("recipient")
    assert {notice.recipient for notice in notices} == analysts
    for notice in notices:
        assert notice.text == f"予兆ありの実態把握（実態把握 第{report.pk}号）が提出されました。"
        assert notice.url == f"/intel/{report.pk}/"
        assert TOKEN not in notice.text


def test_a_secret_warning_sign_alerts_nobody_who_could_not_open_it(
    client, org, officer_gifunaka, analysts
):
    report = IntelReportFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, warning_sign=True, secrecy="secret"
    )
    sign_in(client, officer_gifunaka)
    submit(client, report)
    assert not Notification.objects.exists()


def test_no_warning_sign_no_alert(client, org, officer_gifunaka, analysts):
    report = IntelReportFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    sign_in(client, officer_gifunaka)
    submit(client, report)
    assert not Notification.objects.exists()


def test_the_queue_puts_warning_signs_first_and_holds_only_open_submitted_reports(
    client, org, officer_gifunaka, officer_ogaki, analyst
):
    def report(**fields):
        fields = {"owning_unit": org.gifunaka, "created_by": officer_gifunaka} | fields
        return IntelReportFactory(**fields)

    now = timezone.now()
    old_sign = report(
        status="submitted", warning_sign=True, submitted_at=now - datetime.timedelta(3)
    )
    newest = report(status="submitted", submitted_at=now)
    approved = report(status="approved", submitted_at=now - datetime.timedelta(1))
    ogaki_sign = report(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        status="submitted",
        warning_sign=True,
        submitted_at=now - datetime.timedelta(5),
    )
    report(status="draft", warning_sign=True)
    report(status="submitted", secrecy=Secrecy.SECRET, warning_sign=True)
    report(status="submitted", analyst_status=AnalystStatus.CONFIRMED)
    sign_in(client, analyst)
    queue = list(client.get("/intel/queue/").context["object_list"])
    assert queue == [old_sign, ogaki_sign, newest, approved]


def test_only_analysts_have_a_queue(client, officer_gifunaka, approver_gifunaka, admin_user):
    for user in (officer_gifunaka, approver_gifunaka, admin_user):
        sign_in(client, user)
        assert client.get("/intel/queue/").status_code == 403


@pytest.fixture
def reviewed(client, org, officer_ogaki, analyst):
    """A submitted report of 大垣 with one private and one shareable analyst note."""
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, status="submitted")
    sign_in(client, analyst)
    url = f"/intel/{report.pk}/analysis/"
    client.post(url, {"status": "in_review", "note": "本部内だけのメモ"})
    client.post(url, {"status": "confirmed", "note": "署にも伝えるメモ", "shareable": "on"})
    return report


def test_analyst_status_changes_are_audited(reviewed, analyst):
    reviewed.refresh_from_db()
    assert reviewed.analyst_status == AnalystStatus.CONFIRMED
    events = AuditEvent.objects.filter(action=AuditAction.ANALYSIS_CHANGED).order_by("id")
    assert [(e.actor, e.detail) for e in events] == [
        (analyst, {"from": "new", "to": "in_review"}),
        (analyst, {"from": "in_review", "to": "confirmed"}),
    ]
    assert AnalystNote.objects.count() == 2


def test_the_authors_station_sees_only_shareable_notes(
    client, reviewed, officer_ogaki, approver_ogaki, analyst
):
    for station_user in (officer_ogaki, approver_ogaki):
        sign_in(client, station_user)
        page = client.get(f"/intel/{reviewed.pk}/").content.decode()
        assert "署にも伝えるメモ" in page
        assert "本部内だけのメモ" not in page
    sign_in(client, analyst)
    page = client.get(f"/intel/{reviewed.pk}/").content.decode()
    assert "署にも伝えるメモ" in page
    assert "本部内だけのメモ" in page


def test_a_grantee_sees_only_shareable_notes(client, reviewed, officer_ogaki, officer_gifunaka):
    grant_user(reviewed, officer_gifunaka, by=officer_ogaki)
    sign_in(client, officer_gifunaka)
    page = client.get(f"/intel/{reviewed.pk}/").content.decode()
    assert "署にも伝えるメモ" in page
    assert "本部内だけのメモ" not in page


def test_analysis_is_for_analysts_on_what_they_read(
    client, org, officer_ogaki, approver_ogaki, analyst
):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    secret = IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET
    )
    sign_in(client, approver_ogaki)
    assert client.post(f"/intel/{report.pk}/analysis/", {"status": "rejected"}).status_code == 403
    sign_in(client, analyst)
    assert client.post(f"/intel/{secret.pk}/analysis/", {"status": "rejected"}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.ANALYSIS_CHANGED).exists()


def test_a_dissemination_is_logged_and_audited(client, reviewed, analyst):
    response = client.post(
        f"/intel/{reviewed.pk}/disseminations/",
        {
            "recipient": "名古屋出入国在留管理局",
            "content": "団地の居住実態の概要",
            "purpose": "在留資格審査の参考",
            "shared_on": "2025-07-01",
        },
    )
    assert response.status_code == 302
    entry = Dissemination.objects.get()
    assert (entry.shared_by, entry.shared_on) == (analyst, datetime.date(2025, 7, 1))
    event = AuditEvent.objects.get(action=AuditAction.DISSEMINATED)
    assert (event.reason, event.detail) == (
        "在留資格審査の参考",
        {"recipient": "名古屋出入国在留管理局"},
    )
    page = client.get(f"/intel/{reviewed.pk}/").content.decode()
    assert "名古屋出入国在留管理局" in page


def test_review_queue_and_validation(client, org, officer_ogaki, approver_ogaki):
    due = IntelReportFactory(
        owning_unit=org.ogaki,
        created_by=officer_ogaki,
        review_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    sign_in(client, approver_ogaki)
    assert list(client.get("/intel/review/").context["object_list"]) == [due]
    refused = client.post(f"/intel/{due.pk}/validate/", {"reason": ""}, follow=True)
    assert "理由" in refused.content.decode()
    client.post(f"/intel/{due.pk}/validate/", {"reason": "実態に変化なし"})
    due.refresh_from_db()
    today = timezone.localdate()
    assert (due.last_validated_at, due.last_validated_by, due.validation_reason) == (
        today,
        approver_ogaki,
        "実態に変化なし",
    )
    assert due.retention_until == retention_limit_from(today)
    assert due.review_date > today
    event = AuditEvent.objects.get(action=AuditAction.RECORD_VALIDATED)
    assert (event.actor, event.reason) == (approver_ogaki, "実態に変化なし")
    assert list(client.get("/intel/review/").context["object_list"]) == []


def test_officers_cannot_validate_or_purge(client, org, officer_ogaki, colleague_ogaki):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    for user, status in ((officer_ogaki, 404), (colleague_ogaki, 404)):
        sign_in(client, user)
        assert client.post(f"/intel/{report.pk}/validate/", {"reason": "x"}).status_code == status
        assert client.post(f"/intel/{report.pk}/purge/", {"reason": "x"}).status_code == status
    assert IntelReport.objects.filter(pk=report.pk).exists()


def test_an_analyst_granted_a_secret_report_reviews_it(client, org, officer_ogaki, analyst):
    secret = IntelReportFactory(
        owning_unit=org.ogaki, created_by=officer_ogaki, secrecy=Secrecy.SECRET, status="submitted"
    )
    sign_in(client, analyst)
    assert client.get("/intel/queue/").context["object_list"].count() == 0
    assert client.post(f"/intel/{secret.pk}/analysis/", {"status": "in_review"}).status_code == 404

    grant_user(secret, analyst, by=officer_ogaki)
    assert list(client.get("/intel/queue/").context["object_list"]) == [secret]
    page = client.post(f"/intel/{secret.pk}/", {"purpose": "予兆の分析"})
    assert f'action="/intel/{secret.pk}/analysis/"' in page.content.decode()
    assert client.post(f"/intel/{secret.pk}/analysis/", {"status": "in_review"}).status_code == 302
    secret.refresh_from_db()
    assert secret.analyst_status == AnalystStatus.IN_REVIEW


def test_a_case_built_report_names_the_activity_that_recorded_the_case(
    client, org, officer_ogaki, analyst
):
    report = IntelReportFactory(owning_unit=org.ogaki, created_by=officer_ogaki, status="submitted")
    case = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    sign_in(client, analyst)
    url = f"/intel/{report.pk}/analysis/"
    assert (
        client.post(url, {"status": "case_built", "outcome_activity": case.pk}).status_code == 302
    )
    report.refresh_from_db()
    assert report.outcome_activity == case
    event = AuditEvent.objects.filter(action=AuditAction.ANALYSIS_CHANGED).get()
    assert event.detail == {"from": "new", "to": "case_built", "outcome_activity": case.pk}
    page = client.get(f"/intel/{report.pk}/").content.decode()
    assert f'href="{case.get_absolute_url()}"' in page
    # Leaving 事件化 drops the link; a number without 事件化 or of no activity is refused.
    client.post(url, {"status": "confirmed"})
    report.refresh_from_db()
    assert report.outcome_activity is None
    for payload in (
        {"status": "confirmed", "outcome_activity": case.pk},
        {"status": "case_built", "outcome_activity": case.pk + 1000},
    ):
        response = client.post(url, payload, follow=True)
        messages = [str(message) for message in response.context["messages"]]
        assert any("事件化" in text or "見つかりません" in text for text in messages), messages
        report.refresh_from_db()
        assert report.outcome_activity is None
