"""Reading uploaded workbooks (core.imports): hostile files, headers, and cell parsers."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gifu_taisaku.core.imports import (
    CellError,
    CodeList,
    Column,
    ImportFileError,
    build_template,
    json_ready,
    lookup_table,
    parse_choice,
    parse_code,
    parse_code_list,
    parse_count,
    parse_date,
    parse_text,
    parse_time,
    parse_yes_no,
    read_sheet,
    revive_row,
)

LANGUAGES = lookup_table([("pt", ["ポルトガル語"]), ("vi", ["ベトナム語"])])
COLUMNS = (
    Column("実施日", "date", parse_date, required=True),
    Column("件名", "title", parse_text(10), required=True),
    Column("参加者数", "count", parse_count),
    Column("通訳人の帯同", "interpreter", parse_yes_no),
    Column("通訳言語", "languages", parse_code_list(LANGUAGES, "言語の一覧")),
    Column("開始時刻", "start", parse_time),
)


def xlsx(rows, *, merge: str = "") -> bytes:
    """A workbook whose first sheet holds `rows` (the first is the header)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "活動.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def read(rows, **kwargs):
    return read_sheet(upload(xlsx(rows, **kwargs)), COLUMNS)


# ---------------------------------------------------------------- hostile or wrong files


def test_a_text_file_renamed_xlsx_is_refused_in_japanese():
    with pytest.raises(ImportFileError, match=r"Excelファイル（\.xlsx）として読み取れません"):
        read_sheet(upload("実施日,件名\n2025/04/01,講習\n".encode()), COLUMNS)


def test_an_old_xls_file_is_refused_with_what_to_do():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    with pytest.raises(ImportFileError, match=r"xlsx）形式で"):
        read_sheet(upload(ole2, "活動.xls"), COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="読み取れません"):
        read_sheet(upload(buffer.getvalue()), COLUMNS)


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(51):  # 51 MB of zeros: a few dozen KB once compressed
                member.write(chunk)
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ImportFileError, match="展開後の上限 50 MB"):
        read_sheet(upload(buffer.getvalue()), COLUMNS)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ImportFileError, match="ファイルが大きすぎます"):
        read_sheet(upload(b"PK" + b"\0" * 2048), COLUMNS)


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFileError, match="ファイルが空です"):
        read_sheet(upload(b""), COLUMNS)


def test_a_damaged_workbook_is_reported_not_raised():
    content = bytearray(xlsx([["実施日", "件名"], ["2025/04/01", "講習"]]))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(bytes(content))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = b"<worksheet><sheetData><row"  # truncated XML
            target.writestr(item, data)
    with pytest.raises(ImportFileError, match="ファイルの内容を読み取れませんでした"):
        read_sheet(upload(buffer.getvalue()), COLUMNS)


def with_rows(count: int) -> bytes:
    """A real workbook of `count` data rows, its sheet XML written directly (fast).

    Its <dimension> still says A1:B1, as files from some tools do: rows beyond it count.
    """
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>45748</v></c><c r="B{n}"><v>{n}</v></c></row>'
        for n in range(2, count + 2)
    )
    template = xlsx([["実施日", "件名"]])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</row></sheetData>", f"</row>{rows}</sheetData>".encode())
            target.writestr(item.filename, data)
    return buffer.getvalue()


def test_a_hundred_thousand_rows_are_refused_with_the_limit():
    content = with_rows(100_000)
    assert len(content) < 5 * 1024 * 1024
    with pytest.raises(ImportFileError, match="10,000 行まで"):
        read_sheet(upload(content), COLUMNS)


def test_ten_thousand_rows_are_read():
    sheet = read_sheet(upload(with_rows(10_000)), COLUMNS)
    assert len(sheet.rows) == 10_000
    assert sheet.rows[-1].values == {"date": datetime.date(2025, 4, 1), "title": "10001"}


def test_the_row_limit_counts_rows_with_data_only(settings):
    settings.IMPORT_MAX_ROWS = 2
    sheet = read(
        [["実施日", "件名"], ["2025/04/01", "a"], [None, None], [" ", None], ["R7.4.2", "b"]]
    )
    assert [row.number for row in sheet.rows] == [2, 5]


