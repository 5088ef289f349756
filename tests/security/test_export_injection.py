"""Formula and fetch injection across every export of the project.

Every text field of every record, master-data row and user name is set to a payload that
a spreadsheet would run as a formula (=, +, -, @, TAB, CR first), or that a PDF renderer
would fetch (file://, http://127.0.0.1, ../, <img>, url(), @import). Then every export
URL, read from the resolver, is requested:

* xlsx: no cell is a formula; each payload reads back as the same text (data_type "s");
* csv: no cell starts with a trigger; each payload reads back quote-prefixed;
* pdf: 0 requests reach a local HTTP server, the fetcher is asked for nothing but our
  static files and chart data: URLs, and no file's content ends up in the document.

Each check also asserts that payloads did reach the file, so a column left out cannot
make it pass by saying nothing.
"""

import csv
import io
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from itertools import count

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from gifu_taisaku.core import exports as core_exports
from liaison.choices import Direction
from liaison.models import InformationItem
from tests.intel.factories import mention
from tests.liaison.factories import ContactFactory, FollowUpFactory
from tests.reports.data import make_year_2025
from tests.security.endpoints import endpoints

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_PATTERN = re.compile(r"export|\.xlsx|\.csv|pdf")
# Apps whose rows carry user text into exports; master data and user names included.
POISONED_APPS = {"activities", "liaison", "intel", "training", "commendations", "orgs"}
# Fields that identify rather than describe (scoping paths, codes, log-in names).
NOT_POISONED = {"path", "code", "username", "password", "email", "history_change_reason"}


def export_urls() -> list:
    return [e for e in endpoints() if EXPORT_PATTERN.search(str(e.pattern.pattern))]


# How each export is requested: (method, kwargs, data) per file; a new export URL needs a line.
REQUESTS = {
    "activities:export": [("get", {"fmt": f}, {}) for f in ("xlsx", "csv")],
    "liaison:export": [("get", {"fmt": f}, {"personal_data": "1"}) for f in ("xlsx", "csv")],
    "liaison:contact_export": [
        ("get", {"fmt": f}, {"personal_data": "1"}) for f in ("xlsx", "csv")
    ],
    "training:export": [("get", {"fmt": f}, {}) for f in ("xlsx", "csv")],
    "intel:export": [("get", {"fmt": f}, {}) for f in ("xlsx", "csv")],
    "activities:import_template": [("get", {}, {})],
    "reports:annual_export": [("post", {"year": 2025, "fmt": "xlsx"}, {"basis": "calendar"})],
    "commendations:ranking_export": [("get", {"year": 2025}, {})],
}
PDF_REQUESTS = {
    "reports:annual_export": [("post", {"year": 2025, "fmt": "pdf"}, {"basis": "calendar"})],
    # kwargs as a callable: the URL names an object of the fixture.
    "commendations:pdf": [("get", lambda: {"pk": recommendation_pk()}, {})],
}


def recommendation_pk() -> int:
    return apps.get_model("commendations", "Recommendation").objects.get().pk


def test_every_export_is_checked():
    names = {e.name for e in export_urls()}
    assert names - (REQUESTS.keys() | PDF_REQUESTS.keys()) == set(), "exports not checked"


# --- Poisoning -------------------------------------------------------------------------------


def text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.unique
        and not f.primary_key
        and f.name not in NOT_POISONED
        and (f.max_length is None or f.max_length >= 4)
    ]


def poison(make_payload) -> set[str]:
    """Every text field of every row of the poisoned apps (and every user's name) set to a
    payload; returns the payloads written. QuerySet.update: test data, not a user's edit."""
    written, numbers = set(), count(1)
    targets = [m for m in apps.get_models() if m._meta.app_label in POISONED_APPS]
    targets.append(apps.get_model("accounts", "User"))
    for model in targets:
        fields = text_fields(model)
        if not fields or model.__name__.startswith("Historical"):
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                payload = make_payload(next(numbers))[: field.max_length or None]
                values[field.attname] = payload
                written.add(payload)
            model._default_manager.filter(pk=pk).update(**values)
    return written


def formula(number: int) -> str:
    return f"{TRIGGERS[number % len(TRIGGERS)]}1+{number}"


@pytest.fixture
def records(org, officer_gifunaka, approver_gifunaka, officer_ogaki, approver_ogaki, admin_user):
    """The reports' year of records, with contacts, follow-ups, items and entities."""
    from intel.models import IntelReport
    from liaison.models import LiaisonRecord

    make_year_2025(org, officer_gifunaka, approver_gifunaka, officer_ogaki)
    for record in LiaisonRecord.objects.all():
        contact = ContactFactory(owning_unit=record.owning_unit, created_by=officer_gifunaka)
        record.contacts.add(contact)
        FollowUpFactory(record=record)
        InformationItem.objects.create(record=record, direction=Direction.RECEIVED, content="情報")
    for report in IntelReport.objects.all():
        mention(report)
    commendations(org, admin_user, officer_gifunaka)
    return org


def commendations(org, admin_user, officer) -> None:
    """A scoring scheme for 2025 (the ranking) and one 上申 of 岐阜中署 (its PDF)."""
    from commendations.choices import RecommendationKind
    from commendations.models import Recommendation
    from tests.commendations.data import make_scheme

    make_scheme(2025, admin_user)
    Recommendation.objects.create(
        kind=RecommendationKind.COMMENDATION,
        year=2025,
        station=org.gifunaka,
        nominee=officer,
        title="上申",
        achievements="功績",
        owning_unit=org.hq,
        created_by=admin_user,
    )


