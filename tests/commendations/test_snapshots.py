"""Freezing a year (commendations.services.freeze_year) and the recomputation diff."""

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from commendations.diff import differences
from commendations.scoring import compute_year
from commendations.selectors import year_result
from commendations.services import freeze_year, scheme_save
from gifu_taisaku.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_frozen_result_stays_when_a_record_changes_and_the_diff_shows_it(
    org, year, admin_user, client
):
    snapshot = freeze_year(actor=admin_user, scheme=year)
    assert AuditEvent.objects.filter(object_id=str(snapshot.pk), actor=admin_user).exists()
    edited = Activity.objects.get(owning_unit=org.ogaki, measure__code="A02")
    edited.participants_foreign = 0  # a correction after the decision
    edited.save()
    Activity.objects.filter(owning_unit=org.ogaki, measure__code="A90").delete()

    result, frozen = year_result(year)
    assert frozen == snapshot
    assert result.station(org.ogaki.pk).total == 16  # as decided
    assert compute_year(year).station(org.ogaki.pk).total == 6  # 16 − 10 points of foreign

    found = {
        (d.station, d.item): (d.frozen, d.now) for d in differences(result, compute_year(year))
    }
    assert found[("大垣警察署", "外国人参加者（延べ）（実数）")] == (40, 0)
    assert found[("大垣警察署", "合計点")] == (16, 6)

    client.force_login(admin_user)
    page = client.get("/commendations/scores/2025/diff/").content.decode()
    assert "外国人参加者（延べ）（実数）" in page
    ranking = client.get("/commendations/scores/2025/").content.decode()
    assert "確定済み" in ranking


def test_a_used_scheme_is_frozen(year, admin_user):
    freeze_year(actor=admin_user, scheme=year)
    year.notes = "変更"
    with pytest.raises(ValidationError):
        scheme_save(actor=admin_user, scheme=year)
    with pytest.raises(ValidationError):
        freeze_year(actor=admin_user, scheme=year)
