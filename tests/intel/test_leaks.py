"""A canary in a 秘 report reaches nobody without a grant, through any URL of the project.

The report of 大垣署 carries the canary in its title, summary, details, handling condition,
an entity only it mentions, and an attachment (name and bytes). Every URL pattern is
crawled as each user who may not read it, with every id of the objects around it in each
int argument; then 岐阜中's officer receives a grant, sees it, and loses it again when the
grant expires or is revoked.
"""

import pytest

from gifu_taisaku.core.models import Notification
from intel.choices import Secrecy
from intel.models import (
    AnalystNote,
    Dissemination,
    Entity,
    IntelReport,
    IntelUnitGrant,
    IntelUserGrant,
    ReportEntity,
)
from intel.services import analysis_update, report_submit
from tests.activities.factories import ActivityFactory
from tests.intel.crawl import exposed, quiet_requests, urls
from tests.intel.factories import IntelReportFactory, mention
from tests.intel.helpers import TOKEN, canary_report, grant_unit, in_days, sign_in

# Everyone who may not read the 秘 report (its author and 大垣's approver may). 岐阜中's
# officer reads the other 大垣 report through a unit grant, so the crawl meets both kinds.
OUTSIDERS = (
    "colleague_ogaki",
    "officer_gifunaka",
    "approver_gifunaka",
    "analyst",
    "admin",
    "auditor",
    "deactivated",
    "anonymous",
)
INTEL_MODELS = (
    IntelReport,
    Entity,
    ReportEntity,
    AnalystNote,
    Dissemination,
    IntelUserGrant,
    IntelUnitGrant,
)


@pytest.fixture
def secret_world(org, people):
    """The 秘 report with its canary, submitted as a 予兆 (so analysts are notified), next to
    ordinary reports that the outsiders may read, sharing one entity with the 秘 one."""
    author = people["author"]
    activity = ActivityFactory(owning_unit=org.ogaki, created_by=author)
    report, entity, attachment = canary_report(org.ogaki, author, secrecy=Secrecy.SECRET)
    report.source_activity, report.warning_sign = activity, True
    report.save()
    report_submit(actor=author, report=report)
    shared = mention(report, role="同じ団地").entity
    ordinary = IntelReportFactory(owning_unit=org.ogaki, created_by=author, status="submitted")
    mention(ordinary, shared)
    analysis_update(
        actor=people["analyst"], report=ordinary, status="confirmed", note="確認", shareable=True
    )
    grant_unit(ordinary, org.gifunaka, by=author)  # 岐阜中 reads the ordinary one
    mine = IntelReportFactory(owning_unit=org.gifunaka, created_by=people["officer_gifunaka"])
    mention(mine, shared)
    return report, entity, attachment


def object_ids() -> set[int]:
    """Ids of every intel object, attachment, notification and activity: the int arguments."""
    from activities.models import Activity
    from gifu_taisaku.core.models import Attachment

    ids = set()
    for model in (*INTEL_MODELS, Attachment, Notification, Activity):
        ids |= set(model.objects.values_list("pk", flat=True))
    return ids


def every_url() -> list[str]:
    """Every URL, ids of every object in `pk`, attachments' and grants' ids in theirs."""
    from gifu_taisaku.core.models import Attachment

    grants = [*IntelUserGrant.objects.all(), *IntelUnitGrant.objects.all()]
    extra = ["/intel/?q=" + TOKEN, "/intel/export.csv?q=件名", "/intel/export.xlsx?secrecy=secret"]
    return [
        *urls(
            object_ids(),
            attachment_pk=Attachment.objects.values_list("pk", flat=True),
            grant_pk=[grant.pk for grant in grants],
        ),
        *extra,
    ]


def crawl_for_canary(client, user, report) -> list[str]:
    """Every URL (GET), and the detail URL (POST with a purpose), that exposes the canary."""
    sign_in(client, user)
    leaks = []
    with quiet_requests():
        for url in every_url():
            response = client.get(url)
            body = exposed(response)
            if TOKEN in url:  # a query string comes back in ?next=…: the visitor's own input
                body = body.replace(TOKEN.encode(), b"")
            if TOKEN.encode() in body:
                leaks.append(f"GET {url} {response.status_code}")
        response = client.post(f"/intel/{report.pk}/", {"purpose": "確認"})
    if TOKEN.encode() in exposed(response):
        leaks.append(f"POST /intel/{report.pk}/ {response.status_code}")
    return leaks


