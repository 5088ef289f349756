"""What the demo stations' liaison looked like: partners, their people, and the occasions.

Public bodies carry their municipality's name with a generic department (部署名は架空);
private bodies and every person are fictional. Phone numbers use the unassigned 000
exchange and e-mail addresses the reserved example.jp domain.
"""

from typing import NamedTuple

from liaison.choices import Direction, LiaisonKind
from liaison.models import OrganisationKind as Kind

PUBLIC_NOTE = "デモ用のデータです。部署名は実在のものとは限りません。"
FICTIONAL_NOTE = "デモ用の架空の団体です（関係機関との連携のデモ）。"
PERSON_NOTE = "デモ用の架空の人物です。"

GIFU, OGAKI_CITY, GODO, WANOUCHI, ANPACHI = "212016", "212024", "213811", "213829", "213837"
KANI_CITY, MITAKE = "212148", "215210"
ALL_STATIONS = ("gifunaka", "ogaki", "kani")

# name, kind, municipality code, stations dealing with it, note
ORGANISATIONS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("岐阜市役所 多文化共生担当", Kind.MUNICIPAL, GIFU, ("gifunaka",), PUBLIC_NOTE),
    ("大垣市役所 多文化共生担当", Kind.MUNICIPAL, OGAKI_CITY, ("ogaki",), PUBLIC_NOTE),
    ("神戸町役場 住民生活担当", Kind.MUNICIPAL, GODO, ("ogaki",), PUBLIC_NOTE),
    ("輪之内町役場 住民生活担当", Kind.MUNICIPAL, WANOUCHI, ("ogaki",), PUBLIC_NOTE),
    ("安八町役場 住民生活担当", Kind.MUNICIPAL, ANPACHI, ("ogaki",), PUBLIC_NOTE),
    ("可児市役所 多文化共生担当", Kind.MUNICIPAL, KANI_CITY, ("kani",), PUBLIC_NOTE),
    ("御嵩町役場 住民生活担当", Kind.MUNICIPAL, MITAKE, ("kani",), PUBLIC_NOTE),
    ("名古屋出入国在留管理局 岐阜出張所", Kind.IMMIGRATION, GIFU, ALL_STATIONS, PUBLIC_NOTE),
    ("岐阜労働局", Kind.LABOUR, GIFU, ALL_STATIONS, PUBLIC_NOTE),
    ("ハローワーク岐阜", Kind.LABOUR, GIFU, ("gifunaka",), PUBLIC_NOTE),
    ("ハローワーク大垣", Kind.LABOUR, OGAKI_CITY, ("ogaki",), PUBLIC_NOTE),
    ("やなぎ通り商店街振興組合", Kind.COMMERCIAL, GIFU, ("gifunaka",), FICTIONAL_NOTE),
    ("岐阜さくら日本語学校", Kind.SCHOOL, GIFU, ("gifunaka",), FICTIONAL_NOTE),
    ("ぎふことば通訳サポート", Kind.INTERPRETERS, GIFU, ALL_STATIONS, FICTIONAL_NOTE),
    ("わかば台団地自治会", Kind.NEIGHBOURHOOD, OGAKI_CITY, ("ogaki",), FICTIONAL_NOTE),
    ("大垣みなと物流株式会社", Kind.COMPANY, OGAKI_CITY, ("ogaki",), FICTIONAL_NOTE),
    ("こだま台団地自治会", Kind.NEIGHBOURHOOD, KANI_CITY, ("kani",), FICTIONAL_NOTE),
    ("可児ひまわりショッピングセンター", Kind.COMMERCIAL, KANI_CITY, ("kani",), FICTIONAL_NOTE),
    ("可児さつき自動車部品株式会社", Kind.COMPANY, KANI_CITY, ("kani",), FICTIONAL_NOTE),
    ("東濃みどり日本語学校", Kind.SCHOOL, KANI_CITY, ("kani",), FICTIONAL_NOTE),
)

