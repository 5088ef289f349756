"""Demo intel reports for `manage.py seed_demo`: thirty fictional reports of three stations.

Every name, place and person below is invented (the places carry （架空） in their address,
the people are 仮名). Reports are written after the demo activities (seed_demo runs the
apps' `demo.seed()` in INSTALLED_APPS order), so a few can start from an activity where
情報入手あり was ticked. Reproducible: a fixed table, no randomness; review dates are set
relative to the day of seeding so that exactly two reports are overdue for review.
Idempotent: nothing is added when the demo reports exist.

As in activities.demo, no audit events are written (nobody read, submitted or granted
anything in this system), but each report gets a history that follows its workflow.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from activities.demo import APPROVERS, AUTHORS, ensure_approver
from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Measure, OrgUnit
from intel.choices import AnalystStatus, EntityKind, Handling, Secrecy
from intel.models import AnalystNote, Entity, IntelReport, IntelUserGrant, ReportEntity
from intel.models import retention_limit_from as retention_from

DEMO_MARK = "（デモ用の架空の情報です。）"
DEMO_NOTE = "デモ用の架空の対象です。"
ANALYST = "analyst.hq"

PLACE, ORG, NETWORK, PERSON = EntityKind.values
AREA, NIGHT, YARD, SHOP, SCHOOL = "area", "nightlife", "yard", "shop", "school"
# key: (kind, name, place kind, municipality code, where); all invented.
ENTITIES = {
    "midoridai": (PLACE, "県営みどり台団地", AREA, "212024", "大垣市みどり台"),
    "hibari": (PLACE, "市営ひばり団地", AREA, "212016", "岐阜市ひばり町"),
    "sakurazaka": (PLACE, "県営さくら坂住宅", AREA, "212148", "可児市さくら坂"),
    "ekinan": (PLACE, "駅南飲食店街", NIGHT, "212016", "岐阜市駅南"),
    "ekikita": (PLACE, "駅北スナック街", NIGHT, "212024", "大垣市駅北"),
    "kaniekimae": (PLACE, "可児駅前飲食店街", NIGHT, "212148", "可児市駅前"),
    "yard": (PLACE, "東山ヤード", YARD, "212148", "可児市東山"),
    "hikari": (PLACE, "アジア食材店ひかり", SHOP, "212016", "岐阜市本町"),
    "tsubaki": (PLACE, "スナックつばき", SHOP, "212016", "岐阜市駅南"),
    "mina": (PLACE, "ハラール食材店ミナ", SHOP, "212024", "大垣市西部"),
    "mizuki": (PLACE, "大垣市立みずき中学校", SCHOOL, "212024", "大垣市みずき町"),
    "mirai": (ORG, "みらい精密工業株式会社", "", "212024", "大垣市工業団地"),
    "tsubasa": (ORG, "美濃つばさ縫製株式会社", "", "212016", "岐阜市川沿い"),
    "hibari_denshi": (ORG, "東濃ひばり電子株式会社", "", "212148", "可児市工業団地"),
    "network": (NETWORK, "南米出身者互助ネットワーク", "", "", ""),
    "kinship": (NETWORK, "技能実習生の同郷者会", "", "", ""),
    "broker": (PERSON, "甲野 某（仮名）", "", "", ""),
    "agent": (PERSON, "乙川 某（仮名）", "", "", ""),
}
NATIONALITY = {"network": "BR", "kinship": "VN"}
JUSTIFICATION = {
    "broker": "在留カード偽造・偽装結婚の仲介を持ち掛けているとの複数の情報がある。",
    "agent": "コミュニティの住民に不法就労先を斡旋しているとの情報がある。",
}

# 部内限り, 取扱注意, 秘; 承認待ち, 承認済み, 作成中; the analysts' statuses.
IN, CA, HI = Secrecy.INTERNAL, Secrecy.CAUTION, Secrecy.SECRET
S, A, D = WorkflowStatus.SUBMITTED, WorkflowStatus.APPROVED, WorkflowStatus.DRAFT
NEW, REVIEW, OK = AnalystStatus.NEW, AnalystStatus.IN_REVIEW, AnalystStatus.CONFIRMED
MORE, CASE, NO = AnalystStatus.FURTHER_INQUIRY, AnalystStatus.CASE_BUILT, AnalystStatus.REJECTED


@dataclass(frozen=True)
class Spec:
    """One demo report. `review_in` is days from the seeding day (negative: overdue);
    `entities` are keys of ENTITIES."""

    station: str
    code: str
    day: str
    secrecy: Secrecy
    status: WorkflowStatus
    analysis: str
    review_in: int
    entities: str
    warning: bool = False
    from_activity: bool = False


# Read with TEXTS below, line by line: the n-th spec has the n-th (title, summary).
REPORTS = (
    Spec("gifunaka", "C03", "2025-02-10", IN, A, OK, 40, "ekinan tsubaki"),
    Spec("gifunaka", "C04", "2025-03-05", IN, A, OK, 75, "hikari network"),
    Spec("gifunaka", "C07", "2025-04-12", CA, A, REVIEW, 110, "network ekinan"),
    Spec("gifunaka", "C03", "2025-05-20", CA, S, NEW, 130, "ekinan tsubaki", warning=True),
    Spec("gifunaka", "C06", "2025-06-18", HI, S, NEW, 160, "broker hikari network"),
    Spec("gifunaka", "C01", "2025-07-02", IN, A, OK, 180, "hibari", from_activity=True),
    Spec("gifunaka", "C02", "2025-08-21", IN, A, MORE, 200, "tsubasa kinship"),
    Spec("gifunaka", "C07", "2025-09-09", CA, D, NEW, 220, "kinship"),
    Spec("gifunaka", "C04", "2025-10-15", IN, S, NEW, 260, "tsubaki ekinan"),
    Spec("gifunaka", "C08", "2025-11-04", HI, S, NEW, 300, "agent network"),
    Spec("gifunaka", "C01", "2025-12-01", IN, D, NEW, 330, "hibari", from_activity=True),
    Spec("ogaki", "C01", "2024-11-05", IN, A, OK, -10, "midoridai network"),
    Spec("ogaki", "C02", "2025-01-20", IN, A, OK, 55, "mirai midoridai"),
    Spec("ogaki", "C02", "2025-03-14", CA, A, OK, 90, "mizuki midoridai"),
    Spec("ogaki", "C05", "2025-04-25", CA, A, REVIEW, 120, "yard"),
    Spec("ogaki", "C07", "2025-05-30", IN, A, OK, 150, "network midoridai"),
    Spec("ogaki", "C06", "2025-07-08", HI, S, NEW, 170, "broker midoridai network"),
    Spec(
        "ogaki", "C01", "2025-08-12", CA, S, NEW, 190, "midoridai", warning=True, from_activity=True
    ),
    Spec("ogaki", "C03", "2025-09-26", IN, A, NO, 230, "ekikita"),
    Spec("ogaki", "C05", "2025-10-30", CA, A, CASE, 250, "yard mirai"),
    Spec("ogaki", "C04", "2025-12-10", IN, D, NEW, 320, "mina kinship"),
    Spec("ogaki", "C07", "2024-12-15", IN, A, OK, -45, "kinship mirai"),
    Spec("kani", "C05", "2024-10-10", IN, A, OK, 20, "yard"),
    Spec("kani", "C05", "2025-02-27", CA, A, MORE, 65, "yard"),
    Spec("kani", "C01", "2025-04-08", IN, A, OK, 100, "sakurazaka network", from_activity=True),
    Spec("kani", "C02", "2025-06-11", IN, A, OK, 140, "hibari_denshi sakurazaka"),
    Spec("kani", "C06", "2025-08-05", HI, S, NEW, 190, "broker network"),
    Spec("kani", "C07", "2025-09-19", IN, A, OK, 215, "network sakurazaka"),
    Spec("kani", "C08", "2025-10-22", CA, S, NEW, 280, "agent network"),
    Spec("kani", "C03", "2025-11-28", IN, D, NEW, 340, "kaniekimae"),
)
TEXTS = (
    ("駅南飲食店街の深夜営業", "深夜帯に外国人客が多い店舗が増えている。"),
    ("アジア食材店ひかりの掲示物", "母国語の求人・住居の掲示が多数ある。"),
    ("互助ネットワークの定例集会", "月1回、公民館で集会を開いている。"),
    ("駅南飲食店街での組織的な客引き", "特定の者が複数店舗の客引きを指示している。"),
    ("在留カード偽造の勧誘", "食材店の客に偽造在留カードの作成を持ち掛ける者がいる。"),
    ("市営ひばり団地の居住実態", "外国人世帯が約3割を占め、ごみ出しの苦情がある。"),
    ("美濃つばさ縫製の技能実習生", "寮の定員を超えて居住している可能性がある。"),
    ("SNS上の同郷者グループ", "求人や住居の情報交換が活発に行われている。"),
    ("深夜営業店の従業員の入れ替わり", "短期間で従業員が入れ替わっている。"),
    ("コミュニティに出入りする日本人", "住民に就労先を紹介する日本人がいる。"),
    ("本町地区の共同住宅の入居状況", "入居者の入れ替わりが多い共同住宅がある。"),
    ("みどり台団地の自治会との懇談", "自治会役員から住民同士の交流の状況を聞いた。"),
    ("みらい精密工業の従業員の通勤", "自転車通勤が多く、交通事故が懸念される。"),
    ("みずき中学校の外国人生徒", "日本語指導が必要な生徒が増えている。"),
    ("東山ヤードに運ばれる管内の車両", "管内の駐車場から東山ヤードへ車両が運ばれている。"),
    ("互助ネットワークの大垣での活動", "みどり台団地の集会所で相談会を開いている。"),
    ("地下銀行への送金の勧誘", "団地の住民に安い手数料での海外送金を勧める者がいる。"),
    ("みどり台団地での深夜の出入り", "一室に深夜多数の者が出入りしている。"),
    ("駅北スナック街の状況", "外国人が経営する店舗が2店舗増えた。"),
    ("東山ヤードへの盗難車搬入の疑い", "管内で盗まれた車両と同型の車両が搬入された。"),
    ("ハラール食材店の開店", "食材店が開店し、週末に人が集まる。"),
    ("技能実習生の同郷者会", "同郷者会が年2回の交流会を開いている。"),
    ("東山ヤードの実態", "高い塀に囲まれ、外国人作業員が常駐している。"),
    ("東山ヤードの夜間作業", "夜間に重機の作業音がするとの住民の話がある。"),
    ("さくら坂住宅の居住実態", "外国人世帯が増え、自治会への加入が少ない。"),
    ("東濃ひばり電子の外国人従業員", "派遣会社経由の従業員が多く、住所を把握しにくい。"),
    ("偽装結婚の仲介の疑い", "結婚の仲介を名目に金銭を受け取る者がいる。"),
    ("互助ネットワークの可児での集まり", "さくら坂住宅の住民を中心に集まりがある。"),
    ("住民に就労先を紹介する日本人", "コミュニティの住民に工場の仕事を紹介している。"),
    ("可児駅前の飲食店の客層", "週末の深夜に外国人客が多い。"),
)
GRANTED_TO_ANALYST = "在留カード偽造の勧誘"
NOTES = {
    "駅南飲食店街の深夜営業": ("他署の繁華街の状況と比較して確認した。", True),
    "東山ヤードへの盗難車搬入の疑い": ("可児署の東山ヤードの報告と同じヤード。", False),
}


def seed() -> str:
    """Create the demo reports unless they exist; return a line for the command's output."""
    if IntelReport.objects.filter(details__endswith=DEMO_MARK).exists():
        return "デモの実態把握は作成済みです（追加しません）。"
    with transaction.atomic():
        entities = {key: ensure_entity(key) for key in ENTITIES}
        reports = [
            write_report(spec, title, summary, entities)
            for spec, (title, summary) in zip(REPORTS, TEXTS, strict=True)
        ]
        add_notes_and_grant(reports)
    return f"デモの実態把握 {len(reports)} 件を作成しました。"


