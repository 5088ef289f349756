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
    ip_address = django_filters.CharFilter(label=_("IPアドレス"))

    class Meta:
        model = AuditEvent
        fields: list[str] = []
