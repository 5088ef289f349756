"""Synthetic data at scale for `manage.py generate_data --scale N` (issue 9, the benchmark).

Scale 1 is about ten years of the whole prefecture: 4,000 users, 1,000,000 activities,
200,000 liaison records, 100,000 intel reports with 300,000 entities and 20,000 grants,
50,000 training sessions with 1,000,000 attendance rows. The distributions follow
`seed_demo` (activities/demo_plans.py): the same 別表 measures and their relative
frequencies, seasons (traffic classes in spring and September), bigger stations where more
foreign residents live, languages by region, most records approved with the newest still
in the workflow and a few returned, and a history for every record (created as a draft,
submitted, then approved or returned).

Fast because it never goes through the ORM row by row: rows are made in Python with one
seeded `random.Random` (two runs give the same data) and written with COPY on PostgreSQL
(`cursor.copy`) or `executemany` on SQLite; primary keys are assigned here so that
foreign keys need no lookups; history rows are made by the database itself with one
INSERT … SELECT per workflow step. Generated users are named `gen.*` and cannot sign in.
"""

import datetime
import io
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.core.management.color import no_style
from django.db import connection, models, transaction

from activities.choices import InterpreterKind, OffenceType
from activities.models import Activity, AudienceLanguage, AudienceNationality
from gifu_taisaku.accounts.models import Membership, User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Jurisdiction, Measure, OrgUnit
from intel.choices import AnalystStatus, EntityKind, PlaceKind, Secrecy
from intel.models import Entity, IntelReport, IntelUserGrant, ReportEntity
from liaison.choices import LiaisonKind
from liaison.models import LiaisonRecord, Organisation
from liaison.models import OrganisationKind as OrgKind
from training.choices import InstructorKind
from training.models import Attendance, TrainingSession

SEED = 2025
OFFENCES = tuple(OffenceType)
INTERPRETER_KINDS = tuple(InterpreterKind.values)
LIAISON_KINDS = tuple(LiaisonKind)
USERNAME_PREFIX = "gen."
FIRST_YEAR, LAST_YEAR = 2016, 2025
UTC = datetime.UTC
JST = datetime.timezone(datetime.timedelta(hours=9))

# Targets at scale 1.
SIZES = {
    "users": 4_000,
    "activities": 1_000_000,
    "liaison": 200_000,
    "intel": 100_000,
    "entities": 300_000,
    "grants": 20_000,
    "training": 50_000,
    "attendance": 1_000_000,
    "organisations": 3_000,
}

# Relative size of each station (foreign residents in its area; Gifu city, Ogaki, Kani,
# Minokamo and Seki are large, the mountains small). Unlisted stations weigh 1.
STATION_WEIGHTS = {
    "gifunaka": 9, "gifuminami": 6, "gifukita": 5, "ogaki": 9, "kani": 9, "kamo": 7,
    "seki": 5, "kakamigahara": 6, "tajimi": 4, "gifuhashima": 4, "kitagata": 3,
    "nakatsugawa": 3, "tarui": 2, "kaizu": 2, "ena": 2, "yoro": 2, "ibi": 1.5,
    "yamagata": 1.5, "takayama": 1.5, "gujo": 1, "gero": 1, "hida": 1,
}  # fmt: skip
# Languages by region, most spoken first (as LANGUAGES in activities/demo_plans.py).
REGION_LANGUAGES = {
    "gifu": ("tl", "vi", "zh", "pt", "ne"),
    "west": ("pt", "tl", "vi", "zh", "id"),
    "east": ("pt", "tl", "vi", "zh", "ne"),
    "north": ("vi", "zh", "tl", "id"),
}
STATION_REGION = {
    "gifunaka": "gifu", "gifuminami": "gifu", "gifukita": "gifu", "gifuhashima": "gifu",
    "kakamigahara": "gifu", "yamagata": "gifu", "kitagata": "gifu", "ogaki": "west",
    "kaizu": "west", "yoro": "west", "tarui": "west", "ibi": "west", "seki": "east",
    "kani": "east", "tajimi": "east", "nakatsugawa": "east", "kamo": "east", "ena": "east",
    "gero": "north", "gujo": "north", "takayama": "north", "hida": "north",
}  # fmt: skip
NATIONALITY_OF = {"pt": "BR", "tl": "PH", "vi": "VN", "zh": "CN", "id": "ID", "ne": "NP"}
LANGUAGE_NAMES = {
    "pt": "ポルトガル語", "tl": "タガログ語", "vi": "ベトナム語", "zh": "中国語",
    "id": "インドネシア語", "ne": "ネパール語",
}  # fmt: skip

