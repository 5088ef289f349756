"""The activity list as Excel and CSV (/activities/export.xlsx, /activities/export.csv).

The columns are what HQ compiles for the annual figures. `intel_note` is deliberately
absent: what was learnt about a community belongs to intel's need-to-know custody.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from activities.filters import ActivityFilter
from activities.models import Activity, AudienceLanguage, AudienceNationality
from activities.selectors import activities_for_list
from gifu_taisaku.core.exports import Column, Kind, RecordExportView, Related

ACTIVITY_COLUMNS = (
    Column(_("ID"), "pk", Kind.INT, width=8),
    Column(_("実施日"), "date", Kind.DATE),
    Column(_("開始"), "start_time", Kind.TIME),
    Column(_("終了"), "end_time", Kind.TIME),
    Column(_("担当所属"), "owning_unit.name"),
    Column(_("推進方策コード"), "measure.code", width=8),
    Column(_("推進方策"), "measure.name", width=36),
    Column(_("件名"), "title", width=36),
    Column(_("市町村"), "municipality.name"),
    Column(_("場所"), "place_name", width=24),
    Column(_("参加者数"), "participants_total", Kind.INT),
    Column(_("うち外国人"), "participants_foreign", Kind.INT),
    Column(_("うち外国人児童等"), "participants_children", Kind.INT),
    Column(_("通訳人の帯同"), "interpreter_used", Kind.BOOL),
    Column(_("通訳の種別"), "interpreter_kind"),
    Column(_("通訳言語"), Related("interpreter_languages")),
    Column(
        _("参加者の言語"), Related("audience_languages", "language.name", count="count"), width=30
    ),
    Column(
        _("参加者の国籍・地域"),
        Related("audience_nationalities", "nationality.name", count="count"),
        width=30,
    ),
    # Figures kept only for their measure (A01, A07, A90); empty for the others.
    Column(_("訪問世帯数"), "households_visited", Kind.INT),
    Column(_("うち外国人世帯数"), "foreign_households", Kind.INT),
    Column(_("巡回連絡カード回収数"), "liaison_cards", Kind.INT),
    Column(_("合同パトロールの団体"), "patrol_group.name", width=24),
    Column(_("団体側の参加人数"), "patrol_participants", Kind.INT),
    Column(_("罪種"), "offence_type"),
    Column(_("事件化件数"), "cases_built", Kind.INT),
    Column(_("検挙人員"), "persons_arrested", Kind.INT),
    Column(_("適用法令"), "legal_basis", width=24),
    Column(_("実施概要"), "summary", width=60),
    Column(_("成果"), "outcome", width=40),
    Column(_("今後の対応"), "follow_up", width=40),
    Column(_("対応期限"), "follow_up_due", Kind.DATE),
    Column(_("状態"), "status"),
    Column(_("作成者"), "created_by"),
    Column(_("作成日時"), "created_at", Kind.DATETIME),
)


class ActivityExportView(RecordExportView):
    model = Activity
    filterset_class = ActivityFilter
    export_columns = ACTIVITY_COLUMNS

    def get_base_queryset(self):
        """The list's rows, with every related name fetched up front (no query per row).

        The export itself reads the columns with values_list() and the Related columns
        a chunk at a time (core.exports._Plan); the prefetches serve any other reader.
        """
        return (
            activities_for_list(self.request.user)
            .select_related("patrol_group")
            .prefetch_related(
                "interpreter_languages",
                Prefetch(
                    "audience_languages",
                    queryset=AudienceLanguage.objects.select_related("language"),
                ),
                Prefetch(
                    "audience_nationalities",
                    queryset=AudienceNationality.objects.select_related("nationality"),
                ),
            )
        )
