"""core.attachments and its views, through tests.recordapp's Note mounted at /notes/.

Files are checked for what they are, stored under random names, and reachable only
through a record the user may see: 岐阜中 meets 大垣's files as 404.
"""

import re

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path, resolve

from gifu_taisaku.core.attachment_views import attachment_urlpatterns
from gifu_taisaku.core.attachments import attachment_add, attachments_for, display_name
from gifu_taisaku.core.models import Attachment, AuditEvent, WorkflowStatus
from gifu_taisaku.core.urls_helpers import record_urlpatterns
from tests.core.files import image_bytes, upload
from tests.core.test_security import assert_no_inline_code
from tests.recordapp import views as note_views
from tests.recordapp.factories import NoteFactory
from tests.recordapp.models import Note

note_patterns = [
    *record_urlpatterns(
        Note,
        list_view=note_views.NoteList,
        create_view=note_views.NoteCreate,
        detail_view=note_views.NoteDetail,
        update_view=note_views.NoteUpdate,
        history_view=note_views.NoteHistory,
    ),
    *attachment_urlpatterns(Note),
]
urlpatterns = [
    path("notes/", include((note_patterns, "recordapp"))),
    path("", include("gifu_taisaku.urls")),
]
pytestmark = pytest.mark.urls(__name__)

HTML_AS_PNG = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
ZIP = b"PK\x03\x04" + b"\x00" * 40


@pytest.fixture
def mine(org, officer_gifunaka):
    return NoteFactory(owning_unit=org.gifunaka, created_by=officer_gifunaka)


@pytest.fixture
def theirs(org, officer_ogaki):
    return NoteFactory(owning_unit=org.ogaki, created_by=officer_ogaki)


def attach(record, user, name="photo.png", content=None, media_type="image/png"):
    content = image_bytes("PNG") if content is None else content
    return attachment_add(
        actor=user, record=record, upload=upload(name, content), media_type=media_type
    )


def post_file(client, record, name, content, **extra):
    return client.post(f"/notes/{record.pk}/attachments/", {"file": upload(name, content)}, **extra)


