"""Demo training for `manage.py seed_demo`: sessions of three stations over 2024–2025, with
attendance, demo officers so that coverage means something, and two initiative posts.

Reproducible: one `random.Random(SEED)` over members sorted by user name. Idempotent: the
demo officers are looked up or created every time; no session is added when the demo
authors already have sessions in the period, and no post whose title exists.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.demo_records import bulk_create_records, ensure_demo_member
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Language, Measure, OrgUnit
from training.choices import InstructorKind
from training.models import Attendance, InitiativePost, TrainingSession
from training.selectors import unit_members

SEED = 5
YEARS = (2024, 2025)
PERIOD = (datetime.date(YEARS[0], 1, 1), datetime.date(YEARS[-1], 12, 31))
OFFICERS_PER_STATION = 15
# station: (author, approver, approver's name, languages of its residents, association)
STATIONS = {
    "gifunaka": ("officer.gifunaka", "approver.gifunaka", "岐阜中 次長", ("vi", "tl", "zh")),
    "ogaki": ("officer.ogaki", "approver.ogaki", "大垣 次長", ("pt", "es", "vi")),
    "kani": ("officer.kani", "approver.kani", "可児 次長", ("pt", "tl", "vi")),
}
ASSOCIATIONS = {
    "gifunaka": "みのかぜ国際交流協会",
    "ogaki": "すいれん国際交流協会",
    "kani": "かわせみ国際交流協会",
}
EXTERNAL, INTERNAL, INTERPRETER = (
    InstructorKind.EXTERNAL,
    InstructorKind.INTERNAL,
    InstructorKind.INTERPRETER,
)
# A year's programme of each station: measure, month, instructor, topic, instructor name, minutes.
SCHEDULE = (
    ("D01", 2, EXTERNAL, "{language}を話す住民の文化・生活習慣と共生", "{association} 講師", 90),
    ("D03", 3, INTERNAL, "外国人からの拾得物・遺失届の受理要領", "会計課 係長", 60),
    ("D02", 5, INTERPRETER, "通訳人を交えた職務質問訓練（{language}）", "部外通訳人", 120),
    ("D01", 6, INTERNAL, "在留資格制度と在留カードの確認要領", "警備課 係長", 60),
    ("D03", 9, INTERNAL, "外国人からの各種届出・相談の受理と通訳の手配", "生活安全課 係長", 60),
    ("D01", 10, EXTERNAL, "やさしい日本語による窓口応対", "{association} 講師", 90),
    ("D02", 11, INTERPRETER, "通訳人を交えた職務質問訓練（{language}）", "部外通訳人", 120),
)
# The last session of 2025 still waits for a decision at two stations.
LAST_STATUS = {"gifunaka": WorkflowStatus.SUBMITTED, "ogaki": WorkflowStatus.DRAFT}


def seed() -> str:
    """Create the demo training unless it exists; return a line for the command's output."""
    with transaction.atomic():
        for code in STATIONS:
            ensure_officers(OrgUnit.objects.get(code=code))
        sessions = 0 if sessions_exist() else write_sessions(random.Random(SEED))  # noqa: S311
        posts = write_initiatives()
    if not sessions and not posts:
        return "デモの職場教養は作成済みです（追加しません）。"
    return f"デモの職場教養 {sessions} 件と取組の共有 {posts} 件を作成しました。"


def ensure_officers(unit: OrgUnit) -> None:
    """Officers with plainly fictional names (「岐阜中 デモ署員01」), who cannot sign in."""
    for n in range(1, OFFICERS_PER_STATION + 1):
        name = f"{unit.label} デモ署員{n:02d}"
        ensure_demo_member(f"demo.{unit.code}.{n:02d}", name, unit, Role.OFFICER)


def sessions_exist() -> bool:
    authors = [author for author, *_ in STATIONS.values()]
    return TrainingSession.objects.filter(
        created_by__username__in=authors, date__range=PERIOD
    ).exists()


def write_sessions(rng: random.Random) -> int:
    measures = {m.code: m for m in Measure.objects.filter(code__startswith="D")}
    languages = Language.objects.in_bulk()
    planned = []  # (session, attendees)
    for code, (author, approver, approver_name, spoken) in STATIONS.items():
        unit = OrgUnit.objects.get(code=code)
        people = (
            User.objects.get(username=author),
            ensure_demo_member(approver, approver_name, unit, Role.APPROVER),
        )
        members = sorted(unit_members(unit), key=lambda user: user.username)
        for year in YEARS:
            for index, plan in enumerate(SCHEDULE):
                last = year == YEARS[-1] and index == len(SCHEDULE) - 1
                status = LAST_STATUS.get(code, WorkflowStatus.APPROVED) if last else None
                language = languages[rng.choice(spoken)]
                session = build_session(unit, people, plan, year, language, measures, rng, status)
                share = rng.uniform(0.45, 0.7)
                planned.append((session, rng.sample(members, round(len(members) * share))))
    sessions = bulk_create_records(TrainingSession, [session for session, _ in planned])
    Attendance.objects.bulk_create(
        Attendance(session=session, user=user)
        for session, (_, attendees) in zip(sessions, planned, strict=True)
        for user in attendees
    )
    return len(sessions)


