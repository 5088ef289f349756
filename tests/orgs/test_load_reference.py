"""`load_reference`: inserts what is missing, never overwrites, repairs org-unit paths."""

from io import StringIO

import pytest
from django.core.management import call_command

from gifu_taisaku.orgs.models import Language, Measure, Municipality, OrgUnit, OrgUnitKind


def load(**options) -> str:
    out = StringIO()
    call_command("load_reference", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_first_run_reports_what_it_added():
    output = load()
    assert "orgunits.json: 追加 36 件、既存 0 件" in output
    assert "municipalities.json: 追加 42 件" in output
    assert "参照データを確認しました" in output


@pytest.mark.django_db
def test_second_run_adds_nothing():
    load()
    counts = (OrgUnit.objects.count(), Municipality.objects.count(), Language.objects.count())
    output = load()
    assert "orgunits.json: 追加 0 件、既存 36 件" in output
    assert "（追加 0 件）" in output
    assert (
        OrgUnit.objects.count(),
        Municipality.objects.count(),
        Language.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_quiet_when_verbosity_is_zero():
    assert load(verbosity=0) == ""


@pytest.mark.usefixtures("reference")
def test_edited_rows_survive_a_rerun():
    Measure.objects.filter(code="A01").update(name="通訳人同行の巡回連絡", is_active=False)
    language = Language.objects.get(code="en")
    language.sort_order = 5
    language.save()
    Municipality.objects.filter(code="212016").update(kana="ぎふ")
    load()
    assert Measure.objects.get(code="A01").name == "通訳人同行の巡回連絡"
    assert not Measure.objects.get(code="A01").is_active
    assert Language.objects.get(code="en").sort_order == 5
    assert Municipality.objects.get(code="212016").kana == "ぎふ"


@pytest.mark.usefixtures("reference")
def test_a_deleted_row_is_restored():
    Language.objects.filter(code="pt").delete()
    assert "languages.json: 追加 1 件" in load()
    assert Language.objects.get(code="pt").name == "ポルトガル語"


@pytest.mark.usefixtures("reference")
def test_wrong_paths_are_repaired():
    # Simulates rows written around save() (raw loaddata, a manual SQL fix).
    OrgUnit.objects.filter(code="hq-keiji").update(path="/wrong/")
    OrgUnit.objects.filter(code="hq-kokusai").update(path="")
    output = load()
    assert "path を" in output
    assert OrgUnit.objects.get(code="hq-keiji").path == "/hq/hq-keiji/"
    assert OrgUnit.objects.get(code="hq-kokusai").path == "/hq/hq-keiji/hq-kokusai/"


@pytest.mark.usefixtures("reference")
def test_units_created_after_loading_get_fresh_ids():
    station = OrgUnit.objects.get(code="gifunaka")
    koban = OrgUnit.objects.create(
        code="gifunaka-test", name="テスト交番", kind=OrgUnitKind.KOBAN, parent=station
    )
    assert koban.pk > max(OrgUnit.objects.exclude(pk=koban.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_plain_loaddata_gives_correct_paths():
    """The fixture carries paths, because loaddata bypasses OrgUnit.save()."""
    call_command("loaddata", "fixtures/orgunits.json", verbosity=0)
    assert OrgUnit.objects.get(code="hq-kokusai").path == "/hq/hq-keiji/hq-kokusai/"
    assert OrgUnit.objects.get(code="gifunaka").path == "/gifunaka/"


def test_clashing_rows_are_reported_not_fatal(org):
    """Units made before the first load (here by the test's `org`) keep their rows."""
    err = StringIO()
    call_command("load_reference", stdout=StringIO(), stderr=err)
    assert "登録できません" in err.getvalue()
    assert OrgUnit.objects.filter(code="hq-keiji").count() == 1
    assert OrgUnit.objects.get(code="hq-kokusai").pk == org.kokusai.pk
    assert Municipality.objects.count() == 42
