"""core.exports: xlsx and csv writers that keep user text inert, the PDF fetcher, the view.

The generic export view is exercised through tests.recordapp's Note, mounted by this
module's own URLconf at /notes/ beside the project's URLs.
"""

import datetime
import io
import os
import shutil
import subprocess
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer

import django_filters
import pytest
from django.urls import include, path
from openpyxl import load_workbook

from gifu_taisaku.core.exports import (
    Column,
    Kind,
    RecordExportView,
    csv_safe,
    data_url_allowed,
    export_urlpattern,
    render_pdf,
    static_file_for_url,
    write_csv,
    write_xlsx,
)
from gifu_taisaku.core.models import AuditEvent
from gifu_taisaku.core.urls_helpers import record_urlpatterns
from gifu_taisaku.orgs.models import OrgUnit
from tests.core.files import image_bytes
from tests.recordapp import views as note_views
from tests.recordapp.factories import NoteFactory
from tests.recordapp.models import Note

FORMULAS = ["=1+1", "+SUM(A1)", "@x", "-1+2", '=HYPERLINK("http://evil")']


class Row:
    def __init__(self, title, day=None, count=None, flag=None):
        self.title, self.day, self.count, self.flag = title, day, count, flag


COLUMNS = (
    Column("件名", "title"),
    Column("実施日", "day", Kind.DATE),
    Column("人数", "count", Kind.INT),
    Column("通訳", "flag", Kind.BOOL),
)


def read_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


# --- xlsx -----------------------------------------------------------------------------


def test_formula_like_text_is_written_as_text_never_as_a_formula():
    content = write_xlsx(COLUMNS, [Row(text) for text in FORMULAS], title="出力")
    sheet = read_sheet(content)
    cells = [sheet.cell(row=index + 2, column=1) for index in range(len(FORMULAS))]
    assert [cell.value for cell in cells] == FORMULAS
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert "<f " not in xml


def test_header_is_bold_and_frozen_dates_are_dates_with_wareki_beside():
    row = Row("講習", datetime.date(2025, 6, 1), 12, True)
    sheet = read_sheet(write_xlsx(COLUMNS, [row], title="各種警察活動"))
    assert sheet.title == "各種警察活動"
    assert [c.value for c in sheet[1]] == ["件名", "実施日", "実施日（和暦）", "人数", "通訳"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    date_cell, wareki_cell = sheet["B2"], sheet["C2"]
    assert date_cell.value == datetime.datetime(2025, 6, 1)
    assert date_cell.number_format == "yyyy/mm/dd"
    assert wareki_cell.value == "令和7年6月1日"
    assert sheet["D2"].value == 12
    assert sheet["D2"].data_type == "n"
    assert sheet["E2"].value == "はい"
    assert sheet.column_dimensions["C"].width >= 16


def test_empty_values_stay_empty_and_control_characters_are_dropped():
    sheet = read_sheet(write_xlsx(COLUMNS, [Row("a\x0bb"), Row("")], title="x"))
    assert sheet["A2"].value == "ab"
    assert sheet["A3"].value is None
    assert sheet["B2"].value is None
    assert sheet["C2"].value is None


def test_datetimes_are_written_in_japan_time_without_zone():
    stamp = datetime.datetime(2025, 3, 31, 16, 30, tzinfo=datetime.UTC)  # 4/1 01:30 in Japan
    columns = (Column("作成日時", lambda row: stamp, Kind.DATETIME),)
    sheet = read_sheet(write_xlsx(columns, [object()], title="x"))
    assert sheet["A2"].value == datetime.datetime(2025, 4, 1, 1, 30)
    assert sheet["A2"].number_format == "yyyy/mm/dd hh:mm"


# --- csv ------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_crlf_and_japanese_headers():
    content = write_csv(COLUMNS, [Row("講習", datetime.date(2019, 5, 1), 3, False)])
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "件名,実施日,実施日（和暦）,人数,通訳"
    assert lines[1] == "講習,2019-05-01,令和元年5月1日,3,いいえ"
    assert "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize("text", [*FORMULAS, "\tx", "\rx"])
def test_csv_neutralises_formula_triggers(text):
    assert csv_safe(text) == "'" + text
    content = write_csv(COLUMNS, [Row(text)]).decode("utf-8-sig")
    assert content.split("\r\n")[1].lstrip('"').startswith("'")


def test_csv_leaves_ordinary_text_and_numbers_alone():
    assert csv_safe("岐阜中警察署") == "岐阜中警察署"
    line = write_csv(COLUMNS, [Row("a-b", count=0)]).decode("utf-8-sig").split("\r\n")[1]
    assert line == "a-b,,,0,"


# --- PDF --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/static/css/app.css",
        "https://example.com/static/css/app.css",
        "https://gifu-taisaku.invalid/media/attachments/x",
        "https://gifu-taisaku.invalid/static/%2e%2e/%2e%2e/settings.py",
        "https://gifu-taisaku.invalid/static/no-such-file.css",
        "ftp://127.0.0.1/x",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(ValueError, match=r"refused|no such"):
        static_file_for_url(url)


def test_the_pdf_fetcher_serves_a_static_file_and_image_data_urls_only():
    found = static_file_for_url("https://gifu-taisaku.invalid/static/css/app.css")
    assert found.name == "app.css"
    assert data_url_allowed("data:image/png;base64,iVBORw0KGgo=")
    assert not data_url_allowed("data:text/html,<script>alert(1)</script>")


needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None and not os.environ.get("CI"),
    reason="poppler-utils (pdffonts, pdfimages) is not installed",
)