# --- upload -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "media_type"),
    [
        ("現場写真.png", "PNG", "image/png"),
        ("講習の様子.JPG", "JPEG", "image/jpeg"),
        ("ちらし（ポルトガル語）.pdf", "PDF", "application/pdf"),
    ],
)
def test_a_real_image_or_pdf_is_attached(client, mine, officer_gifunaka, name, fmt, media_type):
    client.force_login(officer_gifunaka)
    content = image_bytes(fmt)
    response = post_file(client, mine, name, content)
    assert response.status_code == 302
    assert response["Location"] == f"/notes/{mine.pk}/#attachments"
    attachment = Attachment.objects.get()
    assert attachment.record == mine
    assert (attachment.original_name, attachment.media_type) == (name, media_type)
    assert attachment.size == len(content)
    assert attachment.uploaded_by == officer_gifunaka
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}", attachment.file.name)
    assert default_storage.open(attachment.file.name).read() == content
    event = AuditEvent.objects.get(action="attachment_added")
    assert (event.actor, event.object_id) == (officer_gifunaka, str(mine.pk))
    assert name not in str(event.detail)  # a file name can be content; the trail outlives it


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", HTML_AS_PNG, "添付できるのは JPEG・PNG の画像と PDF だけです。"),
        ("map.svg", SVG, "添付できるのは JPEG・PNG の画像と PDF だけです。"),
        ("archive.zip", ZIP, "添付できるのは JPEG・PNG の画像と PDF だけです。"),
        ("flyer.png", image_bytes("PDF"), "拡張子（.png）と中身（PDF）が一致しません"),
        ("photo.pdf", image_bytes("JPEG"), "拡張子（.pdf）と中身（JPEG）が一致しません"),
        ("broken.png", image_bytes("PNG")[:40], "画像として読み込めません"),
        ("empty.png", b"", "ファイルが空です。"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(
    client, mine, officer_gifunaka, name, content, message
):
    client.force_login(officer_gifunaka)
    page = post_file(client, mine, name, content, follow=True).content.decode()
    assert message in page
    assert not Attachment.objects.exists()
    assert not AuditEvent.objects.filter(action="attachment_added").exists()


def test_an_oversize_file_is_refused(client, mine, officer_gifunaka, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(officer_gifunaka)
    page = post_file(client, mine, "big.png", image_bytes("PNG", (400, 400)), follow=True)
    assert "ファイルが大きすぎます（上限 1.0\xa0KB）。" in page.content.decode()
    assert not Attachment.objects.exists()


def test_with_htmx_the_error_is_shown_under_the_field(client, mine, officer_gifunaka):
    client.force_login(officer_gifunaka)
    response = post_file(client, mine, "photo.png", HTML_AS_PNG, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")
    assert 'aria-invalid="true"' in html
    assert 'id="attachment-file_error"' in html
    assert "添付できるのは JPEG・PNG の画像と PDF だけです。" in html
    ok = post_file(client, mine, "photo.png", image_bytes(), HTTP_HX_REQUEST="true")
    assert ok["HX-Redirect"] == f"/notes/{mine.pk}/#attachments"


def test_a_submitted_record_takes_no_more_files(client, org, officer_gifunaka):
    submitted = NoteFactory(
        owning_unit=org.gifunaka, created_by=officer_gifunaka, status=WorkflowStatus.SUBMITTED
    )
    client.force_login(officer_gifunaka)
    assert post_file(client, submitted, "photo.png", image_bytes()).status_code == 404
    assert not Attachment.objects.exists()


def test_hq_may_read_but_not_attach(client, mine, analyst, officer_gifunaka):
    attached = attach(mine, officer_gifunaka)
    client.force_login(analyst)
    assert client.get(f"/notes/{mine.pk}/attachments/{attached.pk}/").status_code == 200
    assert post_file(client, mine, "photo.png", image_bytes()).status_code == 403


def test_the_user_file_name_is_kept_for_display_only():
    assert display_name("C:\\Users\\taro\\写真.png") == "写真.png"
    assert display_name("../../etc/passwd.png") == "passwd.png"
    assert display_name("a\x00b\r\n.pdf") == "ab.pdf"
    assert len(display_name("長" * 300 + ".pdf")) == 255


# --- download ------------------------------------------------------------------------------


def test_download_sends_the_detected_type_and_forbids_sniffing(client, mine, officer_gifunaka):
    photo = attach(mine, officer_gifunaka, "写真.png")
    flyer = attach(mine, officer_gifunaka, "ちらし.pdf", image_bytes("PDF"), "application/pdf")
    client.force_login(officer_gifunaka)
    response = client.get(f"/notes/{mine.pk}/attachments/{photo.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=utf-8''%E5%86%99%E7%9C%9F.png" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == image_bytes("PNG")
    pdf = client.get(f"/notes/{mine.pk}/attachments/{flyer.pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_another_stations_file_is_404_however_it_is_asked_for(
    client, mine, theirs, officer_gifunaka, officer_ogaki
):
    their_file = attach(theirs, officer_ogaki)
    client.force_login(officer_gifunaka)
    assert client.get(f"/notes/{theirs.pk}/attachments/{their_file.pk}/").status_code == 404
    # Their file's id under my own record: the file must belong to the record named.
    assert client.get(f"/notes/{mine.pk}/attachments/{their_file.pk}/").status_code == 404


def test_another_stations_record_takes_no_upload_or_delete(
    client, mine, theirs, officer_gifunaka, officer_ogaki
):
    their_file = attach(theirs, officer_ogaki)
    client.force_login(officer_gifunaka)
    assert post_file(client, theirs, "photo.png", image_bytes()).status_code == 404
    delete_url = f"/notes/{theirs.pk}/attachments/{their_file.pk}/delete/"
    assert client.post(delete_url).status_code == 404
    assert client.post(f"/notes/{mine.pk}/attachments/{their_file.pk}/delete/").status_code == 404
    assert list(Attachment.objects.all()) == [their_file]


def test_get_on_upload_and_delete_is_405(client, mine, officer_gifunaka, auditor):
    attached = attach(mine, officer_gifunaka)
    for user in (officer_gifunaka, auditor):
        client.force_login(user)
        assert client.get(f"/notes/{mine.pk}/attachments/").status_code == 405
        delete_url = f"/notes/{mine.pk}/attachments/{attached.pk}/delete/"
        assert client.get(delete_url).status_code == 405


# --- delete ----------------------------------------------------------------------------------


def test_delete_removes_row_and_file_and_is_audited(
    client, mine, officer_gifunaka, django_capture_on_commit_callbacks
):
    attached = attach(mine, officer_gifunaka, "古い写真.png")
    stored = attached.file.name
    client.force_login(officer_gifunaka)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/notes/{mine.pk}/attachments/{attached.pk}/delete/", follow=True)
    assert "「古い写真.png」を削除しました。" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="attachment_deleted")
    assert event.detail["attachment_id"] == attached.pk
    assert event.object_id == str(mine.pk)


# --- reading and the include template ----------------------------------------------------------


def test_attachments_for_is_one_query_and_only_that_records(
    mine, theirs, officer_gifunaka, officer_ogaki, django_assert_num_queries
):
    own = [attach(mine, officer_gifunaka, f"{n}.png") for n in range(3)]
    attach(theirs, officer_ogaki)
    with django_assert_num_queries(1):
        found = attachments_for(mine)
        names = [(a.original_name, str(a.uploaded_by)) for a in found]
    assert [a.pk for a in found] == [a.pk for a in own]
    assert names[0] == ("0.png", "岐阜中 一郎")


def render_include(record, user, can_attach: bool) -> str:
    request = RequestFactory().get(f"/notes/{record.pk}/")
    request.user = user
    request.resolver_match = resolve(request.path)
    context = {"record": record, "attachments": attachments_for(record), "can_attach": can_attach}
    return render_to_string("includes/attachments.html", context, request=request)


def test_the_include_lists_files_and_offers_upload_and_delete_only_when_allowed(
    mine, officer_gifunaka
):
    attached = attach(mine, officer_gifunaka, "講習.png")
    html = render_include(mine, officer_gifunaka, can_attach=True)
    assert f'href="/notes/{mine.pk}/attachments/{attached.pk}/"' in html
    assert "講習.png" in html
    assert "岐阜中 一郎" in html
    assert re.search(r"令和\d+年\d+月\d+日 \d\d:\d\d", html)
    assert 'enctype="multipart/form-data"' in html
    assert f'action="/notes/{mine.pk}/attachments/{attached.pk}/delete/"' in html
    assert 'data-confirm="「講習.png」を削除します。よろしいですか？"' in html
    assert "10.0\xa0MB" in html  # the limit, from settings
    assert_no_inline_code(html)
    read_only = render_include(mine, officer_gifunaka, can_attach=False)
    assert "講習.png" in read_only
    assert "multipart" not in read_only
    assert "/delete/" not in read_only