def build_session(unit, people, plan, year, language, measures, rng, status) -> TrainingSession:
    """One unsaved session of the station's year, with the timestamps of its workflow."""
    code, month, kind, topic, instructor, minutes = plan
    author, approver = people
    day = weekday(datetime.date(year, month, rng.randint(5, 24)))
    names = {"language": language.name, "association": ASSOCIATIONS[unit.code]}
    uses_language = "{language}" in topic or kind == INTERPRETER
    session = TrainingSession(
        owning_unit=unit,
        created_by=author,
        measure=measures[code],
        date=day,
        duration_minutes=minutes,
        topic=topic.format(**names),
        instructor_kind=kind,
        instructor_name=instructor.format(**names),
        language=language if uses_language else None,
        summary="デモ用の記録です。講義と事例検討を行い、質疑応答で理解を深めた。",
    )
    apply_workflow(session, day, status or WorkflowStatus.APPROVED, approver)
    return session


def weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:  # training is held on weekdays
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, days: int, hour: int) -> datetime.datetime:
    """`hour` o'clock on the first working day at least `days` after `day`."""
    later = weekday(day + datetime.timedelta(days=days))
    return timezone.make_aware(datetime.datetime.combine(later, datetime.time(hour)))


def apply_workflow(record, day: datetime.date, status: str, approver: User) -> None:
    """Written the next day, submitted the day after, decided two days later."""
    record.created_at = at(day, 1, 17)
    record.status, record.version = status, 1
    if status != WorkflowStatus.DRAFT:
        record.submitted_at, record.version = at(record.created_at.date(), 1, 9), 2
    if status in (WorkflowStatus.APPROVED, WorkflowStatus.RETURNED):
        decided = at(record.submitted_at.date(), 2, 10)
        record.decided_by, record.decided_at, record.version = approver, decided, 3
    record.updated_at = record.decided_at or record.submitted_at or record.created_at


# ---- initiative posts ----------------------------------------------------------------

INITIATIVES = (
    {
        "station": "gifunaka",
        "measure": "A02",
        "day": datetime.date(2025, 7, 14),
        "title": "技能実習生の受入れ企業と110番通報講習を定例化",
        "content": "受入れ企業の新人研修の日程に合わせて、通訳人を交えた110番通報講習を"
        "年4回行うことを企業と申し合わせた。ベトナム語・タガログ語の説明資料を作成した。",
        "people": "地域課・生活安全課、美濃つばさ縫製株式会社、部外通訳人",
        "result": "受講者は延べ120人。講習後、企業から寮の防犯相談が寄せられるようになった。",
    },
    {
        "station": "kani",
        "measure": "A03",
        "day": datetime.date(2025, 10, 20),
        "title": "外国人児童が通う小学校での親子交通安全教室",
        "content": "ポルトガル語の通訳人と、児童・保護者が一緒に参加する交通安全教室を"
        "開いた。自転車の乗り方の実技と、保護者向けの交通ルールの説明を分けて行った。",
        "people": "交通課・地域課、可児市立こだま小学校、かわせみ国際交流協会",
        "result": "親子68組が参加。保護者から地域の危険箇所について情報が寄せられた。",
    },
)


def write_initiatives() -> int:
    """The two published posts (linked to the station's own demo activities, if any)."""
    titles = [plan["title"] for plan in INITIATIVES]
    existing = set(InitiativePost.objects.filter(title__in=titles).values_list("title", flat=True))
    wanted = [plan for plan in INITIATIVES if plan["title"] not in existing]
    posts = [build_post(plan) for plan in wanted]
    for post, plan in zip(bulk_create_records(InitiativePost, posts), wanted, strict=True):
        post.activities.set(
            Activity.objects.filter(
                owning_unit=post.owning_unit,
                measure__code=plan["measure"],
                status=WorkflowStatus.APPROVED,
            ).order_by("date", "pk")[:2]
        )
    return len(posts)


def build_post(plan: dict) -> InitiativePost:
    author, approver, approver_name, _spoken = STATIONS[plan["station"]]
    unit = OrgUnit.objects.get(code=plan["station"])
    fields = {key: plan[key] for key in ("title", "content", "people", "result")}
    post = InitiativePost(owning_unit=unit, created_by=User.objects.get(username=author), **fields)
    approver_user = ensure_demo_member(approver, approver_name, unit, Role.APPROVER)
    apply_workflow(post, plan["day"], WorkflowStatus.APPROVED, approver_user)
    return post