def ensure_entity(key: str) -> Entity:
    kind, name, place_kind, municipality, where = ENTITIES[key]
    entity, _ = Entity.objects.get_or_create(
        kind=kind,
        name=name,
        notes=DEMO_NOTE,
        defaults={
            "place_kind": place_kind,
            "municipality_id": municipality or None,
            "address": f"{where}（架空）" if where else "",
            "nationality_id": NATIONALITY.get(key),
        },
    )
    return entity


def moment(day: datetime.date, days_after: int, hour: int) -> datetime.datetime:
    when = datetime.datetime.combine(day + datetime.timedelta(days=days_after), datetime.time(hour))
    return timezone.make_aware(when)


def source_activity(spec: Spec) -> Activity | None:
    """The station's n-th activity for its n-th report that starts from one: those where
    情報入手あり was ticked first (the demo activities tick it at random, so some have none)."""
    if not spec.from_activity:
        return None
    earlier = [s for s in REPORTS if s.station == spec.station and s.from_activity]
    candidates = Activity.objects.filter(owning_unit__code=spec.station).order_by(
        "-intel_obtained", "date", "pk"
    )
    return candidates[earlier.index(spec) : earlier.index(spec) + 1].first()


def write_report(spec: Spec, title: str, summary: str, entities: dict) -> IntelReport:
    """Create, then submit and approve as the spec says, each step a history row."""
    author = User.objects.get(username=AUTHORS[spec.station])
    activity = source_activity(spec)
    day = activity.date if activity else datetime.date.fromisoformat(spec.day)
    created = moment(day, 1, 17)
    today = timezone.localdate()
    report = IntelReport(
        owning_unit=OrgUnit.objects.get(code=spec.station),
        created_by=author,
        measure=Measure.objects.get(code=spec.code),
        information_date=day,
        title=title,
        summary=summary,
        details=f"{summary}引き続き状況を確認する。{DEMO_MARK}",
        source_grade="2" if spec.secrecy == HI else "1",
        information_grade="C" if spec.secrecy == HI else "B",
        handling=Handling.CONDITIONAL if spec.secrecy != IN else Handling.PERMITTED,
        handling_condition="本部の了解なく部外に提供しない" if spec.secrecy != IN else "",
        secrecy=spec.secrecy,
        warning_sign=spec.warning,
        source_activity=activity,
        analyst_status=spec.analysis,
        review_date=today + datetime.timedelta(days=spec.review_in),
        last_validated_at=created.date(),
        retention_until=retention_from(created.date()),
        created_at=created,
    )
    with given_timestamps():
        save_step(report, author, created, version=1, status=D)
        link_entities(report, spec, entities)
        if spec.status in (S, A):
            report.submitted_at = moment(day, 2, 9)
            save_step(report, author, report.submitted_at, version=2, status=S)
        if spec.status == A:
            approver = ensure_approver(report.owning_unit, *APPROVERS[spec.station])
            report.decided_by, report.decided_at = approver, moment(day, 4, 10)
            save_step(report, approver, report.decided_at, version=3, status=A)
    return report