# organisation, station, name, title, phone, languages
CONTACTS: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("岐阜市役所 多文化共生担当", "gifunaka", "森 直樹", "係長", "058-000-0101", ()),
    (
        "岐阜市役所 多文化共生担当",
        "gifunaka",
        "サントス・アナ",
        "国際交流員",
        "058-000-0102",
        ("pt", "en"),
    ),
    ("やなぎ通り商店街振興組合", "gifunaka", "川村 誠", "理事長", "058-000-0103", ()),
    ("岐阜さくら日本語学校", "gifunaka", "林 美香", "教務主任", "058-000-0104", ("vi", "en")),
    (
        "ぎふことば通訳サポート",
        "gifunaka",
        "レイエス・マリア",
        "コーディネーター",
        "058-000-0105",
        ("tl", "en"),
    ),
    ("名古屋出入国在留管理局 岐阜出張所", "gifunaka", "高橋 聡", "統括審査官", "058-000-0106", ()),
    ("大垣市役所 多文化共生担当", "ogaki", "加藤 由美", "主査", "0584-00-0201", ("pt",)),
    ("輪之内町役場 住民生活担当", "ogaki", "伊藤 健一", "課長補佐", "0584-00-0202", ()),
    ("わかば台団地自治会", "ogaki", "山本 勝", "会長", "0584-00-0203", ()),
    (
        "大垣みなと物流株式会社",
        "ogaki",
        "ファム・ヴァン・ミン",
        "通訳担当",
        "0584-00-0204",
        ("vi",),
    ),
    ("大垣みなと物流株式会社", "ogaki", "鈴木 和也", "総務課長", "0584-00-0205", ()),
    ("可児市役所 多文化共生担当", "kani", "佐野 恵", "係長", "0574-00-0301", ("pt",)),
    ("こだま台団地自治会", "kani", "オリベイラ・パウロ", "副会長", "0574-00-0302", ("pt", "es")),
    ("可児さつき自動車部品株式会社", "kani", "中村 浩", "人事課長", "0574-00-0303", ()),
    ("東濃みどり日本語学校", "kani", "村上 さやか", "校長", "0574-00-0304", ("en",)),
)

# The kinds of partner each 別表 item of 推進事項2 works with.
PARTNER_KINDS = {
    "B01": (Kind.MUNICIPAL,),
    "B02": (Kind.IMMIGRATION, Kind.LABOUR, Kind.INTERNATIONAL, Kind.INTERPRETERS),
    "B03": (Kind.COMPANY, Kind.SCHOOL, Kind.COMMERCIAL, Kind.NEIGHBOURHOOD),
}


class Occasion(NamedTuple):
    """A kind of liaison occasion; `title` names the main partner as "{org}"."""

    measure: str
    kind: str
    title: str
    summary: str
    information: list[tuple[str, str]]  # (direction, what)
    follow_ups: list[str]
    may_yield_intel: bool = False  # something for 実態把握 was sometimes learnt
    partners: tuple[str, ...] = ()  # kinds of the main partner; default: the measure's