# Measures with their yearly count at a demo station (activities/demo_plans.py) and months.
ALL_MONTHS = tuple(range(1, 13))
ACTIVITY_MEASURES: tuple[tuple[str, float, tuple[int, ...]], ...] = (
    ("A01", 10, ALL_MONTHS),
    ("A02", 4, ALL_MONTHS),
    ("A03", 5, (4, 4, 5, 5, 9, 9, 10, 11)),  # 春・秋の全国交通安全運動
    ("A04", 4, (1, 3, 6, 7, 11)),
    ("A05", 1, (10, 11, 12)),
    ("A06", 1, (8, 9)),
    ("A07", 6, (2, 4, 6, 8, 10, 12)),
    ("A08", 1, (3, 8)),
    ("A09", 1, (2, 5, 8, 11)),
    ("A10", 1, (1, 7, 10)),
    ("A11", 0.5, ALL_MONTHS),
    ("A90", 0.5, ALL_MONTHS),
    ("A99", 0.3, ALL_MONTHS),
)
PLACE_WORDS = (
    "ひまわり", "わかば", "さくら", "みずき", "あおば", "ひばり", "やまびこ", "こだま", "つばさ",
    "すいれん", "かわせみ", "みのかぜ", "はなみずき", "しらかば", "もみじ", "あさひ", "ゆうひ",
    "たちばな", "なでしこ", "すずらん", "かがやき", "ほたる", "いずみ", "かえで", "せせらぎ",
)  # fmt: skip
COMPANY_KINDS = ("縫製", "精密工業", "食品", "電子", "物流", "自動車部品", "金属", "樹脂成形")
DISTRICT_SUFFIXES = ("駅南地区", "駅北地区", "東部団地", "西部団地", "工業団地周辺", "県営住宅周辺")
TOPICS = (
    ("自転車盗・万引き防止", "自転車の二重ロックと防犯登録、万引きが犯罪であること"),
    ("特殊詐欺", "電話でお金やキャッシュカードを求められたときの対応と相談先"),
    ("薬物乱用防止", "大麻を含む違法薬物の危険性と、誘われたときの断り方"),
    ("交通安全", "自転車の通行方法、ヘルメット着用、夜間の反射材"),
    ("災害への備え", "地震や大雨のときの避難場所と多言語の防災情報"),
    ("110番通報", "事件か事故か、場所、状況の伝え方"),
)
OUTCOMES = (
    "外国人世帯の多くから巡回連絡カードの提出を受けた。",
    "最寄りの交番を知らない住民が多かった。多言語の交番案内を配布した。",
    "自転車盗の被害相談が2件あり、防犯登録と二重ロックを指導した。",
    "参加者から「相談先が分かった」との声が多かった。",
    "",
    "",
)
RETURN_REASONS = (
    "参加者数の内訳（外国人・児童等）を再確認し、必要なら修正してください。",
    "成果欄に、参加者の反応と今後につながる点を具体的に記入してください。",
    "実施時間が勤務日誌と一致しません。確認してください。",
)
INTEL_SUBJECTS = (
    "集合住宅の一室に深夜多数の者が出入りしている",
    "在留カードを用意するという勧誘がある",
    "技能実習先から失踪した者が就労しているとの話",
    "送金を代行する者が出入りしている店舗",
    "ヤードに不審な車両の出入りがある",
    "繁華街の飲食店で不法就労が疑われる",
)
TRAINING_TOPICS = (
    "在留外国人の現状と対策", "やさしい日本語による対応", "通訳人を介した事情聴取の要領",
    "在留カードの確認要領", "技能実習制度の概要", "多文化共生と人権",
)  # fmt: skip


def scaled(name: str, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(SIZES[name] * scale))


# ---- writing rows ----------------------------------------------------------------


def _pg_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind in (datetime.date, datetime.datetime, datetime.time):
        return value.isoformat()
    if kind in (list, dict):
        return _pg_text(json.dumps(value, ensure_ascii=False))
    return _pg_text(str(value))


