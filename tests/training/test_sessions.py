"""Session screens: the shared record contract, plus attendance, filters, exports."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import AuditEvent
from tests.factories import member
from tests.orgs.factories import LanguageFactory
from tests.record_view_contract import RecordViewContract
from tests.training.factories import TrainingSessionFactory, d_measure
from training.models import TrainingSession


def session_payload(org, **overrides) -> dict:
    """A valid POST of the session form for 岐阜中署: a D01 class every member attended."""
    return {
        "owning_unit": org.gifunaka.pk,
        "measure": d_measure().pk,
        "date": "2025/06/10",
        "duration_minutes": "90",
        "topic": "ベトナムの文化と生活習慣",
        "instructor_kind": "external",
        "instructor_name": "みのかぜ国際交流協会",
        "summary": "在留外国人の生活習慣と、職務質問時の配慮事項を学んだ。",
        "all_members": "on",
        **overrides,
    }


class TestTrainingSessionViews(RecordViewContract):
    base_url = "/training/"
    factory = TrainingSessionFactory

    def payload(self, org, **overrides):
        return session_payload(org, **overrides)


@pytest.fixture
def officer(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    return officer_gifunaka


def test_attendees_are_ticked_from_the_stations_own_members(
    client, org, officer, officer_koban, officer_ogaki
):
    form = client.get("/training/new/").context["form"]
    offered = set(form.fields["attendees"].queryset)
    assert {officer, officer_koban} <= offered
    assert officer_ogaki not in offered
    assert "駅前 二郎（岐阜駅前交番）" in str(form["attendees"])


def test_another_stations_officer_is_refused(client, org, officer, officer_koban, officer_ogaki):
    payload = session_payload(org, all_members="", attendees=[officer_koban.pk, officer_ogaki.pk])
    response = client.post("/training/new/", payload)
    assert response.status_code == 200
    errors = response.context["form"].errors["attendees"]
    assert f"正しく選択してください。 {officer_ogaki.pk} は候補にありません。" in errors
    assert not TrainingSession.objects.exists()


def test_ticked_attendees_are_recorded(client, org, officer, officer_koban, approver_gifunaka):
    payload = session_payload(org, all_members="", attendees=[officer_koban.pk, officer.pk])
    assert client.post("/training/new/", payload).status_code == 302
    session = TrainingSession.objects.get()
    assert set(session.attendees.all()) == {officer, officer_koban}


def test_all_members_records_the_whole_unit(client, org, officer, officer_koban, officer_ogaki):
    approver = member("approver.x", org.gifunaka, Role.APPROVER)
    member("analyst.x", org.gifunaka, Role.ANALYST)  # not station staff: not an attendee
    member("retired.x", org.gifunaka, Role.OFFICER, is_active=False)
    assert client.post("/training/new/", session_payload(org)).status_code == 302
    attendees = set(TrainingSession.objects.get().attendees.all())
    assert attendees == {officer, officer_koban, approver}


def test_all_members_of_a_koban_is_the_koban_only(client, org, officer, officer_koban):
    payload = session_payload(org, owning_unit=org.koban.pk)
    assert client.post("/training/new/", payload).status_code == 302
    assert list(TrainingSession.objects.get().attendees.all()) == [officer_koban]


def test_editing_keeps_an_officer_who_has_since_moved(client, org, officer, officer_koban):
    session = TrainingSessionFactory(
        owning_unit=org.gifunaka, created_by=officer, attendees=[officer, officer_koban]
    )
    officer_koban.memberships.update(unit=org.ogaki)  # transferred to 大垣署
    form = client.get(f"/training/{session.pk}/edit/").context["form"]
    assert officer_koban in set(form.fields["attendees"].queryset)
    payload = session_payload(
        org, all_members="", attendees=[officer.pk, officer_koban.pk], version=session.version
    )
    assert client.post(f"/training/{session.pk}/edit/", payload).status_code == 302
    assert set(session.attendees.all()) == {officer, officer_koban}


@pytest.mark.parametrize(
    ("field", "value", "shown_under", "message"),
    [
        ("topic", "", "topic", "題目を入力してください。"),
        ("date", "2025/02/30", "date", "存在しない日付です。"),
        ("duration_minutes", "0", "duration_minutes", "この値は 1 以上でなければなりません。"),
        ("duration_minutes", "601", "duration_minutes", "この値は 600 以下でなければなりません。"),
        (
            "instructor_kind",
            "interpreter",
            "language",
            "通訳人が講師のときは、対象言語を選んでください。",
        ),
        ("all_members", "", "attendees", "出席者を1人以上選んでください。"),
    ],
)
def test_bad_input_gets_a_japanese_error_next_to_the_field(
    client, org, officer, field, value, shown_under, message
):
    response = client.post("/training/new/", session_payload(org, **{field: value}))
    assert message in response.context["form"].errors[shown_under]
    assert f'id="id_{shown_under}_error"' in response.content.decode()  # under its field
    assert not TrainingSession.objects.exists()


def test_an_activity_measure_is_refused(client, org, officer):
    from tests.activities.factories import measure

    response = client.post("/training/new/", session_payload(org, measure=measure().pk))
    assert "measure" in response.context["form"].errors


def test_picker_search_keeps_ticked_officers_and_stays_in_the_station(
    client, org, officer, officer_koban, officer_ogaki
):
    response = client.get(
        "/training/attendees/", {"member_q": "駅前", "attendees": [officer.pk, officer_ogaki.pk]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "駅前 二郎" in html
    assert "岐阜中 一郎" in html  # ticked before the search: kept, and still ticked
    assert html.count("checked") == 1
    assert "大垣" not in html


def test_list_filters_and_totals(client, org, officer, officer_koban):
    TrainingSessionFactory(
        owning_unit=org.gifunaka,
        created_by=officer,
        topic="職務質問訓練（通訳人同席）",
        measure=d_measure("D02"),
        duration_minutes=120,
        attendees=[officer, officer_koban],
    )
    TrainingSessionFactory(owning_unit=org.gifunaka, created_by=officer, attendees=[officer])
    response = client.get("/training/", {"measure": d_measure("D02").pk})
    assert [s.topic for s in response.context["object_list"]] == ["職務質問訓練（通訳人同席）"]
    assert response.context["totals"] == {
        "count": 1,
        "attendances": 2,
        "minutes": 120,
        "hours": 2.0,
    }
    everything = client.get("/training/").context["totals"]
    assert (everything["count"], everything["attendances"]) == (2, 3)


def test_export_has_the_list_rows_and_is_audited(client, org, officer, officer_ogaki):
    TrainingSessionFactory(
        owning_unit=org.gifunaka, created_by=officer, topic="=HYPERLINK()", attendees=[officer]
    )
    TrainingSessionFactory(owning_unit=org.ogaki, created_by=officer_ogaki, topic="大垣の教養")
    response = client.get("/training/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("題目")] == "=HYPERLINK()"  # text, never a formula
    assert row[header.index("出席者")] == "岐阜中 一郎"
    assert row[header.index("実施日")] == datetime.datetime(2025, 6, 10)
    csv = client.get("/training/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK()" in csv
    assert "大垣の教養" not in csv
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_detail_lists_attendees_and_accepts_materials(client, org, officer, officer_koban):
    from tests.core.files import image_bytes, upload

    session = TrainingSessionFactory(
        owning_unit=org.gifunaka, created_by=officer, attendees=[officer_koban]
    )
    page = client.get(f"/training/{session.pk}/").content.decode()
    assert "駅前 二郎" in page
    client.post(f"/training/{session.pk}/attachments/", {"file": upload("資料.png", image_bytes())})
    assert "資料.png" in client.get(f"/training/{session.pk}/").content.decode()


def test_language_filter_and_optional_language(client, org, officer):
    portuguese = LanguageFactory(code="pt", name="ポルトガル語")
    TrainingSessionFactory(
        owning_unit=org.gifunaka, created_by=officer, topic="ポルトガル語", language=portuguese
    )
    TrainingSessionFactory(owning_unit=org.gifunaka, created_by=officer, topic="言語なし")
    listed = client.get("/training/", {"language": "pt"}).context["object_list"]
    assert [s.topic for s in listed] == ["ポルトガル語"]


def test_history_says_who_was_added_or_removed(client, org, officer, officer_koban):
    session = TrainingSessionFactory(
        owning_unit=org.gifunaka, created_by=officer, attendees=[officer]
    )
    payload = session_payload(
        org, all_members="", attendees=[officer_koban.pk], version=session.version
    )
    assert client.post(f"/training/{session.pk}/edit/", payload).status_code == 302
    page = client.get(f"/training/{session.pk}/history/").content.decode()
    assert "出席者の変更：追加 駅前 二郎／取消し 岐阜中 一郎" in page
