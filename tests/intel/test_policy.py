"""Who reads what: one report of 大垣署 at each 保秘区分, walked through every kind of user.

The table is the rule of the issue, written out: R reads it, N meets it as 404 (outside
their need-to-know; a list or an export simply leaves it out), F is refused for lacking
the record permission (403), S is signed out (302 to the login page).

                      部内限り  取扱注意  秘
"""

import pytest

from intel.choices import Secrecy
from tests.intel.crawl import exposed
from tests.intel.helpers import TOKEN, canary_report, grant_unit, grant_user, sign_in

LEVELS = (Secrecy.INTERNAL, Secrecy.CAUTION, Secrecy.SECRET)
EXPECTED = {
    "author": "RRR",
    "colleague_ogaki": "NNN",
    "approver_ogaki": "RRR",
    "officer_gifunaka": "NNN",
    "approver_gifunaka": "NNN",
    "analyst": "RRN",
    "admin": "RRN",
    "auditor": "FFF",
    "deactivated": "SSS",
    "anonymous": "SSS",
    "personal_grantee": "RRR",
    "unit_grantee": "RRR",
}
DETAIL_STATUS = {"R": 200, "N": 404, "F": 403, "S": 302}
LIST_STATUS = {"R": 200, "N": 200, "F": 403, "S": 302}
CASES = [
    pytest.param(visitor, level, code, id=f"{visitor}-{level}")
    for visitor, codes in EXPECTED.items()
    for level, code in zip(LEVELS, codes, strict=True)
]


@pytest.fixture
def casefile(org, people):
    """Builds the report at a level; grantees get their grant (by the author) first."""

    def build(level, visitor):
        report, entity, attachment = canary_report(org.ogaki, people["author"], secrecy=level)
        report.title = f"{report.title} 団地"
        report.save()  # a second history row, so the history page has a change to show
        if visitor == "personal_grantee":
            grant_user(report, people[visitor], by=people["author"])
        if visitor == "unit_grantee":
            grant_unit(report, org.gifunaka, by=people["author"])
        return report, entity, attachment

    return build


def listed(response, report) -> bool:
    return response.status_code == 200 and report in response.context["object_list"]


def exported(response, report) -> bool:
    lines = response.content.decode("utf-8-sig").splitlines()[1:]
    return any(line.split(",")[0] == str(report.pk) for line in lines)


@pytest.mark.parametrize(("visitor", "level", "code"), CASES)
def test_each_visitor_reads_exactly_what_the_rules_allow(
    client, people, casefile, visitor, level, code
):
    report, entity, attachment = casefile(level, visitor)
    sign_in(client, people[visitor])
    reads = code == "R"
    detail = f"/intel/{report.pk}/"
    pages = {
        "detail": client.get(detail),
        "detail_post": client.post(detail, {"purpose": "事案の確認"}),
        "history": client.get(f"{detail}history/"),
        "attachment": client.get(f"{detail}attachments/{attachment.pk}/"),
        "entity": client.get(f"/intel/entities/{entity.pk}/"),
        "list": client.get("/intel/"),
        "search": client.get("/intel/", {"q": "団地"}),
        "export": client.get("/intel/export.csv"),
        "export_search": client.get("/intel/export.csv", {"q": "団地"}),
    }

    scoped = ("detail", "detail_post", "history", "attachment", "entity")
    expected = {name: DETAIL_STATUS[code] for name in scoped}
    expected |= {name: LIST_STATUS[code] for name in pages.keys() - set(scoped)}
    assert {name: r.status_code for name, r in pages.items()} == expected

    if code in "RN":
        assert listed(pages["list"], report) is reads
        assert listed(pages["search"], report) is reads
        assert exported(pages["export"], report) is reads
        assert exported(pages["export_search"], report) is reads
    if reads:
        secret = level == Secrecy.SECRET
        # A 秘 report asks for the purpose first; the content comes with the POST.
        assert (TOKEN.encode() in pages["detail"].content) is not secret
        assert ("閲覧の目的" in pages["detail"].content.decode()) is secret
        assert f"詳細{TOKEN}" in pages["detail_post"].content.decode()
        assert TOKEN.encode() in exposed(pages["attachment"])
        assert f"対象{TOKEN}" in pages["entity"].content.decode()
        # History says who changed what, never the text.
        assert "変更" in pages["history"].content.decode()
        assert TOKEN not in pages["history"].content.decode()
    else:
        leaked = [name for name, r in pages.items() if TOKEN.encode() in exposed(r)]
        assert leaked == []


@pytest.mark.parametrize("level", LEVELS)
def test_other_stations_never_see_even_the_count(client, org, people, level):
    """The list of 岐阜中's officer shows how many reports they may read: theirs only."""
    canary_report(org.ogaki, people["author"], secrecy=level)
    sign_in(client, people["officer_gifunaka"])
    page = client.get("/intel/")
    assert page.context["paginator"].count == 0
    assert "閲覧できる報告はありません" in page.content.decode()