def _sqlite_value(value):
    kind = type(value)
    if kind is datetime.datetime:
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if kind in (datetime.date, datetime.time):
        return value.isoformat()
    if kind in (list, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class Table:
    """The columns of one model's table and the defaults of the fields a generator leaves out."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True):
        self.model = model
        self.name = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, (models.CharField, models.TextField)):
                self.defaults[f.attname] = ""

    def values(self, row: dict) -> list:
        defaults = self.defaults
        return [row[name] if name in row else defaults[name] for name in self.attnames]


def write(table: Table, rows: Iterable[dict]) -> int:
    """Insert `rows` (dicts by attname) into `table`: COPY on PostgreSQL, executemany elsewhere."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
            with cursor.cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(map(_pg_text, table.values(row))))
                    buffer.write("\n")
                    count += 1
                    if count % 5000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        else:
            columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
            marks = ", ".join("%s" for _ in table.columns)
            # Table and column names come from the models' _meta; values are parameters.
            sql = f"INSERT INTO {table.name} ({columns}) VALUES ({marks})"  # noqa: S608 # nosec B608
            batch = []
            for row in rows:
                batch.append([_sqlite_value(v) for v in table.values(row)])
                count += 1
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return count


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def write_history(model: type[models.Model], first_id: int, *, workflow: bool) -> int:
    """History rows made by the database from the records with pk ≥ first_id.

    With `workflow` (RecordBase models) each record gets the rows of core.demo_records:
    created as a draft by its author, submitted, then decided; otherwise one "created" row.
    """
    history = model.history.model
    base = {f.attname: f.column for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    table = model._meta.db_table
    has_created = "created_at" in base
    steps: list[tuple[dict[str, str], str]] = []
    if workflow:
        undecided = {"decided_by_id": "NULL", "decided_at": "NULL", "decision_comment": "''"}
        steps.append(
            (
                {
                    "status": "'draft'",
                    "version": "1",
                    "submitted_at": "NULL",
                    "updated_at": "created_at",
                    **undecided,
                    "history_date": "created_at",
                    "history_type": "'+'",
                    "history_user_id": "created_by_id",
                    "history_change_reason": "NULL",
                },
                "1 = 1",
            )
        )
        steps.append(
            (
                {
                    "status": "'submitted'",
                    "version": "2",
                    "updated_at": "submitted_at",
                    **undecided,
                    "history_date": "submitted_at",
                    "history_type": "'~'",
                    "history_user_id": "created_by_id",
                    "history_change_reason": f"'{WorkflowStatus.SUBMITTED.label}'",
                },
                "submitted_at IS NOT NULL",
            )
        )
        steps.append(
            (
                {
                    "history_date": "decided_at",
                    "history_type": "'~'",
                    "history_user_id": "decided_by_id",
                    "history_change_reason": (
                        f"CASE WHEN status = 'approved' THEN '{WorkflowStatus.APPROVED.label}' "
                        f"ELSE '{WorkflowStatus.RETURNED.label}' END"
                    ),
                },
                "decided_at IS NOT NULL",
            )
        )
    else:
        steps.append(
            (
                {
                    "history_date": "created_at" if has_created else "CURRENT_TIMESTAMP",
                    "history_type": "'+'",
                    "history_user_id": "NULL",
                    "history_change_reason": "NULL",
                },
                "1 = 1",
            )
        )
    total = 0
    with connection.cursor() as cursor:
        for overrides, where in steps:
            columns, expressions = [], []
            for f in history._meta.concrete_fields:
                if f.attname == "history_id":
                    continue
                columns.append(qn(f.column))
                if f.attname in overrides:
                    expressions.append(overrides[f.attname])
                else:
                    expressions.append(qn(base[f.attname]))
            # Names from the models' _meta and fixed expressions above; first_id a parameter.
            sql = (
                f"INSERT INTO {history._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 # nosec B608
                f"SELECT {', '.join(expressions)} FROM {table} "
                f"WHERE {qn(model._meta.pk.column)} >= %s AND {where}"
            )
            cursor.execute(sql, [first_id])
            total += cursor.rowcount
    return total


# ---- the generator ------------------------------------------------------------------


@dataclass
class StationInfo:
    unit_id: int
    code: str
    weight: float
    municipalities: list[str]
    languages: tuple[str, ...]
    districts: list[str]
    officers: list[int] = field(default_factory=list)
    approvers: list[int] = field(default_factory=list)
    organisations: dict[str, list[int]] = field(default_factory=dict)


class Generator:
    """Makes and writes everything for one scale; `run()` returns counts per table."""

    def __init__(self, scale: float, *, seed: int = SEED, log: Callable[[str], None] = print):
        self.scale, self.log = scale, log
        self.rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not secrets)
        self.counts: dict[str, int] = {}
        self._last = time.monotonic()
        self.measures = dict(Measure.objects.values_list("code", "pk"))
        self.first_day = datetime.date(FIRST_YEAR, 1, 1)
        self.last_day = datetime.date(LAST_YEAR, 12, 31)
        self.stations = self._stations()
        self.station_weights = [s.weight for s in self.stations]
        self.hq_unit = OrgUnit.objects.filter(kind="hq").values_list("pk", flat=True).first()
        self.analysts: list[int] = []
        self.admins: list[int] = []

    def _stations(self) -> list[StationInfo]:
        municipalities: dict[int, list[str]] = {}
        for station_id, code in Jurisdiction.objects.values_list("station_id", "municipality_id"):
            municipalities.setdefault(station_id, []).append(code)
        stations = []
        for unit in OrgUnit.objects.stations().order_by("sort_order", "code"):
            region = STATION_REGION.get(unit.code, "gifu")
            places = [f"{word}{suffix}" for word in PLACE_WORDS[:8] for suffix in DISTRICT_SUFFIXES]
            stations.append(
                StationInfo(
                    unit_id=unit.pk,
                    code=unit.code,
                    weight=STATION_WEIGHTS.get(unit.code, 1),
                    municipalities=sorted(municipalities.get(unit.pk, [])) or [None],
                    languages=REGION_LANGUAGES[region],
                    districts=random.Random(unit.code).sample(places, 6),  # noqa: S311
                )
            )
        return stations

    def _timed(self, name: str, count: int) -> None:
        now = time.monotonic()
        self.counts[name] = self.counts.get(name, 0) + count
        self.log(f"  {name}: {count:,} ({now - self._last:.1f} s)")
        self._last = now

    def run(self) -> dict[str, int]:
        with transaction.atomic(), bulk_load_mode(self.tables()):
            self.users()
            self.organisations()
            self.activities()
            self.liaison()
            self.intel()
            self.training()
            self.reset_sequences()
        return self.counts

    def tables(self) -> list[str]:
        """The tables this generator writes to (records, their history and m2m tables)."""
        loaded = (User, Membership, Organisation, Activity, AudienceLanguage,
                  AudienceNationality, LiaisonRecord, Entity, IntelReport, ReportEntity,
                  IntelUserGrant, TrainingSession, Attendance)  # fmt: skip
        tables = []
        for model in loaded:
            tables.append(model._meta.db_table)
            history = getattr(model, "history", None)
            if history is not None and hasattr(history, "model"):
                tables.append(history.model._meta.db_table)
            for m2m in model._meta.local_many_to_many:
                if m2m.remote_field.through._meta.auto_created:
                    tables.append(m2m.remote_field.through._meta.db_table)
        return list(dict.fromkeys(tables))

    # ---- users ----------------------------------------------------------------

    def users(self) -> None:
        total = scaled("users", self.scale)
        per_station_approvers = max(1, round(total * 0.05 / len(self.stations)))
        analysts, admins, auditors = (
            max(2, total // 100),
            max(1, total // 400),
            max(1, total // 400),
        )
        officers = max(
            len(self.stations),
            total - analysts - admins - auditors - per_station_approvers * len(self.stations),
        )
        weight_sum = sum(self.station_weights)
        first = next_id(User)
        users, memberships = [], []
        joined = datetime.datetime(FIRST_YEAR - 1, 4, 1, 9, tzinfo=JST)

        def add(username: str, full_name: str, unit_id: int, role: str) -> int:
            pk = first + len(users)
            users.append(
                {
                    "id": pk,
                    "password": "!generated",  # unusable: generated users cannot sign in
                    "username": username,
                    "full_name": full_name,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": joined,
                    "session_epoch": 0,
                }
            )
            memberships.append({"user_id": pk, "unit_id": unit_id, "role": role})
            return pk

        for station in self.stations:
            count = max(1, round(officers * station.weight / weight_sum))
            for i in range(count):
                station.officers.append(
                    add(f"{USERNAME_PREFIX}{station.code}.{i:04d}", f"{station.code} 署員{i}",
                        station.unit_id, Role.OFFICER)
                )  # fmt: skip
            for i in range(per_station_approvers):
                station.approvers.append(
                    add(f"{USERNAME_PREFIX}{station.code}.approver{i:02d}",
                        f"{station.code} 幹部{i}", station.unit_id, Role.APPROVER)
                )  # fmt: skip
        for role, count, bucket in (
            (Role.ANALYST, analysts, self.analysts),
            (Role.ADMIN, admins, self.admins),
            (Role.AUDITOR, auditors, []),
        ):
            for i in range(count):
                bucket.append(
                    add(f"{USERNAME_PREFIX}hq.{role}{i:03d}", f"本部 {role}{i}", self.hq_unit, role)
                )
        self._timed("users", write(Table(User), users))
        self._timed("memberships", write(Table(Membership, with_pk=False), memberships))
        self._timed("user history", write_history(User, first, workflow=False))

    # ---- organisations ----------------------------------------------------------------

    def organisations(self) -> None:
        rng, total = self.rng, scaled("organisations", self.scale, minimum=4 * len(self.stations))
        first, rows, links = next_id(Organisation), [], []
        kinds = (
            (OrgKind.COMPANY, "{w}{k}株式会社"),
            (OrgKind.SCHOOL, "{m}立{w}小学校"),
            (OrgKind.INTERNATIONAL, "{w}国際交流協会"),
            (OrgKind.CRIME_PREVENTION, "{w}地区防犯パトロール隊"),
        )
        per_station = total // len(self.stations)
        serial = 0
        for station in self.stations:
            for i in range(per_station):
                kind, pattern = kinds[i % len(kinds)]
                serial += 1
                municipality = rng.choice(station.municipalities)
                name = pattern.format(
                    w=rng.choice(PLACE_WORDS), k=rng.choice(COMPANY_KINDS), m=station.code
                )
                pk = first + len(rows)
                rows.append(
                    {
                        "id": pk,
                        "name": f"{name}（{serial}）",
                        "kind": kind,
                        "municipality_id": municipality,
                        "notes": "生成データ",
                        "is_active": True,
                    }
                )
                links.append({"organisation_id": pk, "orgunit_id": station.unit_id})
                station.organisations.setdefault(kind, []).append(pk)
        self.org_names = {row["id"]: row["name"] for row in rows}
        self._timed("organisations", write(Table(Organisation), rows))
        through = Organisation.stations.through
        self._timed("organisation stations", write(Table(through, with_pk=False), links))
        self._timed("organisation history", write_history(Organisation, first, workflow=False))

    # ---- shared helpers ---------------------------------------------------------------

    def _station(self) -> StationInfo:
        return self.rng.choices(self.stations, weights=self.station_weights)[0]

    def _day(self, months: tuple[int, ...] = ALL_MONTHS) -> datetime.date:
        rng = self.rng
        day = datetime.date(
            rng.randint(FIRST_YEAR, LAST_YEAR), rng.choice(months), rng.randint(1, 28)
        )
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day

    def _workflow(self, row: dict, day: datetime.date, station: StationInfo, author: int) -> None:
        """Status and timestamps as in demo_plans: written up a day or two later, submitted
        within the hour or two, decided one to three days later. The newest six weeks are
        still in the workflow; older records are approved, but for a few returned ones."""
        rng = self.rng
        created = datetime.datetime.combine(
            day + datetime.timedelta(days=rng.randint(1, 2)),
            datetime.time(rng.randint(9, 16), rng.randint(0, 59)),
            JST,
        )
        row["created_by_id"] = author
        row["owning_unit_id"] = station.unit_id
        row["created_at"] = row["updated_at"] = created
        age = (self.last_day - day).days
        if age < 42:
            status = rng.choices("DSRA", weights=(2, 4, 1, 3))[0]
        else:
            status = rng.choices("ARS", weights=(990, 6, 4))[0]
        row["version"] = 1
        row["status"] = WorkflowStatus.DRAFT
        if status == "D":
            return
        submitted = created + datetime.timedelta(minutes=rng.randint(15, 90))
        row.update(submitted_at=submitted, updated_at=submitted, version=2)
        row["status"] = WorkflowStatus.SUBMITTED
        if status == "S":
            return
        decided = submitted + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 3))
        row.update(
            decided_at=decided,
            updated_at=decided,
            version=3,
            decided_by_id=rng.choice(station.approvers),
            status=WorkflowStatus.RETURNED if status == "R" else WorkflowStatus.APPROVED,
            decision_comment=rng.choice(RETURN_REASONS) if status == "R" else "",
        )

    def _languages(self, station: StationInfo, how_many: int) -> list[str]:
        spoken = list(station.languages)
        first = self.rng.choices(spoken, weights=range(len(spoken), 0, -1))[0]
        others = [code for code in spoken if code != first]
        return [first, *self.rng.sample(others, how_many - 1)]

    def _partner(self, station: StationInfo, *kinds: str) -> int:
        options = [pk for kind in kinds for pk in station.organisations.get(kind, [])]
        return self.rng.choice(options)

    # ---- activities -------------------------------------------------------------------

    def activities(self) -> None:
        total = scaled("activities", self.scale)
        first = next_id(Activity)
        plans = {"audience_languages": [], "nationalities": [], "interpreters": [], "partners": []}

        def rows() -> Iterator[dict]:
            codes = [m[0] for m in ACTIVITY_MEASURES]
            weights = [m[1] for m in ACTIVITY_MEASURES]
            months = {m[0]: m[2] for m in ACTIVITY_MEASURES}
            for pk in range(first, first + total):
                code = self.rng.choices(codes, weights=weights)[0]
                yield self._activity(pk, code, months[code], plans)

        self._timed("activities", write(Table(Activity), rows()))
        self._timed(
            "audience languages",
            write(Table(AudienceLanguage, with_pk=False), plans["audience_languages"]),
        )
        self._timed(
            "audience nationalities",
            write(Table(AudienceNationality, with_pk=False), plans["nationalities"]),
        )
        through = Activity.interpreter_languages.through
        self._timed(
            "interpreter languages", write(Table(through, with_pk=False), plans["interpreters"])
        )
        through = Activity.partners.through
        self._timed("activity partners", write(Table(through, with_pk=False), plans["partners"]))
        self._timed("activity history", write_history(Activity, first, workflow=True))

    def _activity(self, pk: int, code: str, months: tuple[int, ...], plans: dict) -> dict:
        rng, station = self.rng, self._station()
        day = self._day(months)
        languages = self._languages(station, rng.choice((1, 1, 2)))
        names = "・".join(LANGUAGE_NAMES[c] for c in languages)
        district = rng.choice(station.districts)
        topic, topic_text = rng.choice(TOPICS)
        row = {
            "id": pk,
            "measure_id": self.measures[code],
            "date": day,
            "municipality_id": rng.choice(station.municipalities),
            "departments": [rng.choice(("chiiki", "seian", "kotsu", "keiji"))],
            "place_name": district,
            "outcome": rng.choice(OUTCOMES),
        }
        start = rng.choice((9, 10, 13, 14, 19))
        row["start_time"] = datetime.time(start, rng.choice((0, 30)))
        row["end_time"] = datetime.time(start + rng.choice((1, 2)), row["start_time"].minute)
        interpreter = code in ("A01", "A02", "A03", "A04") or rng.random() < 0.3
        partner = None
        total = rng.randint(8, 50)
        foreign = total - rng.randint(0, min(5, total))
        children = 0
        if code == "A01":
            visited = rng.randint(12, 40)
            households = rng.randint(visited // 3, visited)
            foreign = households + rng.randint(0, households)
            total = foreign + rng.randint(0, 8)
            row.update(
                households_visited=visited,
                foreign_households=households,
                liaison_cards=rng.randint(households // 2, households),
                title=f"{district} 通訳人帯同の巡回連絡（{names}）",
                summary=f"通訳人（{names}）を帯同し、{district}の集合住宅を中心に巡回連絡を行った。"
                "巡回連絡カードの記入を依頼し、最寄りの交番と110番の掛け方を説明した。",
            )
        elif code == "A07":
            partner = self._partner(station, OrgKind.CRIME_PREVENTION)
            group = self.org_names[partner]
            members = rng.randint(5, 15)
            total, foreign = members, rng.choice((0, 0, 1, 2, 3))
            row.update(
                patrol_group_id=partner,
                patrol_participants=members,
                title=f"{group}との合同パトロール（{district}）",
                summary=f"外国人が多く住む{district}を中心に、{group}と合同で夜間パトロールを行った。"
                "無施錠の自転車への声掛けと、多言語の防犯チラシの配布を行った。",
            )
        elif code == "A90":
            offence = rng.choice(OFFENCES)
            row.update(
                offence_type=offence.value,
                cases_built=rng.randint(1, 3),
                persons_arrested=rng.randint(0, 6),
                legal_basis="出入国管理及び難民認定法" if offence == "illegal_employment" else "",
                title=f"{offence.label}事件の検挙（{district}）",
                summary=f"{district}における{offence.label}事件を事件化した。",
            )
            interpreter, foreign, total = True, 0, 0
        else:
            kind = rng.choice((OrgKind.COMPANY, OrgKind.SCHOOL, OrgKind.INTERNATIONAL))
            partner = self._partner(station, kind)
            venue = self.org_names[partner]
            if kind == OrgKind.SCHOOL:
                children = rng.randint(0, foreign)
            label = "外国人児童向け" if children else "外国人住民向け"
            row.update(
                title=f"{label}{topic}教室（{venue}）",
                summary=f"{venue}で、{topic_text}について{names}の資料を使って説明した。",
            )
        row.update(
            participants_total=total,
            participants_foreign=foreign,
            participants_children=children,
            interpreter_used=interpreter,
            interpreter_kind=rng.choice(INTERPRETER_KINDS) if interpreter else "",
        )
        if rng.random() < 0.2:
            row["follow_up"] = "後日再訪問する。"
            row["follow_up_due"] = day + datetime.timedelta(days=30)
        if rng.random() < 0.04:
            row["intel_obtained"], row["intel_note"] = True, rng.choice(INTEL_SUBJECTS)
        self._workflow(row, day, station, rng.choice(station.officers))
        if interpreter:
            for language in languages:
                plans["interpreters"].append({"activity_id": pk, "language_id": language})
        if partner:
            plans["partners"].append({"activity_id": pk, "organisation_id": partner})
        if foreign:
            left = foreign
            for index, language in enumerate(languages):
                count = left if index == len(languages) - 1 else round(left * rng.uniform(0.5, 0.8))
                left -= count
                if count:
                    plans["audience_languages"].append(
                        {"activity_id": pk, "language_id": language, "count": count}
                    )
                    plans["nationalities"].append(
                        {
                            "activity_id": pk,
                            "nationality_id": NATIONALITY_OF[language],
                            "count": count,
                        }
                    )
        return row

    # ---- liaison ------------------------------------------------------------------

    def liaison(self) -> None:
        rng, total, first = self.rng, scaled("liaison", self.scale), next_id(LiaisonRecord)
        links = []
        measure_of = {
            LiaisonKind.MEETING: "B01",
            LiaisonKind.INFO_EXCHANGE: "B01",
            LiaisonKind.AGREEMENT: "B01",
            LiaisonKind.REQUEST: "B01",
            LiaisonKind.JOINT_DRILL: "B02",
            LiaisonKind.EVENT: "B03",
        }

        def rows() -> Iterator[dict]:
            for pk in range(first, first + total):
                station = self._station()
                kind = rng.choice(LIAISON_KINDS)
                day = self._day()
                organisations = rng.sample(
                    [o for pks in station.organisations.values() for o in pks],
                    rng.choice((1, 1, 2)),
                )
                names = "・".join(self.org_names[o] for o in organisations)
                row = {
                    "id": pk,
                    "measure_id": self.measures[measure_of[kind]],
                    "kind": kind.value,
                    "title": f"{names}との{kind.label}",
                    "date": day,
                    "place_name": rng.choice(station.districts),
                    "summary": f"{names}と{rng.choice(TOPICS)[0]}について情報交換を行った。",
                }
                if rng.random() < 0.03:
                    row["intel_obtained"], row["intel_note"] = True, rng.choice(INTEL_SUBJECTS)
                self._workflow(row, day, station, rng.choice(station.officers))
                links.extend({"liaisonrecord_id": pk, "organisation_id": o} for o in organisations)
                yield row

        self._timed("liaison records", write(Table(LiaisonRecord), rows()))
        through = LiaisonRecord.organisations.through
        self._timed("liaison organisations", write(Table(through, with_pk=False), links))
        self._timed("liaison history", write_history(LiaisonRecord, first, workflow=True))

    # ---- intel --------------------------------------------------------------------

    def intel(self) -> None:
        rng = self.rng
        total, entity_total = scaled("intel", self.scale), scaled("entities", self.scale, 3)
        first_entity = next_id(Entity)
        places, persons = [], []

        def entities() -> Iterator[dict]:
            for pk in range(first_entity, first_entity + entity_total):
                station = self._station()
                kind = rng.choices(EntityKind.values, weights=(40, 30, 20, 10))[0]
                (persons if kind == EntityKind.PERSON else places).append(pk)
                language = rng.choice(station.languages)
                row = {
                    "id": pk,
                    "kind": kind,
                    "municipality_id": rng.choice(station.municipalities),
                    "created_at": datetime.datetime(2016, 1, 4, 9, tzinfo=JST),
                }
                if kind == EntityKind.PERSON:
                    row.update(name=f"人物{pk}", nationality_id=NATIONALITY_OF[language])
                elif kind == EntityKind.PLACE:
                    row.update(
                        name=f"{rng.choice(station.districts)}{pk}",
                        place_kind=rng.choice(PlaceKind.values),
                    )
                else:
                    row["name"] = f"{LANGUAGE_NAMES[language]}話者のネットワーク{pk}"
                yield row

        self._timed("entities", write(Table(Entity), entities()))
        self._timed("entity history", write_history(Entity, first_entity, workflow=False))
        if not persons:
            persons = places[:1]
        person_ids = set(persons)
        first = next_id(IntelReport)
        measure_codes = [f"C0{i}" for i in range(1, 9)]
        links = []

        def reports() -> Iterator[dict]:
            for pk in range(first, first + total):
                station = self._station()
                code = rng.choice(measure_codes)
                day = self._day()
                secrecy = rng.choices(Secrecy.values, weights=(70, 25, 5))[0]
                row = {
                    "id": pk,
                    "measure_id": self.measures[code],
                    "information_date": day,
                    "title": f"{rng.choice(station.districts)}で{rng.choice(INTEL_SUBJECTS)}",
                    "summary": f"{rng.choice(INTEL_SUBJECTS)}との情報を得た。",
                    "source_grade": rng.choice("123"),
                    "information_grade": rng.choice("ABCDE"),
                    "handling": "C" if secrecy != Secrecy.INTERNAL else "P",
                    "handling_condition": "本部の了解なく部外に提供しない"
                    if secrecy != Secrecy.INTERNAL
                    else "",
                    "secrecy": secrecy,
                    "warning_sign": rng.random() < 0.05,
                    "analyst_status": rng.choice(AnalystStatus.values),
                    "review_date": day + datetime.timedelta(days=180),
                    "last_validated_at": day,
                    "retention_until": day.replace(year=day.year + 5, day=min(day.day, 28)),
                }
                self._workflow(row, day, station, rng.choice(station.officers))
                chosen = rng.sample(places, min(3, len(places)))
                if code in ("C06", "C08") and rng.random() < 0.5:
                    chosen[-1] = rng.choice(persons)
                for entity in dict.fromkeys(chosen):
                    links.append(
                        {
                            "report_id": pk,
                            "entity_id": entity,
                            "role": "関係先",
                            "justification": "同種事案への関与が疑われる"
                            if entity in person_ids
                            else "",
                        }
                    )
                yield row

        self.first_report = first
        self._timed("intel reports", write(Table(IntelReport), reports()))
        self._timed("intel history", write_history(IntelReport, first, workflow=True))
        first_link = next_id(ReportEntity)
        for offset, link in enumerate(links):
            link["id"] = first_link + offset
        self._timed("report entities", write(Table(ReportEntity), links))
        self._timed(
            "report entity history", write_history(ReportEntity, first_link, workflow=False)
        )
        self.grants(first, total)

    def grants(self, first_report: int, reports: int) -> None:
        """Need-to-know grants: most to HQ analysts (secret reports among them), some to
        officers of other stations; one in five has expired."""
        rng = self.rng
        permission = Permission.objects.get(
            codename="view_intelreport", content_type__app_label="intel"
        )
        now = datetime.datetime.now(UTC).replace(microsecond=0)
        officers = [pk for s in self.stations for pk in s.officers]
        seen, rows = set(), []
        wanted = min(scaled("grants", self.scale), reports * len(self.analysts))
        while len(rows) < wanted:
            report = rng.randrange(first_report, first_report + reports)
            user = rng.choice(self.analysts) if rng.random() < 0.7 else rng.choice(officers)
            if (report, user) in seen:
                continue
            seen.add((report, user))
            expired = rng.random() < 0.2
            rows.append(
                {
                    "permission_id": permission.pk,
                    "user_id": user,
                    "content_object_id": report,
                    "reason": "分析のため",
                    "expires_at": now + datetime.timedelta(days=-30 if expired else 90),
                    "granted_by_id": rng.choice(self.admins),
                    "granted_at": now - datetime.timedelta(days=60),
                }
            )
        self._timed("intel grants", write(Table(IntelUserGrant, with_pk=False), rows))

    # ---- training -----------------------------------------------------------------

    def training(self) -> None:
        rng, total, first = self.rng, scaled("training", self.scale), next_id(TrainingSession)
        per_session = max(1, round(scaled("attendance", self.scale) / total))
        attendance = []
        measure_codes = ("D01", "D02", "D03")

        def rows() -> Iterator[dict]:
            for pk in range(first, first + total):
                station = self._station()
                day = self._day()
                instructor = rng.choices(InstructorKind.values, weights=(6, 3, 1))[0]
                language = rng.choice(station.languages)
                row = {
                    "id": pk,
                    "measure_id": self.measures[rng.choice(measure_codes)],
                    "date": day,
                    "duration_minutes": rng.choice((30, 45, 60, 90)),
                    "topic": rng.choice(TRAINING_TOPICS),
                    "instructor_kind": instructor,
                    "instructor_name": "",
                    "language_id": language if instructor == InstructorKind.INTERPRETER else None,
                    "summary": f"{LANGUAGE_NAMES[language]}話者への対応を含めて教養を行った。",
                }
                self._workflow(row, day, station, rng.choice(station.approvers))
                members = station.officers + station.approvers
                for user in rng.sample(members, min(per_session, len(members))):
                    attendance.append({"session_id": pk, "user_id": user})
                yield row

        self._timed("training sessions", write(Table(TrainingSession), rows()))
        self._timed("attendance", write(Table(Attendance, with_pk=False), attendance))
        self._timed("training history", write_history(TrainingSession, first, workflow=True))

    # ---- finishing ----------------------------------------------------------------

    def reset_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return
        models_ = [User, Organisation, Activity, LiaisonRecord, Entity, IntelReport, ReportEntity,
                   TrainingSession]  # fmt: skip
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)


@contextmanager
def bulk_load_mode(tables: list[str]) -> Iterator[None]:
    """On PostgreSQL, load without secondary indexes and foreign keys, then rebuild them.

    What pg_restore does: one CREATE INDEX over sorted data and one validating join per
    foreign key are many times faster than maintaining ten indexes and checking six keys
    for each of millions of rows. Primary keys and unique constraints stay (they are what
    keeps the data right while it loads). Inside the caller's transaction, so a failed
    load leaves the schema as it was.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # Check the deferred foreign keys of earlier writes in this transaction now: ALTER
        # TABLE refuses to run while a table has such checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
              AND NOT i.indisunique
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze() -> None:
    """Fresh planner statistics after a bulk load (autovacuum would take its time)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generated_exists() -> bool:
    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()
