"""Importing activities from Excel: template, upload, preview, commit (activities.imports).

A 500-row template creates 500 drafts with history and one audit event; the same file with
one bad row creates nothing and names the row; hostile files get a Japanese message.
"""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from activities.imports import (
    Catalogue,
    ImportRejectedError,
    activity_columns,
    commit_import,
    stage_import,
)
from activities.models import Activity, AudienceLanguage
from gifu_taisaku.core.models import AuditAction, AuditEvent, ImportBatch, ImportBatchStatus
from gifu_taisaku.orgs.models import Language, Measure, Municipality, PromotionItem
from liaison.models import Organisation, OrganisationKind

UPLOAD_URL = "/activities/import/"
TEMPLATE_URL = "/activities/import/template.xlsx"


@pytest.fixture
def catalogue(db):
    """The codes the sheets below use (tests do not load the reference fixtures)."""
    for code, name in [
        ("A01", "通訳人を帯同した巡回連絡"),
        ("A02", "外国人に対する110番通報講習"),
        ("A07", "自主防犯団体との合同パトロール"),
        ("A90", "違法行為の取締り（事件化・検挙）"),
    ]:
        item = PromotionItem.ENFORCEMENT if code == "A90" else PromotionItem.POLICE_ACTIVITIES
        Measure.objects.get_or_create(code=code, defaults={"name": name, "promotion_item": item})
    Measure.objects.get_or_create(
        code="D01", defaults={"name": "共生に向けた教養", "promotion_item": PromotionItem.TRAINING}
    )
    Municipality.objects.get_or_create(code="212016", defaults={"name": "岐阜市", "kind": "city"})
    Municipality.objects.get_or_create(code="212024", defaults={"name": "大垣市", "kind": "city"})
    for code, name in [("pt", "ポルトガル語"), ("vi", "ベトナム語"), ("tl", "タガログ語")]:
        Language.objects.get_or_create(code=code, defaults={"name": name})
    Organisation.objects.create(
        name="柳ケ瀬防犯パトロール隊", kind=OrganisationKind.CRIME_PREVENTION
    )


@pytest.fixture
def officer(client, officer_gifunaka, catalogue):
    client.force_login(officer_gifunaka)
    return officer_gifunaka


def good_row(n: int) -> dict:
    """A valid 110番通報講習 (every tenth row a 巡回連絡 with its own figures)."""
    row = {
        "実施日": datetime.date(2025, 4, 1) + datetime.timedelta(days=n % 300),
        "開始時刻": "9:30",
        "終了時刻": "11:00",
        "推進方策コード": "A02",
        "件名": f"110番通報講習 第{n}回",
        "市町村コード": "212016",
        "場所": "岐阜市国際交流センター",
        "参加者数": 20,
        "うち外国人": 18,
        "うち外国人児童等": 3,
        "通訳人の帯同": "あり",
        "通訳の種別": "部内通訳",
        "通訳言語": "pt、vi",
        "参加者の言語": "pt",
        "実施概要": "110番の掛け方を説明した。",
    }
    if n % 10 == 0:
        row |= {"推進方策コード": "A01", "件名": f"巡回連絡 第{n}回", "訪問世帯数": 12}
        row |= {"うち外国人世帯数": 8, "巡回連絡カード回収数": 5}
    return row


def headers() -> list[str]:
    return [column.header for column in activity_columns(Catalogue.load())]


def workbook(rows: list[dict], *, header: list[str] | None = None, merge: str = "") -> bytes:
    header = header or headers()
    book = Workbook()
    sheet = book.active
    sheet.title = "活動記録"
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_file(client, content: bytes, unit, name: str = "活動記録.xlsx"):
    file = SimpleUploadedFile(name, content)
    return client.post(UPLOAD_URL, {"owning_unit": unit.pk, "file": file})


def stage(client, org, rows, **kwargs) -> ImportBatch:
    response = post_file(client, workbook(rows, **kwargs), org.gifunaka)
    assert response.status_code == 302, response.context["form"].errors
    return ImportBatch.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


# ---------------------------------------------------------------- the whole journey


