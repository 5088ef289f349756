"""Demo activities for `manage.py seed_demo`: two years of three stations' programme.

Reproducible: one `random.Random(2025)` and dates inside 2024-01-01 … 2025-12-31, so two
fresh databases get the same records. Idempotent: no activity is added when the demo
officers already have activities in that period (the partner organisations are looked up
or created every time). Each record passes `full_clean()`, as in the services, and is then
written in bulk together with a history that reads like real use — created as a draft,
submitted, then approved or returned — because ~200 saves through the services take too
long on SQLite. No audit events are written: the audit trail records what people actually
did in this system, and nobody submitted or approved these records.
"""

import datetime
import random

from django.db import transaction

from activities.demo_plans import DISTRICTS, LANGUAGES, YEARS, DemoBuilder, Plan, Station
from activities.models import Activity, AudienceLanguage, AudienceNationality
from gifu_taisaku.accounts.models import User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.demo_records import bulk_create_records, ensure_demo_member
from gifu_taisaku.orgs.models import Jurisdiction, OrgUnit
from liaison.models import Organisation
from liaison.models import OrganisationKind as Kind

SEED = 2025
PERIOD = (datetime.date(YEARS[0], 1, 1), datetime.date(YEARS[-1], 12, 31))
AUTHORS = {"gifunaka": "officer.gifunaka", "ogaki": "officer.ogaki", "kani": "officer.kani"}
# Only approver.gifunaka is a demo sign-in. The other two exist so that their stations'
# decided records name someone who could have decided them; they cannot sign in.
APPROVERS = {
    "gifunaka": ("approver.gifunaka", "岐阜中 次長"),
    "ogaki": ("approver.ogaki", "大垣 次長"),
    "kani": ("approver.kani", "可児 次長"),
}
NATIONALITY_OF = {"pt": "BR", "tl": "PH", "vi": "VN", "zh": "CN", "id": "ID", "ne": "NP"}
DEMO_NOTE = "デモ用の架空の団体です。"
# name, kind, municipality code, station — all fictional.
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("ひまわり地区防犯パトロール隊", Kind.CRIME_PREVENTION, "212016", "gifunaka"),
    ("わかば台地区防犯パトロール隊", Kind.CRIME_PREVENTION, "212024", "ogaki"),
    ("さくら坂地区防犯パトロール隊", Kind.CRIME_PREVENTION, "212148", "kani"),
    ("美濃つばさ縫製株式会社", Kind.COMPANY, "212016", "gifunaka"),
    ("みらい精密工業株式会社", Kind.COMPANY, "212024", "ogaki"),
    ("輪之内あおば食品株式会社", Kind.COMPANY, "213829", "ogaki"),
    ("東濃ひばり電子株式会社", Kind.COMPANY, "212148", "kani"),
    ("御嵩やまびこ物流株式会社", Kind.COMPANY, "215210", "kani"),
    ("岐阜市立ひかり小学校", Kind.SCHOOL, "212016", "gifunaka"),
    ("大垣市立みずき中学校", Kind.SCHOOL, "212024", "ogaki"),
    ("可児市立こだま小学校", Kind.SCHOOL, "212148", "kani"),
    ("みのかぜ国際交流協会", Kind.INTERNATIONAL, "212016", "gifunaka"),
    ("すいれん国際交流協会", Kind.INTERNATIONAL, "212024", "ogaki"),
    ("かわせみ国際交流協会", Kind.INTERNATIONAL, "212148", "kani"),
)


def seed() -> str:
    """Create the demo activities unless they exist; return a line for the command's output."""
    if demo_exists():
        ensure_organisations()
        return "デモの各種警察活動は作成済みです（追加しません）。"
    with transaction.atomic():
        ensure_organisations()
        rng = random.Random(SEED)  # noqa: S311  (reproducible demo figures, not secrets)
        plans = [plan for code in AUTHORS for plan in DemoBuilder(load_station(code), rng).plans()]
        write(plans)
    return f"デモの各種警察活動 {len(plans)} 件を作成しました。"


def demo_exists() -> bool:
    """Whether the demo officers already have activities in the demo period."""
    return Activity.objects.filter(
        created_by__username__in=AUTHORS.values(), date__range=PERIOD
    ).exists()


def ensure_organisations() -> None:
    for name, kind, municipality, station in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, municipality_id=municipality, defaults={"kind": kind, "notes": DEMO_NOTE}
        )
        organisation.stations.add(OrgUnit.objects.get(code=station))


def ensure_approver(unit: OrgUnit, username: str, full_name: str) -> User:
    """The station's approver; created without a password when it is not a demo sign-in."""
    return ensure_demo_member(username, full_name, unit, Role.APPROVER)


def load_station(code: str) -> Station:
    """A demo station with its officer, approver, jurisdiction and demo partners."""
    unit = OrgUnit.objects.get(code=code)
    partners: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(stations=unit, notes=DEMO_NOTE).select_related(
        "municipality"
    ):
        partners.setdefault(organisation.kind, []).append(organisation)
    jurisdiction = Jurisdiction.objects.filter(station=unit).select_related("municipality")
    return Station(
        unit=unit,
        author=User.objects.get(username=AUTHORS[code]),
        approver=ensure_approver(unit, *APPROVERS[code]),
        languages=LANGUAGES[code],
        districts=DISTRICTS[code],
        municipalities=tuple(j.municipality for j in jurisdiction.order_by("municipality")),
        partners=partners,
    )


# ---- writing ---------------------------------------------------------------------


def write(plans: list[Plan]) -> None:
    """Validate, then insert the records, their history and their many-to-many rows."""
    bulk_create_records(Activity, [plan.activity for plan in plans])
    write_related(plans)


def write_related(plans: list[Plan]) -> None:
    """Interpreter languages, partners and the audience's languages and nationalities."""
    interpreters = Activity.interpreter_languages.through
    partners = Activity.partners.through
    interpreters.objects.bulk_create(
        interpreters(activity_id=plan.activity.pk, language_id=code)
        for plan in plans
        for code in plan.interpreter_languages
    )
    partners.objects.bulk_create(
        partners(activity_id=plan.activity.pk, organisation_id=organisation.pk)
        for plan in plans
        for organisation in plan.partners
    )
    audience = [(plan.activity, code, count) for plan in plans for code, count in plan.audience]
    AudienceLanguage.objects.bulk_create(
        AudienceLanguage(activity=activity, language_id=code, count=count)
        for activity, code, count in audience
    )
    AudienceNationality.objects.bulk_create(
        AudienceNationality(activity=activity, nationality_id=NATIONALITY_OF[code], count=count)
        for activity, code, count in audience
    )
