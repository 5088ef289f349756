"""The main paths of intel screens work end to end (the full policy is in test_policy.py)."""

from intel.models import Entity, IntelReport
from tests.activities.factories import ActivityFactory, measure
from tests.intel.factories import IntelReportFactory
from tests.liaison.factories import LiaisonRecordFactory


def report_payload(org, **overrides):
    data = {
        "owning_unit": org.gifunaka.pk,
        "measure": measure("C01", "外国人が多く居住する地域").pk,
        "information_date": "2025/06/01",
        "title": "団地の状況",
        "summary": "聞き取り",
        "details": "詳細",
        "source_grade": "2",
        "information_grade": "B",
        "handling": "P",
        "secrecy": "internal",
        "review_date": "2026/06/01",
        "entities-TOTAL_FORMS": "1",
        "entities-INITIAL_FORMS": "0",
        "entities-0-new_kind": "place",
        "entities-0-new_name": "県営テスト団地",
    }
    return {**data, **overrides}


def test_officer_records_a_report_from_an_activity(client, org, officer_gifunaka):
    activity = ActivityFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
    client.force_login(officer_gifunaka)
    assert client.get(f"/intel/new/?activity={activity.pk}").status_code == 200
    response = client.post(f"/intel/new/?activity={activity.pk}", report_payload(org))
    assert response.status_code == 302, response.context["form"].errors
    report = IntelReport.objects.get()
    assert report.source_activity == activity
    assert Entity.objects.get().name == "県営テスト団地"
    assert client.get(f"/intel/{report.pk}/").status_code == 200


def test_a_person_needs_the_right_category_and_a_justification(client, org, officer_gifunaka):
    client.force_login(officer_gifunaka)
    payload = report_payload(org, **{"entities-0-new_kind": "person", "entities-0-new_name": "甲"})
    response = client.post("/intel/new/", payload)
    assert response.status_code == 200
    assert "人物はC06" in response.content.decode()
    payload["measure"] = measure("C06", "犯罪インフラ事犯").pk
    response = client.post("/intel/new/", payload)
    assert "犯罪への関与が疑われる理由が必要です" in response.content.decode()
    payload["entities-0-justification"] = "偽装結婚の仲介が疑われる"
    assert client.post("/intel/new/", payload).status_code == 302


def test_secret_report_asks_for_the_purpose_first(client, org, officer_gifunaka, approver_gifunaka):
    report = IntelReportFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        secrecy="secret",
        details="CANARY-秘-XYZ",
    )
    client.force_login(approver_gifunaka)
    first = client.get(f"/intel/{report.pk}/")
    assert "閲覧の目的" in first.content.decode()
    assert "CANARY" not in first.content.decode()
    shown = client.post(f"/intel/{report.pk}/", {"purpose": "決裁のため"})
    assert "CANARY-秘-XYZ" in shown.content.decode()


def test_analyst_queue_and_grant_pages_render(client, org, officer_gifunaka, analyst):
    IntelReportFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status="submitted", warning_sign=True
    )
    client.force_login(analyst)
    assert client.get("/intel/queue/").status_code == 200
    report = IntelReport.objects.get()
    assert client.get(f"/intel/{report.pk}/grants/").status_code == 200
    assert client.get("/intel/review/").status_code == 200


def test_officer_records_a_report_from_a_liaison_record(
    client, org, officer_gifunaka, officer_ogaki
):
    own = LiaisonRecordFactory(
        owning_unit=org.gifunaka,
        created_by=officer_gifunaka,
        intel_obtained=True,
        intel_note="会議後に聞いた話",
    )
    other = LiaisonRecordFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    client.force_login(officer_gifunaka)
    liaison_page = client.get(own.get_absolute_url()).content.decode()
    assert f"/intel/new/?liaison={own.pk}" in liaison_page
    assert client.get(f"/intel/new/?liaison={other.pk}").status_code == 404
    response = client.post(f"/intel/new/?liaison={own.pk}", report_payload(org))
    assert response.status_code == 302, response.context["form"].errors
    report = IntelReport.objects.get()
    assert (report.source_liaison, report.source_activity) == (own, None)
    assert own.get_absolute_url() in client.get(f"/intel/{report.pk}/").content.decode()