def test_five_hundred_good_rows_create_five_hundred_drafts_with_history(client, org, officer):
    started = time.perf_counter()
    batch = stage(client, org, [good_row(n) for n in range(500)])
    preview = client.get(f"/activities/import/{batch.pk}/").content.decode()
    assert "500行" in preview
    assert "500件を取り込む" in preview
    response = client.post(f"/activities/import/{batch.pk}/commit/", follow=True)
    elapsed = time.perf_counter() - started

    assert "500件を取り込みました。" in response.content.decode()
    activities = Activity.objects.filter(owning_unit=org.gifunaka)
    assert activities.count() == 500
    assert set(activities.values_list("created_by", "status").distinct()) == {(officer.pk, "draft")}
    history = Activity.history.all()
    assert history.count() == 500
    assert set(history.values_list("history_user", "history_type").distinct()) == {
        (officer.pk, "+")
    }
    assert Activity.interpreter_languages.through.objects.count() == 1000
    assert AudienceLanguage.objects.count() == 500
    (event,) = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert event.actor == officer
    assert event.detail["count"] == 500
    assert event.object_id == str(batch.pk)
    assert elapsed < 30, f"500 rows took {elapsed:.1f}s"
    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportBatchStatus.COMMITTED, [])


def test_one_bad_row_creates_nothing_and_is_named(client, org, officer):
    rows = [good_row(n) for n in range(500)]
    rows[135]["推進方策コード"] = "Z99"  # Excel row 137: the header is row 1, data starts at 2
    batch = stage(client, org, rows)
    page = client.get(f"/activities/import/{batch.pk}/").content.decode()
    assert "137行目" in page
    assert "推進方策コード" in page
    assert "「Z99」は推進方策（A01〜A99）にありません" in page
    assert "取り込む</button>" not in page
    assert batch.errors == [
        {
            "row": 137,
            "column": "推進方策コード",
            "message": batch.errors[0]["message"],
        }
    ]
    response = client.post(f"/activities/import/{batch.pk}/commit/")
    assert response.status_code == 302
    assert Activity.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_the_downloaded_template_filled_in_imports(client, org, officer):
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["活動記録", "コード一覧"]
    sheet, codes = book["活動記録"], book["コード一覧"]
    template_headers = [cell.value for cell in sheet[1]]
    assert template_headers == headers()
    code_values = {cell.value for row in codes.iter_rows() for cell in row}
    assert {"A01", "A90", "212016", "岐阜市", "pt", "部内通訳", "不法就労助長"} <= code_values
    assert "D01" not in code_values  # training measures are not activities
    assert len(sheet.data_validations.dataValidation) >= 5
    row = good_row(1)
    sheet.append([row.get(name) for name in template_headers])
    buffer = io.BytesIO()
    book.save(buffer)
    response = post_file(client, buffer.getvalue(), org.gifunaka)
    assert response.status_code == 302
    client.post(response.url + "commit/")
    assert Activity.objects.get().title == "110番通報講習 第1回"


# ---------------------------------------------------------------- what a row may say


def test_reiwa_dates_and_full_width_digits_are_read(client, org, officer):
    row = good_row(1) | {
        "実施日": "令和７年４月１日",
        "参加者数": "２０",
        "うち外国人": "１８",
        "対応期限": "R7.5.31",
        "開始時刻": "９時３０分",
        "市町村コード": "岐阜市",
        "通訳人の帯同": "○",
    }
    batch = stage(client, org, [row])
    assert batch.error_count == 0, batch.errors
    client.post(f"/activities/import/{batch.pk}/commit/")
    activity = Activity.objects.get()
    assert activity.date == datetime.date(2025, 4, 1)
    assert activity.follow_up_due == datetime.date(2025, 5, 31)
    assert activity.start_time == datetime.time(9, 30)
    assert (activity.participants_total, activity.participants_foreign) == (20, 18)
    assert activity.municipality_id == "212016"
    assert activity.interpreter_used is True
    assert set(activity.interpreter_languages.values_list("code", flat=True)) == {"pt", "vi"}


def test_measure_rules_apply_to_every_row(client, org, officer):
    base = good_row(1) | {"推進方策コード": "A01", "訪問世帯数": 12}
    rows = [
        base | {"訪問世帯数": None},
        base | {"通訳人の帯同": "なし"},
        good_row(2) | {"訪問世帯数": 5},  # a 110番通報講習 has no households
        good_row(3) | {"推進方策コード": "A90", "罪種": "不法就労助長", "検挙人員": 2},
        good_row(4) | {"推進方策コード": "A90"},
        good_row(5) | {"推進方策コード": "A07", "合同パトロールの団体": "柳ケ瀬防犯パトロール隊"},
        good_row(6) | {"うち外国人": 30},
    ]
    batch = stage(client, org, rows)
    problems = {(e["row"], e["column"]): e["message"] for e in batch.errors}
    assert problems == {
        (2, "訪問世帯数"): "訪問世帯数を入力してください。",
        (3, "通訳人の帯同"): "巡回連絡（A01）は通訳人を帯同した活動です。",
        (4, "訪問世帯数"): problems[(4, "訪問世帯数")],
        (6, "罪種"): "罪種を選んでください。",
        (6, "事件化件数"): "事件化件数または検挙人員を入力してください。",
        (8, "うち外国人"): "外国人の人数が参加者数を超えています。",
    }
    assert "推進方策 A01 の欄です" in problems[(4, "訪問世帯数")]