@pytest.mark.parametrize("visitor", OUTSIDERS)
def test_no_response_carries_the_canary_to_an_outsider(client, people, secret_world, visitor):
    report, _entity, _attachment = secret_world
    assert crawl_for_canary(client, people[visitor], report) == []


def test_readers_do_see_the_canary_the_crawl_looks_for(client, people, secret_world):
    """The crawl would notice: for the author, the same walk finds the canary."""
    report, entity, attachment = secret_world
    found = {leak.rsplit(" ", 1)[0] for leak in crawl_for_canary(client, people["author"], report)}
    assert {
        f"POST /intel/{report.pk}/",
        "GET /intel/",
        "GET /intel/export.csv",
        "GET /intel/export.xlsx",
        f"GET /intel/entities/{entity.pk}/",
        f"GET /intel/{report.pk}/attachments/{attachment.pk}/",
    } <= found
    assert f"GET /intel/{report.pk}/" not in found  # the purpose comes first
    assert f"GET /intel/{report.pk}/history/" not in found


def canary_visible(client, report, entity, attachment) -> dict[str, bool]:
    pages = {
        "detail": client.post(f"/intel/{report.pk}/", {"purpose": "合同捜査の打合せ"}),
        "list": client.get("/intel/"),
        "entity": client.get(f"/intel/entities/{entity.pk}/"),
        "attachment": client.get(f"/intel/{report.pk}/attachments/{attachment.pk}/"),
    }
    return {name: TOKEN.encode() in exposed(response) for name, response in pages.items()}


def test_a_grant_shows_it_and_its_expiry_or_revocation_hides_it(client, org, people, secret_world):
    report, entity, attachment = secret_world
    reader = people["officer_gifunaka"]
    everywhere, nowhere = dict.fromkeys(("detail", "list", "entity", "attachment"), True), {}
    nowhere = dict.fromkeys(everywhere, False)

    sign_in(client, people["author"])
    expires_on = in_days(10).date().isoformat()
    response = client.post(
        f"/intel/{report.pk}/grants/",
        {"user": reader.pk, "reason": "合同捜査", "expires_on": expires_on},
    )
    assert response.status_code == 302
    sign_in(client, reader)
    assert canary_visible(client, report, entity, attachment) == everywhere

    # The grant runs out: the very next request no longer shows the report.
    IntelUserGrant.objects.filter(content_object=report).update(expires_at=in_days(-1))
    assert canary_visible(client, report, entity, attachment) == nowhere
    assert client.get(f"/intel/{report.pk}/").status_code == 404

    # Granted again, then revoked by the author on the grants page.
    sign_in(client, people["author"])
    client.post(
        f"/intel/{report.pk}/grants/",
        {"user": reader.pk, "reason": "再付与", "expires_on": expires_on},
    )
    grant = IntelUserGrant.objects.get(content_object=report)
    sign_in(client, reader)
    assert canary_visible(client, report, entity, attachment) == everywhere
    sign_in(client, people["author"])
    response = client.post(f"/intel/{report.pk}/grants/user/{grant.pk}/revoke/")
    assert response.status_code == 302
    sign_in(client, reader)
    assert canary_visible(client, report, entity, attachment) == nowhere


def test_a_secret_warning_sign_leaves_no_notification_behind(people, secret_world):
    # HQ cannot open a 秘 report without a grant, so it is not alerted at all; and no
    # notice of any kind carries the report's content.
    assert not Notification.objects.filter(url=secret_world[0].get_absolute_url()).exists()
    texts = list(Notification.objects.values_list("text", "url"))
    assert all(TOKEN not in text and TOKEN not in url for text, url in texts)


def test_there_is_no_django_admin_to_leak_through(client, people):
    from django.apps import apps

    assert not apps.is_installed("django.contrib.admin")
    sign_in(client, people["admin"])
    assert client.get("/admin/").status_code == 404
