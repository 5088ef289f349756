"""Recommendations (上申): drafted from the ranking, workflow 起案 → 審査 → 決定 / 差戻し, PDF."""

import pytest

from commendations.models import Recommendation
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import AuditAction, AuditEvent
from tests.factories import member

pytestmark = pytest.mark.django_db


def draft(client, org, admin_user) -> Recommendation:
    client.force_login(admin_user)
    form = client.get(f"/commendations/new/?year=2025&station={org.gifunaka.pk}")
    initial = form.context["form"].initial
    assert "通訳人を帯同した巡回連絡　1件" in initial["achievements"]
    assert "外国人参加者（延べ）　33人" in initial["achievements"]
    assert initial["title"] == "令和7年 在留外国人等総合対策 功労 岐阜中警察署"
    response = client.post(
        "/commendations/new/",
        {**initial, "achievements": initial["achievements"] + "\n地域の信頼を得た。", "version": 1},
    )
    assert response.status_code == 302, response.context["form"].errors
    return Recommendation.objects.get()


def test_draft_from_the_ranking_keeps_the_score_breakdown(client, org, year, admin_user):
    record = draft(client, org, admin_user)
    assert record.owning_unit == org.kokusai
    assert record.score_summary["rank"] == 1
    assert record.score_summary["total"] == "76.00"
    assert record.get_status_display() == "起案"
    page = client.get(record.get_absolute_url()).content.decode()
    assert "地域の信頼を得た。" in page
    assert "76.00" in page


def test_workflow_review_decide_and_return_with_who_and_comment(client, org, year, admin_user):
    record = draft(client, org, admin_user)
    url = record.get_absolute_url()
    client.post(f"{url}submit/")
    record.refresh_from_db()
    assert record.get_status_display() == "審査中"
    client.post(f"{url}approve/")  # the drafter cannot decide their own
    record.refresh_from_db()
    assert record.status == "submitted"

    reviewer = member("admin.second", org.kokusai, Role.ADMIN, full_name="本部 審査")
    client.force_login(reviewer)
    client.post(f"{url}return/", {"reason": "功績の具体例を追加"})
    record.refresh_from_db()
    assert (record.get_status_display(), record.decided_by) == ("差戻し", reviewer)

    client.force_login(admin_user)
    client.post(f"{url}submit/")
    client.force_login(reviewer)
    client.post(f"{url}approve/", {"comment": "上申する"})
    record.refresh_from_db()
    assert record.get_status_display() == "決定"
    page = client.get(url).content.decode()
    for text in ("起案", "審査中", "差戻し", "功績の具体例を追加", "決定", "上申する", "本部 審査"):
        assert text in page


def test_the_pages_use_the_words_of_a_recommendation_file(client, org, year, admin_user):
    """審査に回す → 確認 (審査に回す内容の確認) → 審査中; 決定 rather than 承認."""
    record = draft(client, org, admin_user)
    url = record.get_absolute_url()
    page = client.get(url).content.decode()
    assert f'<form method="get" action="{url}submit/"' in page
    assert "審査に回す" in page
    assert "承認者に提出" not in page
    confirmation = client.get(f"{url}submit/").content.decode()
    assert "<h1>審査に回す内容の確認</h1>" in confirmation
    assert "この内容で審査に回す" in confirmation
    assert "この内容で提出する" not in confirmation
    response = client.post(f"{url}submit/", {"version": record.version}, follow=True)
    assert "審査に回しました。" in response.content.decode()
    reviewer = member("admin.second", org.kokusai, Role.ADMIN, full_name="本部 審査")
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert ">決定</button>" in page
    assert ">承認</button>" not in page


def test_the_pdf_is_an_audited_export_of_the_document(client, org, year, admin_user, monkeypatch):
    """The document's content; WeasyPrint itself renders it in tests/browser (a download)."""
    record = draft(client, org, admin_user)
    rendered = []
    monkeypatch.setattr(
        "commendations.exports.render_pdf", lambda html: rendered.append(html) or b"%PDF-1.7"
    )
    response = client.get(f"/commendations/{record.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(record.pk)).exists()
    for text in ("決裁欄", "所属長", "令和7年", "別紙　評価の内訳", "76.00", "功績概要", "起案"):
        assert text in rendered[0]
    assert "print-report.css" in rendered[0]


def test_an_individual_needs_a_nominee(client, org, year, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/commendations/new/",
        {
            "kind": "praise",
            "year": 2025,
            "station": org.gifunaka.pk,
            "title": "t",
            "achievements": "a",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "被上申者を選んでください" in response.content.decode()


def test_station_staff_cannot_open_recommendations(
    client, org, officer_gifunaka, approver_gifunaka
):
    for user in (officer_gifunaka, approver_gifunaka):
        client.force_login(user)
        assert client.get("/commendations/").status_code == 403
        assert client.get("/commendations/new/").status_code == 403


def test_draft_for_an_officer_from_their_page(client, org, year, admin_user):
    from activities.models import Activity

    author = Activity.objects.filter(owning_unit=org.gifunaka, status="approved").first().created_by
    author.memberships.create(unit=org.koban, role=Role.OFFICER)
    client.force_login(admin_user)
    initial = (
        client.get(f"/commendations/new/?year=2025&nominee={author.pk}").context["form"].initial
    )
    assert (initial["kind"], initial["station"], initial["nominee"]) == (
        "praise",
        org.gifunaka.pk,
        author.pk,
    )
    assert "起案した各種警察活動（承認済み）　1件" in initial["achievements"]
