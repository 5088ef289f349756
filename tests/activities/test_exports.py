"""/activities/export.xlsx and .csv: the list's rows and filters, as files, audited."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from activities.models import AudienceLanguage, AudienceNationality
from gifu_taisaku.core.models import AuditEvent
from gifu_taisaku.orgs.models import Language, Nationality
from tests.activities.factories import ActivityFactory, measure

CANARY = "CANARY-入手情報-0001"
HEADERS = [
    "ID",
    "実施日",
    "実施日（和暦）",
    "開始",
    "終了",
    "担当所属",
    "推進方策コード",
    "推進方策",
    "件名",
    "市町村",
    "場所",
    "参加者数",
    "うち外国人",
    "うち外国人児童等",
    "通訳人の帯同",
    "通訳の種別",
    "通訳言語",
    "参加者の言語",
    "参加者の国籍・地域",
    "訪問世帯数",
    "うち外国人世帯数",
    "巡回連絡カード回収数",
    "合同パトロールの団体",
    "団体側の参加人数",
    "罪種",
    "事件化件数",
    "検挙人員",
    "適用法令",
    "実施概要",
    "成果",
    "今後の対応",
    "対応期限",
    "対応期限（和暦）",
    "状態",
    "作成者",
    "作成日時",
]


@pytest.fixture
def officer(client, officer_gifunaka):
    client.force_login(officer_gifunaka)
    return officer_gifunaka


def with_audience(activity):
    """Languages and nationalities on an activity, so that the prefetches are exercised."""
    portuguese, _ = Language.objects.get_or_create(code="pt", defaults={"name": "ポルトガル語"})
    brazil, _ = Nationality.objects.get_or_create(code="BR", defaults={"name": "ブラジル"})
    AudienceLanguage.objects.create(activity=activity, language=portuguese, count=12)
    AudienceNationality.objects.create(activity=activity, nationality=brazil)
    activity.interpreter_languages.add(portuguese)
    return activity


@pytest.fixture
def activities(org, officer_gifunaka, officer_ogaki):
    home_visit = measure("A01", "通訳人を帯同した巡回連絡")
    return {
        "lecture": with_audience(
            ActivityFactory(
                owning_unit=org.gifunaka,
                created_by=officer_gifunaka,
                title='=HYPERLINK("http://evil.example")',
                start_time=datetime.time(9, 30),
                intel_obtained=True,
                intel_note=CANARY,
            )
        ),
        "visit": ActivityFactory(
            owning_unit=org.koban,
            created_by=officer_gifunaka,
            measure=home_visit,
            title="団地の巡回連絡",
            date=datetime.date(2025, 7, 1),
            interpreter_used=True,
            interpreter_kind="internal",
            households_visited=30,
            foreign_households=12,
        ),
        "ogaki": ActivityFactory(
            owning_unit=org.ogaki, created_by=officer_ogaki, title="大垣の交通安全教室"
        ),
    }


def sheet_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_export_holds_exactly_the_visible_rows(client, activities, officer):
    rows = sheet_rows(client.get("/activities/export.xlsx"))
    assert sorted(row["ID"] for row in rows) == sorted(
        [activities["lecture"].pk, activities["visit"].pk]
    )
    assert "大垣の交通安全教室" not in {row["件名"] for row in rows}


def test_a_filter_by_measure_narrows_the_export(client, activities, officer):
    visit = activities["visit"]
    response = client.get("/activities/export.xlsx", {"measure": visit.measure.pk})
    [row] = sheet_rows(response)
    assert row["ID"] == visit.pk
    assert (row["推進方策コード"], row["訪問世帯数"], row["うち外国人世帯数"]) == ("A01", 30, 12)
    assert (row["通訳人の帯同"], row["通訳の種別"]) == ("はい", "部内通訳")
    assert row["担当所属"] == "岐阜駅前交番"
    assert row["実施日"] == datetime.datetime(2025, 7, 1)
    assert row["実施日（和暦）"] == "令和7年7月1日"


@pytest.mark.parametrize(
    "query",
    [{}, {"q": "巡回"}, {"sort": "title"}, {"date_from": "not-a-date"}, {"owning_unit": "999"}],
)
def test_export_rows_are_the_lists_rows_in_the_same_order(client, activities, officer, query):
    listed = [a.pk for a in client.get("/activities/", query).context["object_list"]]
    exported = [row["ID"] for row in sheet_rows(client.get("/activities/export.xlsx", query))]
    assert exported == listed


def test_formula_like_title_stays_text_and_figures_are_listed(client, activities, officer):
    lecture = activities["lecture"]
    sheet = load_workbook(io.BytesIO(client.get("/activities/export.xlsx").content)).active
    [cell] = [row[8] for row in sheet.iter_rows(min_row=2) if row[0].value == lecture.pk]
    assert cell.value == '=HYPERLINK("http://evil.example")'
    assert cell.data_type == "s"
    [row] = [r for r in sheet_rows(client.get("/activities/export.xlsx")) if r["ID"] == lecture.pk]
    assert row["参加者の言語"] == "ポルトガル語（12人）"
    assert row["参加者の国籍・地域"] == "ブラジル"
    assert row["通訳言語"] == "ポルトガル語"
    assert row["開始"] == datetime.time(9, 30)
    assert row["作成者"] == "岐阜中 一郎"
    assert row["状態"] == "作成中"


def test_csv_has_bom_japanese_headers_and_neutralised_formulas(client, activities, officer):
    response = client.get("/activities/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(HEADERS)
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_confidential_intel_note_is_never_exported(client, activities, officer, fmt):
    response = client.get(f"/activities/export.{fmt}")
    content = response.content
    text = content.decode("utf-8-sig") if fmt == "csv" else str(sheet_rows(response))
    assert CANARY not in text
    assert "入手情報の概要" not in text


def test_each_export_is_an_audit_event(client, activities, officer):
    response = client.get("/activities/export.xlsx", {"q": "巡回"})
    assert response["Content-Disposition"].startswith('attachment; filename="activities-')
    event = AuditEvent.objects.get(action="export")
    assert event.actor == officer
    assert event.detail == {
        "model": "activities.activity",
        "format": "xlsx",
        "rows": 1,
        "filters": {"q": "巡回"},
    }


def test_query_count_does_not_grow_with_rows(client, org, officer):
    counts = []
    for extra in (1, 29):
        for _ in range(extra):
            with_audience(ActivityFactory(owning_unit=org.gifunaka, created_by=officer))
        for fmt in ("xlsx", "csv"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/activities/export.{fmt}").status_code == 200
            counts.append((fmt, len(queries)))
    assert counts[:2] == counts[2:]


def test_the_compiled_column_reader_gives_what_the_records_give(activities, officer):
    """An export of a queryset reads values_list() tuples (core.exports._Plan), a chunk of
    rows and their to-many names per query; each value is what the record itself gives."""
    from activities.exports import ACTIVITY_COLUMNS, ActivityExportView
    from activities.models import Activity
    from gifu_taisaku.core.exports import _Plan, _values, value_rows

    activities["visit"].interpreter_languages.add(
        Language.objects.get_or_create(code="en", defaults={"name": "英語"})[0],
        Language.objects.get(code="pt"),
    )
    view = ActivityExportView()
    view.request = type("Request", (), {"user": officer})()
    queryset = view.get_base_queryset().order_by("pk")
    _Plan(queryset, ACTIVITY_COLUMNS)  # compiles: no column falls back to model instances
    expected = [_values(ACTIVITY_COLUMNS, record) for record in queryset]
    with CaptureQueriesContext(connection) as queries:
        compiled = list(value_rows(ACTIVITY_COLUMNS, queryset, chunk_size=1))
    assert compiled == expected
    assert len(expected) == Activity.objects.exclude(owning_unit__code="ogaki").count() == 2
    by_header = dict(zip(HEADERS, compiled[1], strict=True))
    assert by_header["通訳言語"] == "英語、ポルトガル語"  # Language order: sort_order, code
    assert by_header["通訳の種別"] == "部内通訳"
    assert dict(zip(HEADERS, compiled[0], strict=True))["参加者の言語"] == "ポルトガル語（12人）"
    # per chunk of one row: its tuples, and one query per to-many column (the creator's
    # name is fetched once and then known)
    assert len(queries) <= 2 * (1 + 3) + 2
