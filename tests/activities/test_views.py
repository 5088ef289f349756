"""Activity screens: the shared record contract, plus what is particular to activities."""

import datetime

import pytest

from activities.models import Activity
from gifu_taisaku.core.models import WorkflowStatus
from tests.activities.factories import ActivityFactory, measure
from tests.record_view_contract import RecordViewContract


def activity_payload(org, **overrides) -> dict:
    """A valid POST of the activity form for 岐阜中署 (a 110番通報講習)."""
    data = {
        "owning_unit": org.gifunaka.pk,
        "measure": measure().pk,
        "title": "110番通報講習（技能実習生）",
        "date": "2025/06/01",
        "participants_total": "20",
        "participants_foreign": "18",
        "participants_children": "0",
        "summary": "110番の掛け方を説明した。",
    }
    for prefix in ("languages", "nationalities"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return {**data, **overrides}


class TestActivityViews(RecordViewContract):
    base_url = "/activities/"
    factory = ActivityFactory

    def payload(self, org, **overrides):
        return activity_payload(org, **overrides)


@pytest.fixture
def officer(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    return officer_gifunaka


def test_home_visit_needs_households_and_an_interpreter(client, org, officer):
    payload = activity_payload(org, measure=measure("A01", "通訳人を帯同した巡回連絡").pk)
    response = client.post("/activities/new/", payload)
    errors = response.context["form"].errors
    assert "訪問世帯数を入力してください。" in errors["households_visited"]
    assert "巡回連絡（A01）は通訳人を帯同した活動です。" in errors["interpreter_used"]
    assert 'value="110番通報講習（技能実習生）"' in response.content.decode()


def test_home_visit_with_interpreter_and_languages_is_recorded(client, org, officer):
    from gifu_taisaku.orgs.models import Language

    portuguese = Language.objects.create(code="pt", name="ポルトガル語", sort_order=1)
    payload = activity_payload(
        org,
        measure=measure("A01", "通訳人を帯同した巡回連絡").pk,
        households_visited="12",
        foreign_households="9",
        interpreter_used="on",
        interpreter_kind="internal",
        interpreter_languages=[portuguese.pk],
        **{
            "languages-TOTAL_FORMS": "1",
            "languages-0-language": portuguese.code,
            "languages-0-count": "15",
        },
    )
    response = client.post("/activities/new/", payload)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    assert activity.households_visited == 12
    assert list(activity.interpreter_languages.all()) == [portuguese]
    assert activity.audience_languages.get().count == 15


def test_figures_of_another_measure_are_not_kept(client, org, officer):
    response = client.post(
        "/activities/new/", activity_payload(org, households_visited="5", cases_built="2")
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.households_visited, activity.cases_built) == (None, None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("participants_foreign", "25", "外国人の人数が参加者数を超えています。"),
        ("participants_children", "19", "外国人児童等の人数が外国人の人数を超えています。"),
        ("date", "2025/02/30", "存在しない日付です。"),
        ("participants_total", "-1", "この値は 0 以上でなければなりません。"),
    ],
)
def test_bad_input_gets_a_japanese_error_next_to_the_field(
    client, org, officer, field, value, message
):
    response = client.post("/activities/new/", activity_payload(org, **{field: value}))
    assert message in str(response.context["form"].errors[field])
    assert not Activity.objects.exists()


def test_new_form_defaults_to_today_own_unit_and_own_jurisdiction(client, org, officer):
    from gifu_taisaku.orgs.models import Jurisdiction, Municipality

    gifu = Municipality.objects.create(code="212016", name="岐阜市", kind="city")
    Municipality.objects.create(code="212024", name="大垣市", kind="city")
    Jurisdiction.objects.create(station=org.gifunaka, municipality=gifu, partial=True)
    form = client.get("/activities/new/").context["form"]
    assert form.initial["date"] == datetime.date.today()
    assert form.initial["owning_unit"] == org.gifunaka.pk
    assert form.initial["municipality"] == gifu.pk
    assert "岐阜市（管轄）" in str(form["municipality"])


def test_copy_as_new_starts_from_the_source_but_not_its_date(client, org, officer):
    source = ActivityFactory(owning_unit=org.gifunaka, created_by=officer, title="交通安全教室")
    form = client.get(f"/activities/new/?copy={source.pk}").context["form"]
    assert form.initial["title"] == "交通安全教室"
    assert form.initial["date"] == datetime.date.today()


def test_copy_from_another_station_is_404(client, org, officer, officer_ogaki):
    theirs = ActivityFactory(owning_unit=org.ogaki, created_by=officer_ogaki)
    assert client.get(f"/activities/new/?copy={theirs.pk}").status_code == 404


def test_list_filters_totals_and_keeps_filters_in_the_url(client, org, officer):
    ActivityFactory(
        owning_unit=org.gifunaka,
        created_by=officer,
        title="春の交通安全教室",
        participants_total=30,
        participants_foreign=25,
        participants_children=10,
    )
    ActivityFactory(
        owning_unit=org.gifunaka,
        created_by=officer,
        title="防犯指導",
        date=datetime.date(2024, 1, 10),
    )
    response = client.get("/activities/", {"q": "交通安全", "date_from": "2025/01/01"})
    assert [a.title for a in response.context["object_list"]] == ["春の交通安全教室"]
    assert response.context["totals"] == {
        "count": 1,
        "participants": 30,
        "foreign": 25,
        "children": 10,
        "for_children": 1,
    }
    assert "q=%E4%BA%A4%E9%80%9A%E5%AE%89%E5%85%A8" in response.context["query_string"]


def test_children_filter(client, org, officer):
    ActivityFactory(
        owning_unit=org.gifunaka, created_by=officer, title="子ども向け", participants_children=5
    )
    ActivityFactory(owning_unit=org.gifunaka, created_by=officer, title="大人向け")
    titles = [a.title for a in client.get("/activities/", {"children": "1"}).context["object_list"]]
    assert titles == ["子ども向け"]


def test_list_sorts_by_a_column(client, org, officer):
    for title in ("B", "A", "C"):
        ActivityFactory(owning_unit=org.gifunaka, created_by=officer, title=title)
    titles = [a.title for a in client.get("/activities/", {"sort": "title"}).context["object_list"]]
    assert titles == ["A", "B", "C"]


def test_an_invalid_filter_shows_nothing_and_says_why(client, org, officer):
    ActivityFactory(owning_unit=org.gifunaka, created_by=officer)
    response = client.get("/activities/", {"date_from": "2025/13/40"})
    assert list(response.context["object_list"]) == []
    assert "存在しない日付です" in response.content.decode()


def test_approver_reopens_an_approved_record_with_a_reason(
    client, org, officer_gifunaka, approver_gifunaka
):
    activity = ActivityFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.APPROVED
    )
    client.force_login(approver_gifunaka)
    client.post(f"/activities/{activity.pk}/reopen/", {"reason": ""})
    activity.refresh_from_db()
    assert activity.status == WorkflowStatus.APPROVED
    client.post(f"/activities/{activity.pk}/reopen/", {"reason": "人数の訂正"})
    activity.refresh_from_db()
    assert (activity.status, activity.decision_comment) == (WorkflowStatus.RETURNED, "人数の訂正")


