"""Exports of liaison records and contacts: personal data only when asked for, and audited."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gifu_taisaku.core.models import AuditEvent
from liaison.models import InformationItem, OrganisationKind
from tests.liaison.factories import (
    ContactFactory,
    FollowUpFactory,
    LiaisonRecordFactory,
    OrganisationFactory,
)

CANARY = "CANARY-連携で入手した情報"


def sheet_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def records(org, officer_gifunaka, officer_ogaki):
    """A meeting of each station with the same company, each naming its own contact."""
    company = OrganisationFactory(name="みらい精密工業", kind=OrganisationKind.COMPANY)
    made = {}
    for key, unit, author in (
        ("mine", org.gifunaka, officer_gifunaka),
        ("theirs", org.ogaki, officer_ogaki),
    ):
        contact = ContactFactory(owning_unit=unit, organisation=company, name=f"{key}-担当者")
        record = LiaisonRecordFactory(
            owning_unit=unit,
            created_by=author,
            organisations=[company],
            title=f"{key}-会議",
            intel_obtained=True,
            intel_note=CANARY,
        )
        record.contacts.set([contact])
        record.participants.set([author])
        InformationItem.objects.create(record=record, direction="received", content="採用予定")
        FollowUpFactory(record=record, description="講習の日程調整")
        made[key] = record
    return made


def test_liaison_export_leaves_contacts_out_unless_asked(client, records, officer_gifunaka):
    client.force_login(officer_gifunaka)
    rows = sheet_rows(client.get("/liaison/export.xlsx"))
    assert [row["件名"] for row in rows] == ["mine-会議"]
    assert "先方の担当者" not in rows[0]
    assert "mine-担当者" not in str(rows)
    assert CANARY not in str(rows)
    assert rows[0]["先方から受領した情報"] == "採用予定"
    assert "講習の日程調整" in rows[0]["今後の対応"]
    event = AuditEvent.objects.get(action="export")
    assert event.detail["personal_data"] is False


def test_ticking_the_box_exports_contacts_and_is_audited(client, records, officer_gifunaka):
    client.force_login(officer_gifunaka)
    rows = csv_rows(client.get("/liaison/export.csv", {"personal_data": "1", "kind": "meeting"}))
    assert [row["先方の担当者"] for row in rows] == ["mine-担当者（みらい精密工業・総務課長）"]
    event = AuditEvent.objects.get(action="export")
    assert event.actor == officer_gifunaka
    assert event.detail["personal_data"] is True
    assert event.detail["model"] == "liaison.liaisonrecord"
    assert event.detail["filters"] == {"personal_data": "1", "kind": "meeting"}


def test_contact_export_without_the_box_has_no_personal_data(client, records, officer_gifunaka):
    client.force_login(officer_gifunaka)
    rows = sheet_rows(client.get("/liaison/contacts/export.xlsx"))
    assert len(rows) == 1
    assert not {"氏名", "役職", "電話番号", "メールアドレス"} & rows[0].keys()
    assert "担当者" not in str(rows)
    assert AuditEvent.objects.get(action="export").detail["personal_data"] is False


def test_contacts_never_appear_in_another_stations_export(client, records, officer_gifunaka):
    client.force_login(officer_gifunaka)
    rows = sheet_rows(client.get("/liaison/contacts/export.xlsx", {"personal_data": "1"}))
    assert [row["氏名"] for row in rows] == ["mine-担当者"]
    assert rows[0]["電話番号"] == "058-000-0000"
    event = AuditEvent.objects.get(action="export")
    assert (event.detail["model"], event.detail["personal_data"]) == ("liaison.contact", True)
    rows = sheet_rows(client.get("/liaison/export.xlsx", {"personal_data": "1"}))
    assert "theirs-担当者" not in str(rows)


def test_hq_exports_every_stations_contacts_when_asked(client, records, analyst):
    client.force_login(analyst)
    rows = sheet_rows(client.get("/liaison/contacts/export.xlsx", {"personal_data": "1"}))
    assert sorted(row["氏名"] for row in rows) == ["mine-担当者", "theirs-担当者"]


def test_export_queries_do_not_grow_with_rows(client, org, records, officer_gifunaka):
    client.force_login(officer_gifunaka)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get("/liaison/export.xlsx", {"personal_data": "1"})
        counts.append(len(queries))
        for _ in range(10):
            extra = LiaisonRecordFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)
            FollowUpFactory(record=extra)
    assert counts[0] == counts[1]


def test_auditor_cannot_export_contacts(client, records, auditor):
    client.force_login(auditor)
    assert client.get("/liaison/contacts/export.xlsx").status_code == 403