OCCASIONS: tuple[Occasion, ...] = (
    Occasion(
        "B01",
        LiaisonKind.MEETING,
        "多文化共生推進連絡会議（{org}）",
        "外国人住民の転入状況と相談窓口の利用状況について説明を受け、警察の相談体制と"
        "最近の被害傾向（自転車盗・特殊詐欺）を説明した。",
        [
            (Direction.RECEIVED, "地区別の外国人住民数と国籍の内訳（前年比）"),
            (Direction.PROVIDED, "管内の外国人被害の傾向（自転車盗・特殊詐欺）"),
        ],
        ["多言語の防犯チラシを転入窓口で配布してもらう手配"],
    ),
    Occasion(
        "B01",
        LiaisonKind.INFO_EXCHANGE,
        "転入者への生活ルール周知に関する情報交換（{org}）",
        "ごみ出しや騒音をめぐる近隣トラブルの相談状況を聞き取り、交番での対応例を伝えた。",
        [(Direction.RECEIVED, "近隣トラブルの相談件数と多い地区")],
        [],
    ),
    Occasion(
        "B01",
        LiaisonKind.AGREEMENT,
        "災害時の外国人住民への情報伝達に関する申合せ（{org}）",
        "災害時に避難所の多言語案内と警察の安否確認情報を相互に伝えることを申し合わせた。",
        [(Direction.PROVIDED, "警察署の災害時連絡窓口")],
        ["申合せ事項の署内周知（地域課・警備課）"],
    ),
    Occasion(
        "B01",
        LiaisonKind.REQUEST,
        "外国人住民向け広報紙への防犯記事掲載の要請（{org}）",
        "市町の多言語広報紙に、特殊詐欺と自転車盗の防犯記事を載せるよう要請し、了承を得た。",
        [(Direction.PROVIDED, "ポルトガル語・ベトナム語の防犯記事の原稿")],
        ["掲載号の確認と原稿の更新"],
    ),
    Occasion(
        "B02",
        LiaisonKind.JOINT_DRILL,
        "外国人住民を交えた避難誘導の合同訓練（{org}）",
        "通訳の協力を得て、地震を想定した避難誘導と110番通報の訓練を行った。",
        [(Direction.PROVIDED, "やさしい日本語の避難誘導の例文")],
        ["訓練の反省点の共有"],
        partners=(Kind.INTERNATIONAL, Kind.INTERPRETERS),
    ),
    Occasion(
        "B02",
        LiaisonKind.EVENT,
        "国際交流イベントでの防犯・交通安全ブース出展（{org}）",
        "来場者に多言語の防犯チラシを配り、自転車の交通ルールをクイズ形式で説明した。",
        [],
        [],
        partners=(Kind.INTERNATIONAL,),
    ),
    Occasion(
        "B02",
        LiaisonKind.MEETING,
        "外国人の適正な就労に関する関係機関連絡会議（{org}）",
        "技能実習生の失踪と不法就労の動向について情報を交換し、企業への周知方法を協議した。",
        [
            (Direction.RECEIVED, "管内の技能実習生受入れ企業数の推移"),
            (Direction.PROVIDED, "不法就労助長事件の検挙事例（概要のみ）"),
        ],
        ["受入れ企業向け説明会の共催の検討"],
        True,
        partners=(Kind.LABOUR, Kind.IMMIGRATION),
    ),
    Occasion(
        "B03",
        LiaisonKind.MEETING,
        "外国人従業員の防犯・交通安全に関する打合せ（{org}）",
        "外国人従業員の通勤時の自転車事故と寮での盗難被害について相談を受け、講習を提案した。",
        [(Direction.RECEIVED, "外国人従業員数と出身国、通勤手段")],
        ["従業員向け交通安全講習の日程調整"],
        partners=(Kind.COMPANY,),
    ),
    Occasion(
        "B03",
        LiaisonKind.INFO_EXCHANGE,
        "団地の生活環境と防犯に関する情報交換（{org}）",
        "団地内の外国人住民との関係、夜間の迷惑駐車や騒音の状況について意見を交換した。",
        [(Direction.RECEIVED, "団地内の空き部屋と転入の多い棟")],
        ["防犯灯の増設について市への要望を支援"],
        True,
        partners=(Kind.NEIGHBOURHOOD,),
    ),
    Occasion(
        "B03",
        LiaisonKind.REQUEST,
        "外国人生徒への防犯指導の実施依頼への対応（{org}）",
        "学校からの依頼を受け、外国人生徒を対象とした防犯指導の内容と日程を打ち合わせた。",
        [(Direction.PROVIDED, "防犯指導の資料案（やさしい日本語）")],
        ["指導当日の通訳の手配"],
        partners=(Kind.SCHOOL,),
    ),
    Occasion(
        "B03",
        LiaisonKind.MEETING,
        "繁華街・商業施設の防犯対策会議（{org}）",
        "外国人客の多い店舗での万引き・置引き被害と、夜間の客引きの状況について協議した。",
        [(Direction.RECEIVED, "外国語で書かれた注意掲示の設置状況")],
        ["多言語の防犯ポスターの提供"],
        partners=(Kind.COMMERCIAL,),
    ),
)
# Partners who often join the main one (the association, interpreters, the town office).
SUPPORTING_KINDS = (Kind.INTERNATIONAL, Kind.INTERPRETERS, Kind.MUNICIPAL)

APPROVAL_COMMENTS = ("", "", "", "今後の対応の進み具合を次回報告してください。")
RETURN_REASON = (
    "相手方の出席者が概要に書かれていますが、担当者欄で選ばれていません。確認してください。"
)
INTEL_NOTE = (
    "会議の後、参加者から特定の寮で深夜に人の出入りが多いとの話を聞いた。"
    "実態把握の記録を別に作成した。"
)
