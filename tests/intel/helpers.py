"""Building blocks of the intel tests: canary-laden reports, attachments and grants."""

import datetime

from django.utils import timezone

from gifu_taisaku.core.attachments import attachment_add
from intel import services
from intel.choices import Handling, Secrecy
from tests.core.files import upload
from tests.intel.factories import EntityFactory, IntelReportFactory, mention

# An ASCII token inside every canary: it survives HTML, CSV, xlsx XML and JSON unchanged.
TOKEN = "ZQX7F3A9"


def pdf_bytes(text: str) -> bytes:
    """A file that passes the attachment checks as a PDF, carrying `text` in its bytes."""
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


def attach_pdf(report, actor, text: str, name: str = "資料.pdf"):
    return attachment_add(
        actor=actor,
        record=report,
        upload=upload(name, pdf_bytes(text), "application/pdf"),
        media_type="application/pdf",
    )


def canary_report(unit, author, secrecy=Secrecy.SECRET, token: str = TOKEN, attachment_name=None):
    """A report whose title, summary, details, handling condition, own entity and attachment
    all carry `token`. Returns (report, entity, attachment)."""
    report = IntelReportFactory(
        owning_unit=unit,
        created_by=author,
        secrecy=secrecy,
        title=f"件名{token}",
        summary=f"概要{token}",
        details=f"詳細{token}",
        handling=Handling.CONDITIONAL,
        handling_condition=f"条件{token}",
    )
    entity = EntityFactory(name=f"対象{token}")
    mention(report, entity, role=f"関わり{token}")
    attachment = attach_pdf(report, author, f"添付{token}", name=attachment_name or f"{token}.pdf")
    return report, entity, attachment


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def grant_user(report, user, *, by, days: int = 7):
    return services.grant_access(
        actor=by, report=report, user=user, reason="捜査上の必要", expires_at=in_days(days)
    )


def grant_unit(report, unit, *, by, days: int = 7):
    return services.grant_access(
        actor=by, report=report, unit=unit, reason="合同捜査", expires_at=in_days(days)
    )


def sign_in(client, user) -> None:
    """Sign `client` in as `user`, or out when `user` is None (anonymous)."""
    client.logout()
    if user is not None:
        client.force_login(user)