def pdf_tool(tool: str, content: bytes, tmp_path) -> str:
    target = tmp_path / "out.pdf"
    target.write_bytes(content)
    return subprocess.run(  # noqa: S603 (fixed tool, our own temporary file)
        [tool, *(["-list"] if tool == "pdfimages" else []), str(target)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def images_in(content: bytes, tmp_path) -> int:
    listing = pdf_tool("pdfimages", content, tmp_path).splitlines()
    return len(listing) - 2  # two header lines


@needs_poppler
def test_japanese_text_is_rendered_with_noto_sans_cjk(tmp_path):
    content = render_pdf("<html lang='ja'><body><p>在留外国人等総合対策</p></body></html>")
    assert content.startswith(b"%PDF-")
    fonts = pdf_tool("pdffonts", content, tmp_path).replace(" ", "").replace("-", "")
    assert "NotoSansCJK" in fonts


@needs_poppler
def test_static_images_are_embedded_but_files_elsewhere_are_not(tmp_path, settings):
    static_dir, outside = tmp_path / "static", tmp_path / "outside"
    static_dir.mkdir()
    outside.mkdir()
    (static_dir / "seal.png").write_bytes(image_bytes("PNG"))
    (outside / "secret.png").write_bytes(image_bytes("PNG"))
    settings.STATICFILES_DIRS = [static_dir]
    served = render_pdf('<img src="/static/seal.png">')
    assert images_in(served, tmp_path) == 1
    local = render_pdf(
        f'<img src="file://{outside}/secret.png"><img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="file:///etc/passwd">'
    )
    assert images_in(local, tmp_path) == 0


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(image_bytes("PNG"))

    def log_message(self, *args):
        pass


def test_the_pdf_never_requests_a_network_url():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        render_pdf(
            f'<link rel="stylesheet" href="{base}/style.css">'
            f'<img src="{base}/pixel.png"><p style="background: url({base}/bg.png)">x</p>'
        )
    finally:
        server.shutdown()
        server.server_close()
    assert Recorder.hits == []


# --- the export view (through tests.recordapp's Note) ----------------------------------------


class NoteFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")
    owning_unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all())

    class Meta:
        model = Note
        fields: list[str] = []


class NoteExport(RecordExportView):
    model = Note
    filterset_class = NoteFilter
    export_columns = (Column("件名", "title"), Column("担当所属", "owning_unit.name"))


note_patterns = [
    *record_urlpatterns(
        Note,
        list_view=note_views.NoteList,
        create_view=note_views.NoteCreate,
        detail_view=note_views.NoteDetail,
        update_view=note_views.NoteUpdate,
        history_view=note_views.NoteHistory,
    ),
    export_urlpattern(NoteExport),
    path("few/export.<str:fmt>", NoteExport.as_view(max_rows=2), name="few_export"),
    path("named/export.<str:fmt>", NoteExport.as_view(filename_prefix="テスト記録"), name="named"),
]
urlpatterns = [
    path("notes/", include((note_patterns, "recordapp"))),
    path("", include("gifu_taisaku.urls")),
]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def notes(org, officer_gifunaka, officer_ogaki):
    NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka, title="=1+1 岐阜中")
    NoteFactory(owning_unit=org.koban, created_by=officer_gifunaka, title="駅前")
    NoteFactory(owning_unit=org.ogaki, created_by=officer_ogaki, title="大垣の記録")