def test_officer_cannot_reopen(client, org, officer, approver_gifunaka):
    activity = ActivityFactory(
        owning_unit=org.gifunaka, created_by=approver_gifunaka, status=WorkflowStatus.APPROVED
    )
    assert client.post(f"/activities/{activity.pk}/reopen/", {"reason": "x"}).status_code == 403


def test_intel_note_stays_out_of_history(client, org, officer):
    payload = activity_payload(org, intel_obtained="on", intel_note="CANARY-コミュニティ情報")
    client.post("/activities/new/", payload)
    activity = Activity.objects.get()
    page = client.get(f"/activities/{activity.pk}/history/").content.decode()
    assert "CANARY" not in page
    assert "CANARY" in client.get(f"/activities/{activity.pk}/").content.decode()


def test_the_page_count_is_the_totals_count_with_one_aggregate(client, org, officer):
    """The paginator takes its count from the totals row (issue 9): one aggregate, not a
    COUNT(*) besides it, and the same number even where a filter needs DISTINCT (an
    activity whose audience speaks the language and whose interpreter interprets it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities.models import AudienceLanguage
    from tests.orgs.factories import LanguageFactory

    language = LanguageFactory(code="qv", name="テスト語")
    both = ActivityFactory(owning_unit=org.gifunaka, created_by=officer, participants_total=7)
    AudienceLanguage.objects.create(activity=both, language=language, count=3)
    both.interpreter_languages.add(language)
    ActivityFactory(owning_unit=org.gifunaka, created_by=officer)  # another language
    ActivityFactory(owning_unit=org.ogaki)  # out of scope
    with CaptureQueriesContext(connection) as context:
        response = client.get("/activities/", {"language": "qv"})
    page = response.context["page_obj"]
    assert [a.pk for a in page.object_list] == [both.pk]
    assert page.paginator.count == 1 == response.context["totals"]["count"]
    assert response.context["totals"]["participants"] == 7
    assert "全 1 件（1〜1 件目）" in response.content.decode()
    activity_counts = [
        q["sql"]
        for q in context.captured_queries
        if "COUNT(" in q["sql"].upper() and "activities_activity" in q["sql"]
    ]
    assert len(activity_counts) == 1, activity_counts
    unfiltered = client.get("/activities/").context
    assert unfiltered["page_obj"].paginator.count == 2 == unfiltered["totals"]["count"]
