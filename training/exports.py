"""The session list as Excel and CSV (/training/export.xlsx, /training/export.csv)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.exports import Column, Kind, RecordExportView
from training.filters import TrainingSessionFilter
from training.models import Attendance, TrainingSession
from training.selectors import sessions_for_list


def attendee_names(session: TrainingSession) -> str:
    return "、".join(str(row.user) for row in session.attendances.all())


SESSION_COLUMNS = (
    Column(_("ID"), "pk", Kind.INT, width=8),
    Column(_("実施日"), "date", Kind.DATE),
    Column(_("担当所属"), "owning_unit.name"),
    Column(_("推進方策コード"), "measure.code", width=8),
    Column(_("推進方策"), "measure.name", width=36),
    Column(_("題目"), "topic", width=36),
    Column(_("時間（分）"), "duration_minutes", Kind.INT),
    Column(_("講師の区分"), "instructor_kind"),
    Column(_("講師名"), "instructor_name", width=24),
    Column(_("対象言語"), "language.name"),
    Column(_("出席者数"), "attendee_count", Kind.INT),
    Column(_("出席者"), attendee_names, width=60),
    Column(_("内容"), "summary", width=60),
    Column(_("状態"), "status"),
    Column(_("作成者"), "created_by"),
    Column(_("作成日時"), "created_at", Kind.DATETIME),
)


class TrainingSessionExportView(RecordExportView):
    model = TrainingSession
    filterset_class = TrainingSessionFilter
    export_columns = SESSION_COLUMNS

    def get_base_queryset(self):
        """The list's rows, with the attendees fetched up front (no query per row)."""
        attendances = Attendance.objects.select_related("user").order_by("user__username")
        return sessions_for_list(self.request.user).prefetch_related(
            Prefetch("attendances", queryset=attendances)
        )