def test_a_home_visit_with_its_figures_is_recorded_with_them(client, org, officer):
    batch = stage(client, org, [good_row(10)])
    client.post(f"/activities/import/{batch.pk}/commit/")
    activity = Activity.objects.get()
    assert activity.measure.code == "A01"
    assert (activity.households_visited, activity.foreign_households) == (12, 8)


# ---------------------------------------------------------------- files that are not right


def test_malformed_files_get_a_japanese_message_never_a_500(client, org, officer, settings):
    settings.IMPORT_MAX_ROWS = 10
    cases = {
        "Excelファイル（.xlsx）として読み取れません": "実施日,件名\n2025/04/01,講習\n".encode(),
        "1回に取り込めるのは 10 行まで": workbook([good_row(n) for n in range(11)]),
        "見出し行（1行目）に結合されたセルがあります": workbook([good_row(1)], merge="A1:B1"),
        "必要な列がありません：件名": workbook([good_row(1)], header=["実施日", "推進方策コード"]),
        "取り込む行がありません": workbook([]),
    }
    for message, content in cases.items():
        response = post_file(client, content, org.gifunaka)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "error-summary" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_zip_bomb_upload_is_refused(client, org, officer):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (51 * 1024 * 1024))
    response = post_file(client, buffer.getvalue(), org.gifunaka)
    assert response.status_code == 200
    assert "展開後の上限" in response.content.decode()


# ---------------------------------------------------------------- who may import what


def test_an_officer_cannot_import_into_another_station(client, org, officer):
    response = post_file(client, workbook([good_row(1)]), org.ogaki)
    assert response.status_code == 200
    assert "owning_unit" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_the_upload_form_offers_own_station_only(client, org, officer):
    form = client.get(UPLOAD_URL).context["form"]
    units = set(form.fields["owning_unit"].queryset)
    assert units == {org.gifunaka, org.koban}
    assert form.initial["owning_unit"] == org.gifunaka.pk


def test_another_users_batch_is_not_found(client, org, officer_ogaki, approver_gifunaka, officer):
    batch = stage(client, org, [good_row(1)])
    for other in (officer_ogaki, approver_gifunaka):
        client.force_login(other)
        assert client.get(f"/activities/import/{batch.pk}/").status_code == 404
        assert client.post(f"/activities/import/{batch.pk}/commit/").status_code == 404
    assert Activity.objects.count() == 0


def test_a_batch_is_committed_once(client, org, officer):
    batch = stage(client, org, [good_row(1)])
    client.post(f"/activities/import/{batch.pk}/commit/")
    response = client.post(f"/activities/import/{batch.pk}/commit/", follow=True)
    assert "このファイルは取り込めません" in response.content.decode()
    assert Activity.objects.count() == 1


def test_the_commit_checks_the_rows_again(org, officer):
    content = SimpleUploadedFile("活動記録.xlsx", workbook([good_row(1)]))
    batch = stage_import(actor=officer, owning_unit=org.gifunaka, upload=content)
    Language.objects.filter(code="vi").update(is_active=False)  # retired since the preview
    with pytest.raises(ImportRejectedError, match="問題が見つかりました"):
        commit_import(actor=officer, batch=batch)
    batch.refresh_from_db()
    assert batch.errors[0]["column"] == "通訳言語"
    assert Activity.objects.count() == 0


def test_the_commit_checks_the_owning_unit_again(org, officer, officer_ogaki):
    content = SimpleUploadedFile("活動記録.xlsx", workbook([good_row(1)]))
    batch = stage_import(actor=officer, owning_unit=org.gifunaka, upload=content)
    officer.memberships.update(unit=org.ogaki)  # moved to 大垣署 since the upload
    officer.__dict__.pop("active_memberships", None)  # the next request reads them afresh
    with pytest.raises(ImportRejectedError, match="問題が見つかりました"):
        commit_import(actor=officer, batch=batch)
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("visitor", ["analyst", "admin_user", "auditor"])
def test_hq_roles_may_not_import(client, request, catalogue, visitor):
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
