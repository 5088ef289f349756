"""The metrics a scoring scheme may use: where each one's records come from and how it counts.

Every metric is one aggregate over approved records of the year, grouped by owning unit
(folded to stations by commendations.scoring): one query per metric, whatever the number
of stations or records. `scoped` gives the records behind a value that a viewer may open
(the explanation page); intel metrics have none: they contribute counts only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from activities.selectors import activities_for_list, approved_activities
from intel.choices import AnalystStatus
from intel.selectors import countable_reports
from liaison.choices import FollowUpStatus, LiaisonKind
from liaison.selectors import (
    approved_liaison_records,
    follow_ups_for_list,
    follow_ups_of_approved,
    liaison_records_for_list,
)
from training.selectors import initiatives_for_list, published_initiatives, sessions_for_list

ENFORCEMENT_CODE = "A90"
COVERAGE = "training_coverage"  # computed from training.coverage, not by a GROUP BY


def _activities_of(user, period) -> QuerySet:
    return activities_for_list(user).filter(status="approved", date__range=_span(period))


def _liaison_of(user, period) -> QuerySet:
    return liaison_records_for_list(user).filter(status="approved", date__range=_span(period))


def _follow_ups_of(user, period) -> QuerySet:
    return follow_ups_for_list(user).filter(
        record__status="approved", record__date__range=_span(period)
    )


def _sessions_of(user, period) -> QuerySet:
    return sessions_for_list(user).filter(status="approved", date__range=_span(period))


def _initiatives_of(user, period) -> QuerySet:
    return initiatives_for_list(user).filter(
        status="approved", decided_at__date__range=_span(period)
    )


def _span(period) -> tuple:
    return (period.start, period.end)


@dataclass(frozen=True)
class Metric:
    """One countable achievement: its label, its records, and the aggregate over them."""

    key: str
    label: str
    unit: str  # 件, 人, %
    area: str
    source: Callable  # (start, end) -> approved records of every unit (counting only)
    value: object = field(default_factory=lambda: Count("pk"))
    condition: Q = field(default_factory=Q)
    unit_field: str = "owning_unit"  # the OrgUnit FK the values are grouped by
    scoped: Callable | None = None  # (user, period) -> records the viewer may open
    uses_measure: bool = False

    @property
    def counts_only(self) -> bool:
        return self.scoped is None


ACTIVITIES, LIAISON, INTEL, TRAINING = (
    _("各種警察活動"),
    _("関係機関との連携"),
    _("実態把握"),
    _("職場教養"),
)

METRIC_LIST: tuple[Metric, ...] = (
    Metric(
        "activities",
        _("各種警察活動の件数"),
        _("件"),
        ACTIVITIES,
        approved_activities,
        condition=~Q(measure__code=ENFORCEMENT_CODE),
        scoped=_activities_of,
        uses_measure=True,
    ),
    Metric(
        "interpreter_visits",
        _("通訳人を帯同した巡回連絡"),
        _("件"),
        ACTIVITIES,
        approved_activities,
        condition=Q(measure__code="A01", interpreter_used=True),
        scoped=_activities_of,
    ),
    Metric(
        "foreign_participants",
        _("外国人参加者（延べ）"),
        _("人"),
        ACTIVITIES,
        approved_activities,
        value=Sum("participants_foreign"),
        scoped=_activities_of,
    ),
    Metric(
        "children_programmes",
        _("外国人児童等を対象とした活動"),
        _("件"),
        ACTIVITIES,
        approved_activities,
        condition=Q(participants_children__gt=0),
        scoped=_activities_of,
    ),
    Metric(
        "enforcement_cases",
        _("事件化件数（取締り）"),
        _("件"),
        ACTIVITIES,
        approved_activities,
        value=Sum("cases_built"),
        condition=Q(measure__code=ENFORCEMENT_CODE),
        scoped=_activities_of,
    ),
    Metric(
        "liaison_events",
        _("関係機関との会議・合同訓練・イベント"),
        _("件"),
        LIAISON,
        approved_liaison_records,
        condition=Q(kind__in=[LiaisonKind.MEETING, LiaisonKind.JOINT_DRILL, LiaisonKind.EVENT]),
        scoped=_liaison_of,
    ),
    Metric(
        "follow_ups_on_time",
        _("期限内に完了した今後の対応"),
        _("件"),
        LIAISON,
        follow_ups_of_approved,
        condition=Q(status=FollowUpStatus.DONE, completed_on__lte=F("due_date")),
        unit_field="record__owning_unit",
        scoped=_follow_ups_of,
    ),
    Metric(
        "intel_confirmed",
        _("本部が確認済とした実態把握"),
        _("件"),
        INTEL,
        countable_reports,
        condition=Q(analyst_status=AnalystStatus.CONFIRMED),
    ),
    Metric(
        "intel_signs",
        _("予兆の報告"),
        _("件"),
        INTEL,
        countable_reports,
        condition=Q(warning_sign=True),
    ),
    Metric(
        "intel_cases",
        _("実態把握からの事件化"),
        _("件"),
        INTEL,
        countable_reports,
        condition=Q(analyst_status=AnalystStatus.CASE_BUILT) | Q(outcome_activity__isnull=False),
    ),
    Metric(
        COVERAGE,
        _("職場教養の受講率（D区分の平均）"),
        "%",
        TRAINING,
        None,
        scoped=_sessions_of,
    ),
    Metric(
        "initiatives",
        _("公開した取組の共有"),
        _("件"),
        TRAINING,
        published_initiatives,
        scoped=_initiatives_of,
    ),
)

METRICS: dict[str, Metric] = {metric.key: metric for metric in METRIC_LIST}
METRIC_CHOICES = [(metric.key, metric.label) for metric in METRIC_LIST]


def condition_for(metric: Metric, measure_code: str = "") -> Q:
    """The metric's filter, narrowed to one 別表 item when the scheme asks for it."""
    if measure_code and metric.uses_measure:
        return metric.condition & Q(measure__code=measure_code)
    return metric.condition