def exported_titles(response) -> list[str]:
    sheet = read_sheet(response.content)
    return [row[0].value for row in sheet.iter_rows(min_row=2)]


def test_export_holds_only_rows_in_scope_and_keeps_text_inert(client, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.get("/notes/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert sorted(exported_titles(response)) == ["=1+1 岐阜中", "駅前"]


def test_export_applies_the_lists_filters_and_writes_an_audit_event(
    client, notes, officer_gifunaka
):
    client.force_login(officer_gifunaka)
    response = client.get("/notes/export.csv", {"title": "駅前"})
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert lines == ["件名,担当所属", "駅前,岐阜駅前交番"]
    event = AuditEvent.objects.get(action="export")
    assert event.actor == officer_gifunaka
    assert event.detail == {
        "model": "recordapp.note",
        "format": "csv",
        "rows": 1,
        "filters": {"title": "駅前"},
    }


def test_an_invalid_filter_exports_nothing_rather_than_everything(client, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    assert exported_titles(client.get("/notes/export.xlsx", {"title": "駅"})) == ["駅前"]
    assert exported_titles(client.get("/notes/export.xlsx", {"owning_unit": "x"})) == []


def test_another_stations_unit_filter_does_not_widen_scope(client, org, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = client.get("/notes/export.xlsx", {"owning_unit": org.ogaki.pk})
    assert exported_titles(response) == []


def test_filename_is_dated_and_sent_as_an_attachment(client, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    disposition = client.get("/notes/export.csv")["Content-Disposition"]
    assert disposition.startswith('attachment; filename="recordapp-')
    assert disposition.endswith('.csv"')
    named = client.get("/notes/named/export.xlsx")["Content-Disposition"]
    assert "filename*=utf-8''%E3%83%86%E3%82%B9%E3%83%88" in named


def test_an_unknown_format_is_404(client, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    assert client.get("/notes/export.pdf").status_code == 404
    assert client.get("/notes/few/export.exe").status_code == 404


def test_too_many_rows_go_back_to_the_list_with_a_japanese_message(client, notes, officer_gifunaka):
    client.force_login(officer_gifunaka)
    NoteFactory.create_batch(2, owning_unit=officer_gifunaka.primary_membership.unit)
    response = client.get("/notes/few/export.xlsx", {"title": ""}, follow=True)
    assert response.redirect_chain[0][0] == "/notes/?title="
    assert "一度に出力できる2件を超えています" in response.content.decode()
    assert AuditEvent.objects.get(action="export").outcome == "denied"


def test_auditor_cannot_export(client, notes, auditor):
    client.force_login(auditor)
    assert client.get("/notes/export.xlsx").status_code == 403


def test_a_column_the_compiler_cannot_read_falls_back_to_the_records(notes):
    """A plain callable (or a property) cannot be read from values_list(): such an export
    reads model instances, and gives the same values as the compiled columns do."""
    from gifu_taisaku.core.exports import _NotCompilable, _Plan, _values, value_rows
    from tests.recordapp.models import Note

    queryset = Note.objects.select_related("owning_unit", "created_by").order_by("pk")
    compiled = (
        Column("件名", "title"),
        Column("所属", "owning_unit.name"),
        Column("作成者", "created_by"),
    )
    mixed = (*compiled, Column("件名の長さ", lambda note: len(note.title), Kind.INT))
    _Plan(queryset, compiled)
    with pytest.raises(_NotCompilable):
        _Plan(queryset, mixed)
    records = list(queryset)
    assert list(value_rows(compiled, queryset)) == [_values(compiled, n) for n in records]
    rows = list(value_rows(mixed, queryset))
    assert [row[:3] for row in rows] == [_values(compiled, n) for n in records]
    assert [row[3] for row in rows] == [len(n.title) for n in records]
    assert rows[0][0] == "=1+1 岐阜中"
    assert rows[0][2] == str(records[0].created_by)
