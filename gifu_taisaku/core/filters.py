"""Filters of the audit-trail screen."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.models import AuditAction, AuditEvent, AuditOutcome


class AuditEventFilter(django_filters.FilterSet):
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label=_("期間（から）"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label=_("期間（まで）"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    actor_username = django_filters.CharFilter(lookup_expr="icontains", label=_("ユーザー名"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("操作"))
    outcome = django_filters.ChoiceFilter(choices=AuditOutcome.choices, label=_("結果"))
    object_type = django_filters.CharFilter(label=_("対象の種類"))
    object_id = django_filters.CharFilter(label=_("対象ID"))
    # A prefix match ("10.21." finds a whole subnet). A pattern lookup compares the address as
    # text (PostgreSQL casts the inet column with HOST()), so a typo such as "abc" finds
    # nothing instead of failing as invalid inet input.
    ip_address = django_filters.CharFilter(
        lookup_expr="startswith",
        label=_("IPアドレス（前方一致）"),
        help_text=_("例: 10.21. と入力するとその範囲のアドレスをすべて表示します。"),
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []
