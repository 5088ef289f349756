"""What the demo stations did over two years: dates, figures and words of each activity.

`DemoBuilder` plans one station's records from a shared random generator (see
activities/demo.py, which writes them); nothing here touches the database except reading
the 別表 codes and language names.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from activities.choices import InterpreterKind, OffenceType
from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Language, Measure, OrgUnit
from liaison.models import Organisation
from liaison.models import OrganisationKind as Kind

YEARS = (2024, 2025)

# The newest records of each station, newest first: D draft, S submitted, R returned.
# Everything older is approved.
RECENT_STATUSES = {"gifunaka": "DDSDSRSSRSRS", "ogaki": "DSDRS", "kani": "DSRS"}
STATUS_LETTERS = {
    "D": WorkflowStatus.DRAFT,
    "S": WorkflowStatus.SUBMITTED,
    "R": WorkflowStatus.RETURNED,
}
RETURN_REASONS = (
    "参加者数の内訳（外国人・児童等）を再確認し、必要なら修正してください。",
    "成果欄に、参加者の反応と今後につながる点を具体的に記入してください。",
    "実施時間が勤務日誌と一致しません。確認してください。",
    "実施概要に、配布した資料の言語と部数を追記してください。",
)
INTERN_LANGUAGES = ("vi", "id", "zh", "tl")


@dataclass(frozen=True)
class Station:
    """One demo station: who writes and decides, where, and which languages its residents speak."""

    unit: OrgUnit
    author: User
    approver: User
    languages: tuple[str, ...]  # most spoken first
    districts: tuple[str, ...]
    municipalities: tuple
    partners: dict[str, list[Organisation]]


# Most spoken first: Filipino and Vietnamese residents in Gifu city, Brazilians in the west
# (大垣) and the east (可児).
LANGUAGES = {
    "gifunaka": ("tl", "vi", "zh", "pt"),
    "ogaki": ("pt", "tl", "vi", "zh"),
    "kani": ("pt", "tl", "vi"),
}
DISTRICTS = {
    "gifunaka": ("駅南地区", "本町地区", "東部団地", "川沿い地区"),
    "ogaki": ("駅北地区", "西部団地", "工業団地周辺", "南部地区"),
    "kani": ("県営住宅周辺", "東部団地", "工業団地周辺", "駅前地区"),
}


@dataclass
class Plan:
    """An activity to create with its many-to-many rows."""

    activity: Activity
    interpreter_languages: list[str] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)
    audience: list[tuple[str, int]] = field(default_factory=list)  # (language code, people)


ENFORCEMENTS = {  # (year, month, offence): a few cases built over the two years
    "gifunaka": (
        (2024, 10, OffenceType.ILLEGAL_EMPLOYMENT),
        (2025, 7, OffenceType.DOCUMENT_FORGERY),
    ),
    "ogaki": (
        (2024, 6, OffenceType.ILLEGAL_EMPLOYMENT),
        (2025, 11, OffenceType.ILLEGAL_EMPLOYMENT),
    ),
    "kani": ((2025, 3, OffenceType.ILLEGAL_EMPLOYMENT),),
}
HOME_VISIT_OUTCOMES = (
    "外国人世帯の多くから巡回連絡カードの提出を受けた。ごみ出しのルールについて相談が1件あり、"
    "市の担当課を案内した。",
    "転入して間もない世帯が多く、最寄りの交番を知らない住民が多かった。多言語の交番案内を配布した。",
    "自転車盗の被害相談が2件あり、防犯登録と二重ロックを指導した。",
    "留守の世帯には多言語の不在連絡票を投函した。",
)
INTEL_NOTES = (
    "集合住宅の一室に深夜多数の者が出入りしているとの話を近隣住民から聞いた。実態把握の記録を別に作成した。",
    "同じ地区の外国人住民の間で、在留カードを用意するという勧誘があるとの話を聞いた。"
    "実態把握の記録を別に作成した。",
)
CRIME_TOPICS = (
    ("自転車盗・万引き防止", "自転車の二重ロックと防犯登録、万引きが犯罪であること"),
    ("特殊詐欺", "電話でお金やキャッシュカードを求められたときの対応と相談先"),
    ("薬物乱用防止", "大麻を含む違法薬物の危険性と、誘われたときの断り方"),
)
TRAFFIC_TOPICS = (
    "自転車の通行方法（車道の左側通行、歩道では歩行者優先）、ヘルメット着用、夜間の反射材"
)
# Revised Road Traffic Act in force from 令和6年11月1日.
TRAFFIC_TOPICS_REVISED = (
    "改正道路交通法（令和6年11月施行：自転車の酒気帯び運転・ながらスマホの罰則）、ヘルメット着用"
)
APPROVAL_COMMENTS = ("", "", "", "", "関係団体との連携状況を次回も報告してください。")


class DemoBuilder:
    """Plans one station's two years: what happened when, with plausible figures."""

    def __init__(self, station: Station, rng: random.Random):
        self.station, self.rng = station, rng
        self.measures = Measure.objects.in_bulk(field_name="code")
        self.language_names = dict(Language.objects.values_list("code", "name"))

    def plans(self) -> list[Plan]:
        """The station's records, oldest first; the newest few still in the workflow."""
        plans = [plan for year in YEARS for plan in self._year(year)]
        for year, month, offence in ENFORCEMENTS[self.station.unit.code]:
            plans.append(self.enforcement(self._weekday(year, month), offence))
        plans.sort(key=lambda plan: plan.activity.date)
        recent = [STATUS_LETTERS[letter] for letter in RECENT_STATUSES[self.station.unit.code]]
        for index, plan in enumerate(reversed(plans)):
            self._workflow(plan.activity, recent[index] if index < len(recent) else None)
        return plans

    def _year(self, year: int) -> Iterator[Plan]:
        rng, day = self.rng, self._weekday
        for month in sorted(rng.sample(range(1, 13), 10)):
            yield self.home_visit(day(year, month))
        for month in sorted(rng.sample(range(1, 13), 4)):
            yield self.emergency_call_class(day(year, month))
        for month in (4, 5):  # 春の全国交通安全運動 and the weeks after it
            yield self.traffic_class(day(year, month))
        yield self.traffic_class(day(year, 9, first=21))  # 秋の全国交通安全運動
        yield self.traffic_class(day(year, rng.choice((10, 11))))
        for month in (2, 4, 6, 8, 10, 12):
            yield self.joint_patrol(day(year, month))
        for month in sorted(rng.sample((1, 3, 6, 7, 11), 3)):
            yield self.crime_prevention(day(year, month))
        yield self.children_traffic_class(day(year, 4, first=8, last=25))
        yield self.children_crime_prevention(day(year, rng.choice((6, 7))))
        yield self.children_delinquency_class(day(year, rng.choice((10, 11, 12))))
        yield self.disaster_class(day(year, 9, last=10))
        yield self.leaflets(day(year, rng.choice((3, 8))))
        yield self.consultation(day(year, rng.choice((2, 5, 8, 11))))
        yield self.police_lecture(day(year, rng.choice((1, 7, 10))))

    # ---- helpers -------------------------------------------------------------

    def _weekday(self, year: int, month: int, first: int = 1, last: int = 28) -> datetime.date:
        days = [datetime.date(year, month, d) for d in range(first, last + 1)]
        return self.rng.choice([d for d in days if d.weekday() < 5])

    def _new(self, code: str, day: datetime.date, title: str, summary: str, **fields) -> Activity:
        fields.setdefault("municipality", self.rng.choice(self.station.municipalities))
        return Activity(
            owning_unit=self.station.unit,
            created_by=self.station.author,
            measure=self.measures[code],
            date=day,
            title=title,
            summary=summary,
            **fields,
        )

    def _hours(self, start: str, minutes: int) -> dict:
        begin = datetime.datetime.strptime(start, "%H:%M")
        end = begin + datetime.timedelta(minutes=minutes)
        return {"start_time": begin.time(), "end_time": end.time()}

    def _languages(self, how_many: int) -> list[str]:
        """`how_many` of the station's languages, the commonest most often first."""
        spoken = list(self.station.languages)
        first = self.rng.choices(spoken, weights=range(len(spoken), 0, -1))[0]
        others = [code for code in spoken if code != first]
        return [first, *self.rng.sample(others, how_many - 1)]

    def _split(self, people: int, codes: list[str]) -> list[tuple[str, int]]:
        """`people` spread over languages, the first one the largest group."""
        counts, left = [], people
        for code in codes[:-1]:
            count = round(left * self.rng.uniform(0.5, 0.8))
            counts.append((code, count))
            left -= count
        counts.append((codes[-1], left))
        return [(code, count) for code, count in counts if count > 0]

    def _names(self, codes: list[str]) -> str:
        return "・".join(self.language_names[code] for code in codes)

    def _partner(self, *kinds: str) -> Organisation:
        return self.rng.choice([o for kind in kinds for o in self.station.partners.get(kind, [])])

    def _workflow(self, activity: Activity, status: WorkflowStatus | None) -> None:
        """Set status and timestamps: written up the next working day or so, submitted within
        the hour or two, decided one to three days later."""
        rng = self.rng
        written = working_day(activity.date + datetime.timedelta(days=rng.randint(1, 2)))
        created = at(written, rng.randint(9, 16))
        activity.created_at = activity.updated_at = created
        activity.status = status or WorkflowStatus.APPROVED
        if activity.status == WorkflowStatus.DRAFT:
            return
        activity.submitted_at = created + datetime.timedelta(minutes=rng.randint(15, 90))
        activity.updated_at, activity.version = activity.submitted_at, 2
        if activity.status == WorkflowStatus.SUBMITTED:
            return
        decided_day = working_day(
            activity.submitted_at.date() + datetime.timedelta(days=rng.randint(1, 3))
        )
        activity.decided_at = activity.updated_at = at(decided_day, rng.randint(8, 11))
        activity.decided_by, activity.version = self.station.approver, 3
        returned = activity.status == WorkflowStatus.RETURNED
        activity.decision_comment = rng.choice(RETURN_REASONS if returned else APPROVAL_COMMENTS)

    # ---- the measures ----------------------------------------------------------

    def home_visit(self, day: datetime.date) -> Plan:
        """A01: door to door with an interpreter; households, foreign households, cards."""
        rng = self.rng
        language, district = self._languages(1)[0], rng.choice(self.station.districts)
        visited = rng.randint(12, 40)
        foreign = rng.randint(visited // 3, visited)
        met = foreign + rng.randint(0, foreign)
        kind = rng.choice((InterpreterKind.INTERNAL,) * 3 + (InterpreterKind.EXTERNAL,) * 2)
        activity = self._new(
            "A01",
            day,
            f"{district} 通訳人帯同の巡回連絡（{self._names([language])}）",
            f"{kind.label}（{self._names([language])}）を帯同し、{district}の集合住宅を中心に"
            "巡回連絡を行った。巡回連絡カードの記入を依頼し、最寄りの交番と110番の掛け方を説明した。",
            place_name=district,
            departments=["chiiki"],
            participants_total=met + rng.randint(0, 8),
            participants_foreign=met,
            interpreter_used=True,
            interpreter_kind=kind,
            households_visited=visited,
            foreign_households=foreign,
            liaison_cards=rng.randint(foreign // 2, foreign),
            outcome=rng.choice(HOME_VISIT_OUTCOMES),
            **self._hours("13:30", rng.choice((120, 150, 180))),
        )
        if rng.random() < 0.25:
            activity.follow_up = "留守の世帯を後日再訪問する。"
            activity.follow_up_due = day + datetime.timedelta(days=30)
        if rng.random() < 0.06:
            activity.intel_obtained, activity.intel_note = True, rng.choice(INTEL_NOTES)
        return Plan(activity, [language], audience=[(language, met)])

    def emergency_call_class(self, day: datetime.date) -> Plan:
        """A02 at a company employing technical interns."""
        rng = self.rng
        company, language = self._partner(Kind.COMPANY), rng.choice(INTERN_LANGUAGES)
        total = rng.randint(8, 35)
        foreign = total - rng.randint(0, 3)
        activity = self._new(
            "A02",
            day,
            f"技能実習生に対する110番通報講習（{company.name}）",
            f"{company.name}で働く技能実習生に、110番通報の要領（事件か事故か、場所、状況の伝え方）"
            f"を説明し、模擬通報を体験してもらった。{self._names([language])}の資料を配布した。",
            municipality=company.municipality,
            place_name=company.name,
            departments=["chiiki"],
            participants_total=total,
            participants_foreign=foreign,
            interpreter_used=True,
            interpreter_kind=rng.choice((InterpreterKind.EXTERNAL, InterpreterKind.TOOL)),
            outcome="実習生全員が模擬通報を体験した。「場所の伝え方が分かった」との声が多かった。",
            **self._hours(rng.choice(("10:00", "13:30", "16:00")), 60),
        )
        return Plan(activity, [language], [company], [(language, foreign)])

    def traffic_class(self, day: datetime.date) -> Plan:
        """A03 in spring (April–May) or autumn, for adults at an association or a company."""
        rng, season = self.rng, "春" if day.month in (4, 5) else "秋"
        venue, codes = self._partner(Kind.INTERNATIONAL, Kind.COMPANY), self._languages(2)
        total = rng.randint(15, 50)
        foreign = total - rng.randint(0, 5)
        topics = TRAFFIC_TOPICS_REVISED if day >= datetime.date(2024, 11, 1) else TRAFFIC_TOPICS
        activity = self._new(
            "A03",
            day,
            f"{season}の交通安全教室（外国人住民向け・{venue.name}）",
            f"{venue.name}で外国人住民を対象に交通安全教室を開き、{topics}について"
            f"{self._names(codes)}の通訳を交えて説明した。反射材を配布した。",
            municipality=venue.municipality,
            place_name=venue.name,
            departments=["kotsu"],
            participants_total=total,
            participants_foreign=foreign,
            interpreter_used=True,
            interpreter_kind=rng.choice((InterpreterKind.VOLUNTEER, InterpreterKind.EXTERNAL)),
            **self._hours(rng.choice(("10:00", "19:00")), rng.choice((60, 90))),
        )
        return Plan(activity, codes, [venue], self._split(foreign, codes))

    def joint_patrol(self, day: datetime.date) -> Plan:
        """A07 with the station's 自主防犯団体, in the evening."""
        rng, group = self.rng, self._partner(Kind.CRIME_PREVENTION)
        district, members, foreign = rng.choice(self.station.districts), rng.randint(5, 15), 0
        if rng.random() < 0.4:
            foreign = rng.randint(1, 3)  # residents who joined the patrol
        activity = self._new(
            "A07",
            day,
            f"{group.name}との合同パトロール（{district}）",
            f"外国人が多く住む{district}を中心に、{group.name}と合同で夜間パトロールを行った。"
            "無施錠の自転車への声掛けと、多言語の防犯チラシの配布を行った。",
            municipality=group.municipality,
            place_name=district,
            departments=["chiiki", "seian"],
            participants_total=members,
            participants_foreign=foreign,
            patrol_group=group,
            patrol_participants=members,
            outcome=f"無施錠の自転車{rng.randint(3, 20)}台に声掛けをした。",
            **self._hours("19:00", 90),
        )
        audience = [(self.station.languages[0], foreign)] if foreign else []
        return Plan(activity, partners=[group], audience=audience)

    def crime_prevention(self, day: datetime.date) -> Plan:
        """A04: crime prevention and drug-abuse prevention talks."""
        rng = self.rng
        venue, codes = self._partner(Kind.INTERNATIONAL, Kind.COMPANY), self._languages(2)
        short, topics = rng.choice(CRIME_TOPICS)
        total = rng.randint(10, 40)
        foreign = total - rng.randint(0, 4)
        activity = self._new(
            "A04",
            day,
            f"外国人住民向け防犯講話（{short}・{venue.name}）",
            f"{venue.name}で、{topics}について{self._names(codes)}の資料を使って説明した。",
            municipality=venue.municipality,
            place_name=venue.name,
            departments=["seian"],
            participants_total=total,
            participants_foreign=foreign,
            interpreter_used=True,
            interpreter_kind=InterpreterKind.INTERNAL,
            **self._hours(rng.choice(("10:00", "14:00", "18:30")), 60),
        )
        return Plan(activity, codes, [venue], self._split(foreign, codes))

    def _school_class(self, code: str, day: datetime.date, title: str, summary: str, **figures):
        """A class at the station's school with many foreign children (外国人児童等)."""
        school, codes = self._partner(Kind.SCHOOL), self._languages(2)
        children, parents = figures.pop("children"), figures.pop("parents", 0)
        foreign = children + parents
        activity = self._new(
            code,
            day,
            f"{title}（{school.name}）",
            summary.format(school=school.name, languages=self._names(codes)),
            municipality=school.municipality,
            place_name=school.name,
            participants_total=foreign + self.rng.randint(0, 25),
            participants_foreign=foreign,
            participants_children=children,
            interpreter_used=True,
            interpreter_kind=self.rng.choice((InterpreterKind.INTERNAL, InterpreterKind.EXTERNAL)),
            **figures,
        )
        return Plan(activity, codes, [school], self._split(foreign, codes))

    def children_traffic_class(self, day: datetime.date) -> Plan:
        return self._school_class(
            "A03",
            day,
            "外国人児童と保護者のための交通安全教室",
            "{school}で、新入学の外国人児童と保護者に、横断歩道の渡り方と登下校の注意を"
            "{languages}の通訳を交えて説明した。",
            children=self.rng.randint(12, 35),
            parents=self.rng.randint(3, 10),
            departments=["kotsu"],
            **self._hours("10:30", 45),
        )

    def children_crime_prevention(self, day: datetime.date) -> Plan:
        return self._school_class(
            "A04",
            day,
            "外国人児童を対象とした防犯教室（いかのおすし）",
            "{school}で、「いかのおすし」（知らない人について行かない等）を{languages}の"
            "絵カードを使って説明し、防犯ブザーの使い方を練習した。",
            children=self.rng.randint(15, 40),
            departments=["seian"],
            **self._hours("13:45", 45),
        )

    def children_delinquency_class(self, day: datetime.date) -> Plan:
        return self._school_class(
            "A06",
            day,
            "外国人児童生徒に対する非行防止教室（万引き・SNSトラブル）",
            "{school}で、万引きが犯罪であること、SNSで知り合った人とのトラブルについて、"
            "{languages}の通訳を交えて説明した。",
            children=self.rng.randint(10, 30),
            departments=["seian"],
            **self._hours("14:00", 50),
        )

    def disaster_class(self, day: datetime.date) -> Plan:
        """A05 in 防災月間 (September)."""
        venue, codes = self._partner(Kind.INTERNATIONAL), self._languages(3)
        foreign = self.rng.randint(15, 45)
        activity = self._new(
            "A05",
            day,
            "外国人住民向け防災講座（災害時の110番・避難）",
            f"{venue.name}の防災講座で、地震や大雨のときの避難と110番・119番の使い分けを"
            f"{self._names(codes)}の通訳を交えて説明した。",
            municipality=venue.municipality,
            place_name=venue.name,
            departments=["keibi"],
            participants_total=foreign + self.rng.randint(0, 10),
            participants_foreign=foreign,
            interpreter_used=True,
            interpreter_kind=InterpreterKind.VOLUNTEER,
            **self._hours("10:00", 120),
        )
        return Plan(activity, codes, [venue], self._split(foreign, codes))

    def leaflets(self, day: datetime.date) -> Plan:
        """A08: leaflets in residents' languages; nobody to count."""
        codes = self._languages(2)
        activity = self._new(
            "A08",
            day,
            f"{self._names(codes)}版の防犯チラシの作成・配布",
            f"自転車盗と特殊詐欺の被害防止を呼び掛ける{self._names(codes)}のチラシを作成し、"
            f"国際交流協会、日本語教室、食料品店等に計{self.rng.randint(2, 8) * 100}部を配布した。",
            departments=["seian"],
            interpreter_used=True,
            interpreter_kind=InterpreterKind.INTERNAL,
        )
        return Plan(activity, codes)

    def consultation(self, day: datetime.date) -> Plan:
        """A09: a consultation desk at the international association."""
        venue, codes = self._partner(Kind.INTERNATIONAL), self._languages(2)
        people = self.rng.randint(3, 10)
        activity = self._new(
            "A09",
            day,
            "国際交流協会での外国人向け出張相談",
            f"{venue.name}に出張相談窓口を設け、{self._names(codes)}の通訳を交えて相談を受けた。",
            municipality=venue.municipality,
            place_name=venue.name,
            departments=["seian", "chiiki"],
            participants_total=people,
            participants_foreign=people,
            interpreter_used=True,
            interpreter_kind=InterpreterKind.INTERNAL,
            outcome=f"相談{people}件（交通事故後の手続、近隣との騒音トラブル、在留カードの紛失など）。",
            **self._hours("13:00", 180),
        )
        return Plan(activity, codes, [venue], self._split(people, codes))

    def police_lecture(self, day: datetime.date) -> Plan:
        """A11: what the Japanese police do, at a Japanese class."""
        venue, codes = self._partner(Kind.INTERNATIONAL), self._languages(2)
        foreign = self.rng.randint(8, 25)
        activity = self._new(
            "A11",
            day,
            "日本語教室での「日本の警察」紹介（交番・110番・落とし物）",
            f"{venue.name}の日本語教室で、交番の役割、110番の掛け方、落とし物の届け方を紹介した。",
            municipality=venue.municipality,
            place_name=venue.name,
            departments=["chiiki"],
            participants_total=foreign + self.rng.randint(0, 5),
            participants_foreign=foreign,
            **self._hours("19:00", 60),
        )
        return Plan(activity, partners=[venue], audience=self._split(foreign, codes))

    def enforcement(self, day: datetime.date, offence: OffenceType) -> Plan:
        """A90: a case built (事件化) and the people arrested (検挙)."""
        forged = offence == OffenceType.DOCUMENT_FORGERY
        activity = self._new(
            "A90",
            day,
            "偽造在留カード所持事件の検挙" if forged else "不法就労助長事件の検挙",
            "職務質問で提示された在留カードが偽造であることを見破り、所持していた外国人を検挙した。"
            if forged
            else "巡回連絡や事業所訪問で得た情報を端緒に捜査し、就労できる在留資格のない外国人を"
            "雇用していた事業主を検挙した。",
            departments=["keiji", "seian"],
            offence_type=offence,
            cases_built=1,
            persons_arrested=1 if forged else self.rng.randint(1, 3),
            legal_basis="出入国管理及び難民認定法違反"
            + ("（偽造在留カード所持）" if forged else "（不法就労助長）"),
            outcome="出入国在留管理局と連携して対応した。",
        )
        return Plan(activity)


def working_day(day: datetime.date) -> datetime.date:
    """`day`, or the Monday after it when it falls on a weekend."""
    weekend = day.weekday() >= 5  # Saturday 5, Sunday 6
    return day + datetime.timedelta(days=7 - day.weekday()) if weekend else day


def at(day: datetime.date, hour: int) -> datetime.datetime:
    """An aware time on `day` in the local time zone (Asia/Tokyo), on the quarter hour."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))
