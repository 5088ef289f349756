"""The intel list as Excel and CSV: what the list shows, never the details.

Only reports the user may read are exported (the same scope and filters as the list),
and the export itself is an audit event (core.exports.RecordExportView).
"""

from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.reauth import recent_auth_response
from gifu_taisaku.core.exports import Column, Kind, RecordExportView
from intel.filters import IntelReportFilter
from intel.models import IntelReport
from intel.selectors import reports_for_list

INTEL_COLUMNS = (
    Column(_("番号"), "pk", Kind.INT, width=8),
    Column(_("情報の日付"), "information_date", Kind.DATE),
    Column(_("区分コード"), "measure.code", width=8),
    Column(_("区分"), "measure.name", width=30),
    Column(_("件名"), "title", width=36),
    Column(_("保秘区分"), "secrecy"),
    Column(_("予兆"), "warning_sign", Kind.BOOL),
    Column(_("情報源の評価"), "source_grade"),
    Column(_("情報の評価"), "information_grade"),
    Column(_("担当所属"), "owning_unit.name"),
    Column(_("状態"), "status"),
    Column(_("分析状況"), "analyst_status"),
    Column(_("見直し期日"), "review_date", Kind.DATE),
    Column(_("保存期限"), "retention_until", Kind.DATE),
)


class IntelExportView(RecordExportView):
    model = IntelReport
    filterset_class = IntelReportFilter
    export_columns = INTEL_COLUMNS

    def get_base_queryset(self):
        return reports_for_list(self.request.user)

    def get(self, request, *args, **kwargs):
        # After the permission check in dispatch: exporting intel needs a recent password.
        return recent_auth_response(request) or super().get(request, *args, **kwargs)