def test_merged_header_cells_are_refused():
    with pytest.raises(
        ImportFileError, match=r"見出し行（1行目）に結合されたセルがあります（A1:B1）"
    ):
        read([["実施日", None, "件名"], ["2025/04/01", None, "講習"]], merge="A1:B1")


def test_merged_data_cells_are_a_problem_of_their_row():
    sheet = read([["実施日", "件名"], ["2025/04/01", "講習"], ["2025/04/02", None]], merge="B2:B3")
    (error,) = sheet.merge_errors
    assert (error.row, error.column) == (2, "件名")
    assert "B2:B3" in error.message


# ---------------------------------------------------------------- headers and rows


def test_headers_match_whatever_the_width_spacing_or_required_mark():
    sheet = read([["実 施 日※", "＊件名", "参加者数（必須）"], ["2025/04/01", "講習", "１２"]])
    assert sheet.rows[0].values == {
        "date": datetime.date(2025, 4, 1),
        "title": "講習",
        "count": 12,
    }


def test_unknown_headers_are_ignored_and_reported():
    sheet = read([["実施日", "件名", "備考"], ["2025/04/01", "講習", "メモ"]])
    assert sheet.ignored_headers == ["備考"]


def test_a_missing_required_column_is_named():
    with pytest.raises(ImportFileError, match="必要な列がありません：件名"):
        read([["実施日", "参加者数"], ["2025/04/01", 3]])


def test_a_header_used_twice_is_refused():
    with pytest.raises(ImportFileError, match=r"「件名」が2つの列（B列とC列）"):
        read([["実施日", "件名", "件名"], ["2025/04/01", "a", "b"]])


def test_a_sheet_without_headers_is_refused():
    with pytest.raises(ImportFileError, match="1行目に見出しがありません"):
        read([["2025/04/01", "講習"]])


def test_each_problem_names_the_excel_row_and_the_column():
    sheet = read(
        [
            ["実施日", "件名", "参加者数", "通訳言語"],
            ["2025/04/01", "講習", 3, "pt"],
            ["あした", None, -1, "pt、xx"],
        ]
    )
    assert sheet.rows[0].errors == []
    problems = {(e.row, e.column): e.message for e in sheet.rows[1].errors}
    assert set(problems) == {(3, "実施日"), (3, "件名"), (3, "参加者数"), (3, "通訳言語")}
    assert problems[(3, "件名")] == "入力してください。"
    assert "「xx」は言語の一覧にありません" in problems[(3, "通訳言語")]


def test_staged_values_parse_back_to_the_same_values():
    sheet = read(
        [
            ["実施日", "件名", "参加者数", "通訳人の帯同", "通訳言語", "開始時刻"],
            ["令和7年4月1日", "講習", "１２", "○", "ベトナム語、pt", "9時30分"],
        ]
    )
    parsed = sheet.rows[0]
    revived = revive_row(parsed.number, json_ready(parsed.values), COLUMNS)
    assert revived.errors == []
    assert revived.values == parsed.values
    assert parsed.values["languages"] == ["vi", "pt"]


# ---------------------------------------------------------------- cell parsers


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2025, 4, 1),
        datetime.datetime(2025, 4, 1, 0, 0),
        "2025/04/01",
        "2025-04-01",
        "2025.4.1",
        "2025年4月1日",
        "2025/4/1 0:00:00",
        "２０２５／０４／０１",
        "20250401",
        20250401,
        45748,  # an Excel day number left unformatted
        "令和7年4月1日",
        "令和７年４月１日",
        "R7.4.1",
        "r7/4/1",
        "Ｒ７．４．１",
        "㋿7年4月1日",
    ],
)
def test_dates_in_the_forms_stations_write_them(value):
    assert parse_date(value) == datetime.date(2025, 4, 1)


