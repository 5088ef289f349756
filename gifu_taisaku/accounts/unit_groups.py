"""Each org unit's members as a Django auth Group, so object permissions can name a unit.

django-guardian grants to a group; a grant "to 大垣警察署" is a grant to the group of that
unit, whose members are the users with a membership in the unit or below it. The groups
follow the memberships automatically (signals in accounts.signals).
"""

from django.contrib.auth.models import Group

from gifu_taisaku.orgs.models import OrgUnit

GROUP_PREFIX = "orgunit:"


def unit_group(unit: OrgUnit) -> Group:
    """The group standing for `unit` (created on first use)."""
    group, _ = Group.objects.get_or_create(name=f"{GROUP_PREFIX}{unit.code}")
    return group


def _units_covering(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and its ancestors: a koban officer belongs to the koban and its station."""
    codes = [code for code in unit.path.strip("/").split("/") if code]
    return list(OrgUnit.objects.filter(code__in=codes))


def sync_unit_groups(user) -> None:
    """Make the user's unit groups match their memberships (other groups are left alone)."""
    wanted = {
        unit_group(unit).pk
        for membership in user.memberships.select_related("unit")
        for unit in _units_covering(membership.unit)
    }
    current = set(user.groups.filter(name__startswith=GROUP_PREFIX).values_list("pk", flat=True))
    user.groups.remove(*(current - wanted))
    user.groups.add(*(wanted - current))
