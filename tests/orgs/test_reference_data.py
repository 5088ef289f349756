"""The reference fixtures, as `load_reference` installs them, match the domain README."""

import pytest

from gifu_taisaku.orgs.models import (
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    MunicipalityKind,
    Nationality,
    OrgUnit,
    OrgUnitKind,
    PromotionItem,
    local_government_check_digit,
)

pytestmark = pytest.mark.usefixtures("reference")

GIFU_LANGUAGES = [
    "pt", "tl", "vi", "zh", "ko", "id", "ne", "es", "en", "th", "my",
    "km", "si", "mn", "fr", "ru", "ar", "bn", "ur", "fa", "hi",
]  # fmt: skip
STATION_CODES = {
    "gifunaka", "gifuminami", "gifukita", "gifuhashima", "kakamigahara", "yamagata", "kitagata",
    "ogaki", "kaizu", "yoro", "tarui", "ibi", "seki", "kani", "tajimi", "nakatsugawa", "gero",
    "gujo", "kamo", "ena", "takayama", "hida",
}  # fmt: skip


def test_42_municipalities_21_cities_19_towns_2_villages():
    kinds = [m.kind for m in Municipality.objects.all()]
    assert len(kinds) == 42
    assert kinds.count(MunicipalityKind.CITY) == 21
    assert kinds.count(MunicipalityKind.TOWN) == 19
    assert kinds.count(MunicipalityKind.VILLAGE) == 2


def test_every_municipality_code_has_a_valid_check_digit():
    for code in Municipality.objects.values_list("code", flat=True):
        assert local_government_check_digit(code[:5]) == code[5], code


def test_gifu_city_is_212016_and_split_between_three_stations():
    gifu = Municipality.objects.get(code="212016")
    assert gifu.name == "岐阜市"
    assert gifu.kana == "ぎふし"
    stations = {j.station.code: j.partial for j in gifu.jurisdictions.select_related("station")}
    assert stations == {"gifunaka": True, "gifuminami": True, "gifukita": True}


def test_every_municipality_is_covered_by_a_station():
    uncovered = Municipality.objects.filter(jurisdictions__isnull=True)
    assert list(uncovered) == []
    assert not Jurisdiction.objects.exclude(station__kind=OrgUnitKind.STATION).exists()


@pytest.mark.parametrize(
    ("municipality", "station"),
    [("白川村", "takayama"), ("東白川村", "kamo"), ("土岐市", "tajimi"), ("瑞穂市", "kitagata")],
)
def test_jurisdictions_follow_the_readme(municipality, station):
    jurisdiction = Jurisdiction.objects.get(municipality__name=municipality)
    assert jurisdiction.station.code == station
    assert not jurisdiction.partial


def test_22_stations_with_their_codes_and_short_names():
    stations = OrgUnit.objects.stations()
    assert set(stations.values_list("code", flat=True)) == STATION_CODES
    gifunaka = stations.get(code="gifunaka")
    assert (gifunaka.name, gifunaka.short_name, gifunaka.path) == (
        "岐阜中警察署",
        "岐阜中",
        "/gifunaka/",
    )
    assert all(s.name == f"{s.short_name}警察署" and s.parent is None for s in stations)


def test_hq_departments_and_divisions_with_paths():
    kokusai = OrgUnit.objects.get(code="hq-kokusai")
    assert kokusai.name == "国際捜査課"
    assert kokusai.kind == OrgUnitKind.DIVISION
    assert kokusai.path == "/hq/hq-keiji/hq-kokusai/"
    assert kokusai.parent.name == "刑事部"
    assert OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT).count() == 6
    assert OrgUnit.objects.filter(kind=OrgUnitKind.DIVISION).count() == 7
    assert OrgUnit.objects.subtree_of(OrgUnit.objects.get(code="hq")).count() == 14


def test_every_loaded_path_matches_the_tree():
    for unit in OrgUnit.objects.select_related("parent"):
        prefix = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{prefix}{unit.code}/"


def test_measures_are_the_betsuhyo():
    codes = list(Measure.objects.values_list("code", flat=True))
    expected = (
        [f"A{i:02d}" for i in range(1, 12)] + ["A90", "A99"]
        + [f"B{i:02d}" for i in range(1, 4)]
        + [f"C{i:02d}" for i in range(1, 9)]
        + [f"D{i:02d}" for i in range(1, 4)]
    )  # fmt: skip
    assert codes == expected  # also the display order
    assert Measure.objects.get(code="A01").name == "通訳人を帯同した巡回連絡"
    assert Measure.objects.get(code="C05").name == "ヤード"


@pytest.mark.parametrize(
    ("prefix", "item"),
    [("A", PromotionItem.POLICE_ACTIVITIES), ("B", PromotionItem.LIAISON),
     ("C", PromotionItem.SITUATION_AWARENESS), ("D", PromotionItem.TRAINING)],
)  # fmt: skip
def test_measure_promotion_items(prefix, item):
    measures = Measure.objects.filter(code__startswith=prefix).exclude(code="A90")
    assert set(measures.values_list("promotion_item", flat=True)) == {item}


def test_a90_is_enforcement():
    assert Measure.objects.get(code="A90").promotion_item == PromotionItem.ENFORCEMENT


def test_gifu_languages_come_first_with_japanese_names():
    first = list(Language.objects.values_list("code", flat=True)[: len(GIFU_LANGUAGES)])
    assert first == GIFU_LANGUAGES
    assert Language.objects.get(code="pt").name == "ポルトガル語"
    assert Language.objects.get(code="tl").name == "タガログ語"
    assert Language.objects.get(code="vi").name == "ベトナム語"


def test_languages_are_iso_639_1_two_letter_codes():
    codes = list(Language.objects.values_list("code", flat=True))
    assert all(len(code) == 2 and code.isalpha() and code.islower() for code in codes)
    assert "sh" not in codes  # withdrawn from ISO 639-1


def test_nationalities_are_iso_3166_countries_only():
    codes = set(Nationality.objects.values_list("code", flat=True))
    assert len(codes) == 249
    assert codes.isdisjoint({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})
    assert Nationality.objects.get(code="BR").name == "ブラジル"
    first = list(Nationality.objects.values_list("code", flat=True)[:3])
    assert first == ["BR", "PH", "VN"]
