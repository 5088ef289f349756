"""Municipality codes, the org-unit tree (kinds, paths, subtrees) and a koban's station."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gifu_taisaku.orgs.models import (
    OrgUnit,
    OrgUnitKind,
    local_government_check_digit,
    validate_local_government_code,
)
from tests.factories import OrgUnitFactory


@pytest.mark.parametrize(
    ("five", "digit"),
    [
        ("21201", "6"),
        ("21202", "4"),
        ("21604", "6"),
        ("21507", "4"),
        ("13101", "6"),
        ("01100", "2"),
    ],
)
def test_check_digit(five, digit):
    assert local_government_check_digit(five) == digit


def test_check_digit_when_remainder_is_0_or_1():
    # 11 − 0 = 11 and 11 − 1 = 10: the last digit is taken (1 and 0).
    assert local_government_check_digit("00000") == "1"  # sum 0
    assert local_government_check_digit("20000") == "0"  # sum 12, remainder 1


def test_validator_accepts_a_valid_code():
    validate_local_government_code("212016")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("212017", "検査数字"),
        ("21201", "6桁"),
        ("2120166", "6桁"),
        ("21201a", "6桁"),
    ],
)
def test_validator_rejects_in_japanese(value, message):
    with pytest.raises(ValidationError) as caught:
        validate_local_government_code(value)
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("kind", "parent_code", "valid"),
    [
        (OrgUnitKind.DIVISION, "hq-keiji", True),
        (OrgUnitKind.DIVISION, "hq", False),
        (OrgUnitKind.DEPARTMENT, "hq", True),
        (OrgUnitKind.KOBAN, "gifunaka", True),
        (OrgUnitKind.CHUZAISHO, "gifunaka", True),
        (OrgUnitKind.KOBAN, "hq-kokusai", False),
        (OrgUnitKind.KOBAN, None, False),
        (OrgUnitKind.STATION, None, True),
        (OrgUnitKind.STATION, "hq", False),
        (OrgUnitKind.HQ, "gifunaka", False),
    ],
)
def test_parent_kind_rules(org, kind, parent_code, valid):
    parent = OrgUnit.objects.get(code=parent_code) if parent_code else None
    unit = OrgUnit(code="new-unit", name="新設", kind=kind, parent=parent)
    if valid:
        unit.full_clean(exclude=["path"])
    else:
        with pytest.raises(ValidationError) as caught:
            unit.full_clean(exclude=["path"])
        assert caught.value.message_dict["parent"] == [
            "この種別の組織をこの上位組織の下には置けません。"
        ]


def test_end_date_before_start_is_refused(org):
    org.koban.active_to = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError) as caught:
        org.koban.full_clean()
    assert "active_to" in caught.value.message_dict


def test_path_is_computed_on_save(org):
    assert org.kokusai.path == "/hq/hq-keiji/hq-kokusai/"
    assert org.koban.path == "/gifunaka/gifunaka-ekimae/"


def test_moving_a_unit_moves_its_subtree(org):
    keibi = OrgUnitFactory(
        code="hq-keibi", name="警備部", kind=OrgUnitKind.DEPARTMENT, parent=org.hq
    )
    org.kokusai.parent = keibi
    org.kokusai.save()
    assert OrgUnit.objects.get(pk=org.kokusai.pk).path == "/hq/hq-keibi/hq-kokusai/"

    org.gifunaka.code = "gifu-naka"  # a recode of the station carries its koban along
    org.gifunaka.save()
    assert OrgUnit.objects.get(pk=org.koban.pk).path == "/gifu-naka/gifunaka-ekimae/"


def test_subtree_of_a_station_is_the_station_and_its_kobans(org):
    subtree = set(OrgUnit.objects.subtree_of(org.gifunaka))
    assert subtree == {org.gifunaka, org.koban}


def test_subtree_prefix_does_not_leak_to_similar_codes(org):
    # "/gifu/" must not match "/gifunaka/": the trailing slash in the path prevents it.
    gifu = OrgUnitFactory(code="gifu", name="岐阜警察署")
    assert set(OrgUnit.objects.subtree_of(gifu)) == {gifu}


def test_subtree_of_hq(org):
    assert set(OrgUnit.objects.subtree_of(org.hq)) == {org.hq, org.keiji, org.kokusai}


def test_station_of_a_koban_is_its_station(org):
    assert org.koban.station() == org.gifunaka
    assert org.gifunaka.station() == org.gifunaka
    assert org.kokusai.station() is None


def test_active_on_excludes_ended_units(org):
    org.koban.active_to = datetime.date(2024, 3, 31)
    org.koban.save()
    assert org.koban not in OrgUnit.objects.active_on(datetime.date(2024, 4, 1))
    assert org.koban in OrgUnit.objects.active_on(datetime.date(2024, 3, 31))


def test_label_prefers_the_short_name(org):
    assert org.gifunaka.label == "岐阜中"
    assert org.keiji.label == "刑事部"