@pytest.fixture
def exporter(client, analyst, admin_user, officer_gifunaka):
    """An HQ analyst (every station's records, intel included) for the lists; 本部管理者
    for the annual report; an officer for the import template (those who add records)."""

    def login(name: str):
        if name.startswith(("reports:", "commendations:")):
            client.force_login(admin_user)
        elif name == "activities:import_template":
            client.force_login(officer_gifunaka)
        else:
            client.force_login(analyst)
        return client

    return login


def fetch(client, method: str, name: str, kwargs, data: dict):
    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
    response = client.get(url, data) if method == "get" else client.post(url, data)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Spreadsheets ----------------------------------------------------------------------------


def xlsx_problems(content: bytes, payloads: set[str]) -> tuple[list[str], int]:
    """(What is wrong, how many cells held a payload) in a workbook."""
    problems, found = [], 0
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # The annual workbook's own totals are formulas (=SUM(B6:M6)); user text never.
                if cell.data_type == "f":
                    if any(p in str(cell.value) for p in payloads):
                        problems.append(f"{sheet.title}!{cell.coordinate} runs {cell.value}")
                elif isinstance(cell.value, str) and cell.value.startswith(TRIGGERS):
                    if cell.data_type != "s":
                        problems.append(f"{sheet.title}!{cell.coordinate} is not text")
                    found += cell.value in payloads or any(
                        cell.value.startswith(p) for p in payloads
                    )
    return problems, found


def csv_problems(content: bytes, payloads: set[str]) -> tuple[list[str], int]:
    problems, found = [], 0
    text = content.decode("utf-8-sig")
    for line, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for cell in row:
            if cell.startswith(TRIGGERS):
                problems.append(f"line {line}: {cell!r} would run as a formula")
            elif cell.startswith("'") and cell[1:2] and cell[1] in TRIGGERS:
                found += any(cell[1:].startswith(p) for p in payloads)
    return problems, found


CASES = [
    (name, method, kwargs, data)
    for name, requests in sorted(REQUESTS.items())
    for method, kwargs, data in requests
]


@pytest.mark.parametrize(("name", "method", "kwargs", "data"), CASES)
def test_formula_payloads_stay_text(records, exporter, name, method, kwargs, data):
    payloads = poison(formula)
    content = fetch(exporter(name), method, name, kwargs, data)
    is_csv = kwargs.get("fmt") == "csv"
    problems, found = (csv_problems if is_csv else xlsx_problems)(content, payloads)
    assert problems == []
    assert found > 0, "no payload reached the file: the check would prove nothing"


def test_the_check_catches_a_formula_cell(records, exporter, monkeypatch):
    """Without the writer's protection, the same export fails the check."""
    from openpyxl.cell import WriteOnlyCell

    def unprotected(sheet, value, *, bold=False):
        return WriteOnlyCell(sheet, value=value)  # openpyxl makes "=…" a formula

    monkeypatch.setattr(core_exports, "_xlsx_cell", unprotected)
    payloads = poison(formula)
    content = fetch(exporter("activities:export"), "get", "activities:export", {"fmt": "xlsx"}, {})
    assert xlsx_problems(content, payloads)[0] != []
    monkeypatch.setattr(core_exports, "csv_safe", lambda text: text)
    content = fetch(exporter("activities:export"), "get", "activities:export", {"fmt": "csv"}, {})
    assert csv_problems(content, payloads)[0] != []


# --- PDF -------------------------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """A local server that counts every request a renderer sends it."""

    hits: list[str] = []

    def do_GET(self):
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"root:x:0:0 FETCHED-CONTENT")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.hits = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch_payloads(base: str) -> list[str]:
    return [
        f'<img src="{base}/img.png">',
        f'<link rel="stylesheet" href="{base}/s.css">',
        '<img src="file:///etc/passwd">',
        "../../../../etc/passwd",
        f"{base}/plain",
        f'<p style="background: url({base}/bg.png)">x</p>',
        f"<style>@import url({base}/i.css);</style>",
        '<iframe src="file:///etc/passwd"></iframe>',
        '<object data="file:///etc/hostname"></object>',
        f'<svg><image href="{base}/svg.png"/></svg>',
        f"url({base}/u.png)",
    ]


@pytest.fixture
def spy_fetches(monkeypatch):
    """Every URL WeasyPrint asks the project's fetcher for."""
    fetched, make_fetcher = [], core_exports.safe_url_fetcher

    def spying_fetcher():
        fetcher = make_fetcher()
        original = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(core_exports, "safe_url_fetcher", spying_fetcher)
    return fetched


PDF_CASES = [
    (name, method, kwargs, data)
    for name, requests in sorted(PDF_REQUESTS.items())
    for method, kwargs, data in requests
]
ALLOWED_FETCHES = ("data:image/", core_exports.PDF_BASE_URL + "static/")


@pytest.mark.parametrize(("name", "method", "kwargs", "data"), PDF_CASES)
def test_pdf_fetches_nothing_from_user_text(
    records, exporter, local_server, spy_fetches, tmp_path, name, method, kwargs, data
):
    payloads = fetch_payloads(local_server)
    poison(lambda n: payloads[n % len(payloads)])
    content = fetch(exporter(name), method, name, kwargs, data)
    assert content.startswith(b"%PDF-")
    assert Recorder.hits == []
    assert [u for u in spy_fetches if not u.startswith(ALLOWED_FETCHES)] == []
    (tmp_path / "out.pdf").write_bytes(content)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(tmp_path / "out.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "etc/passwd" in text, "the payloads should be in the PDF, as text"
    assert "root:x:0:0" not in text
    assert "FETCHED-CONTENT" not in text