def test_the_first_year_of_an_era_and_heisei_dates():
    assert parse_date("令和元年5月1日") == datetime.date(2019, 5, 1)
    assert parse_date("H31.4.30") == datetime.date(2019, 4, 30)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("令和1年4月1日", "令和1年4月1日という日付はありません"),  # still 平成
        ("平成32年1月1日", "という日付はありません"),
        ("2025/02/30", "存在しない日付です"),
        ("来週", "日付として読み取れません"),
        ("4/1", "日付として読み取れません"),
    ],
)
def test_impossible_dates_say_why(value, message):
    with pytest.raises(CellError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    "value",
    ["9:30", "09:30", "09:30:00", "９：３０", "9時30分", "0930", datetime.time(9, 30), 0.3958333],
)
def test_times(value):
    assert parse_time(value) == datetime.time(9, 30)


@pytest.mark.parametrize("value", ["25:00", "9:75", "朝"])
def test_impossible_times(value):
    with pytest.raises(CellError, match="時刻として読み取れません"):
        parse_time(value)


@pytest.mark.parametrize(
    ("value", "expected"), [(12, 12), (12.0, 12), ("１２", 12), ("1,200", 1200)]
)
def test_counts(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize("value", [-1, "-1", "3.5", "十二", True])
def test_a_count_must_be_a_whole_number_of_zero_or_more(value):
    with pytest.raises(CellError, match="0以上の整数"):
        parse_count(value)


@pytest.mark.parametrize("value", ["あり", "有", "○", "〇", "1", 1, True, "TRUE", "ｙｅｓ"])
def test_yes(value):
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", ["なし", "無", "×", "0", 0, False, "false"])
def test_no(value):
    assert parse_yes_no(value) is False


def test_neither_yes_nor_no():
    with pytest.raises(CellError, match="「あり」または「なし」"):
        parse_yes_no("たぶん")


def test_codes_by_code_or_name_and_lists_by_any_separator():
    assert parse_code(LANGUAGES, "言語")("ＰＴ") == "pt"
    assert parse_code(LANGUAGES, "言語")("ベトナム語") == "vi"
    assert parse_code_list(LANGUAGES, "言語")("pt、vi,pt ， ベトナム語") == ["pt", "vi"]


def test_choices_by_label_or_value():
    choices = [("internal", "部内通訳"), ("external", "部外通訳")]
    assert parse_choice(choices, "通訳の種別")("部外通訳") == "external"
    assert parse_choice(choices, "通訳の種別")("internal") == "internal"
    with pytest.raises(CellError, match="「通訳者」は通訳の種別にありません"):
        parse_choice(choices, "通訳の種別")("通訳者")


def test_text_keeps_the_wording_and_checks_the_length():
    assert parse_text()("  ｶﾞｲﾀﾞﾝｽ①  ") == "ｶﾞｲﾀﾞﾝｽ①"
    with pytest.raises(CellError, match="10文字以内"):
        parse_text(10)("あ" * 11)


# ---------------------------------------------------------------- the template


def test_the_template_has_notes_code_lists_and_validation_against_them():
    code_lists = [
        CodeList(
            ("言語コード", "言語名"), [("pt", "ポルトガル語"), ("=cmd", "=1+1")], ("languages",)
        )
    ]
    columns = (*COLUMNS[:4], Column("通訳言語", "languages", str, note="例：pt"))
    workbook = load_workbook(io.BytesIO(build_template(columns, code_lists, title="活動記録")))
    data, codes = workbook["活動記録"], workbook["コード一覧"]
    assert [cell.value for cell in data[1]] == [
        "実施日",
        "件名",
        "参加者数",
        "通訳人の帯同",
        "通訳言語",
    ]
    assert "必須" in data["A1"].comment.text
    assert "例：pt" in data["E1"].comment.text
    assert codes["A3"].value == "=cmd"
    assert codes["A3"].data_type == "s"  # reference text is never a formula
    (validation,) = data.data_validations.dataValidation
    assert validation.formula1 == "'コード一覧'!$A$2:$A$3"
    assert str(validation.sqref) == "E2:E10001"
