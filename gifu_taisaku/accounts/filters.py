"""Filters of the user list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.models import User
from gifu_taisaku.accounts.roles import Role
from gifu_taisaku.core.filtering import yes_no_filter
from gifu_taisaku.orgs.models import OrgUnit


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("氏名・ユーザー名"))
    unit = django_filters.ModelChoiceFilter(
        field_name="memberships__unit", queryset=OrgUnit.objects.all(), label=_("所属")
    )
    role = django_filters.ChoiceFilter(
        field_name="memberships__role", choices=Role.choices, label=_("役割")
    )
    is_active = yes_no_filter(_("状態"), choices=[("1", _("利用中")), ("0", _("停止中"))])

    class Meta:
        model = User
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
