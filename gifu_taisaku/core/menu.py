"""The navigation: the five programme areas and the management screens, by permission.

An entry appears when the user's roles grant its permission (accounts.roles) and its
page exists; programme apps add their URLs in their own issues.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.roles import Perm


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    perms: frozenset[Perm]  # any one of them shows the entry
    section: str


PROGRAMME = _("推進事項")
REPORTS = _("実施状況")
MANAGEMENT = _("管理")

MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("各種警察活動"), "activities:list", frozenset({Perm.VIEW_RECORDS}), PROGRAMME),
    MenuEntry(_("関係機関との連携"), "liaison:list", frozenset({Perm.VIEW_RECORDS}), PROGRAMME),
    MenuEntry(
        _("関係機関・団体"), "liaison:organisation_list", frozenset({Perm.VIEW_RECORDS}), PROGRAMME
    ),
    MenuEntry(_("実態把握"), "intel:list", frozenset({Perm.VIEW_RECORDS}), PROGRAMME),
    MenuEntry(_("職場教養"), "training:list", frozenset({Perm.VIEW_RECORDS}), PROGRAMME),
    MenuEntry(_("表彰"), "commendations:list", frozenset({Perm.MANAGE_COMMENDATIONS}), PROGRAMME),
    MenuEntry(
        _("ダッシュボード"),
        "reports:dashboard",
        frozenset({Perm.VIEW_REPORTS, Perm.VIEW_RECORDS}),
        REPORTS,
    ),
    MenuEntry(_("年間報告"), "reports:annual_index", frozenset({Perm.VIEW_REPORTS}), REPORTS),
    MenuEntry(
        _("表彰の評価"), "commendations:score_index", frozenset({Perm.VIEW_RECORDS}), REPORTS
    ),
    MenuEntry(_("利用者管理"), "accounts:user_list", frozenset({Perm.MANAGE_USERS}), MANAGEMENT),
    MenuEntry(_("参照データ"), "orgs:index", frozenset({Perm.MANAGE_MASTER}), MANAGEMENT),
    MenuEntry(_("監査記録"), "core:audit_list", frozenset({Perm.VIEW_AUDIT}), MANAGEMENT),
)


def _url_or_none(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def menu_for(user) -> list[dict]:
    """The entries `user` may open, with their URLs, in menu order."""
    if not user.is_authenticated:
        return []
    entries = []
    for entry in MENU:
        url = _url_or_none(entry.url_name)
        if url and any(user.has_role_perm(perm) for perm in entry.perms):
            entries.append({"label": entry.label, "url": url, "section": entry.section})
    return entries