def save_step(report: IntelReport, user: User, when: datetime.datetime, **fields) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = when
    report._history_user, report._history_date = user, when
    if fields["status"] != D:
        report._change_reason = str(WorkflowStatus(fields["status"]).label)
    report.full_clean()
    report.save()


def link_entities(report: IntelReport, spec: Spec, entities: dict[str, Entity]) -> None:
    for key in spec.entities.split():
        link = ReportEntity(
            report=report, entity=entities[key], justification=JUSTIFICATION.get(key, "")
        )
        link.full_clean()
        link.save()


@contextmanager
def given_timestamps():
    """Keep the demo's created_at / updated_at: a report of 2025 was not written today."""
    fields = [IntelReport._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def add_notes_and_grant(reports: list[IntelReport]) -> None:
    """analyst.hq's notes on two reports, and a grant to analyst.hq on one 秘 report."""
    analyst = User.objects.get(username=ANALYST)
    by_title = {report.title: report for report in reports}
    for title, (text, shareable) in NOTES.items():
        AnalystNote.objects.create(
            report=by_title[title], author=analyst, text=text, shareable=shareable
        )
    secret = by_title[GRANTED_TO_ANALYST]
    IntelUserGrant.objects.create(
        user=analyst,
        permission=Permission.objects.get(
            codename="view_intelreport", content_type__app_label="intel"
        ),
        content_object=secret,
        reason="予兆の有無を本部で分析するため",
        expires_at=timezone.now() + datetime.timedelta(days=90),
        granted_by=secret.created_by,
    )
