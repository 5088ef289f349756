"""The liaison list and the contact list as Excel and CSV.

Personal data of contacts (names, titles, phone numbers, e-mail) is written only when
the user ticks 「担当者の氏名等（個人情報）を含める」 (`?personal_data=1`); the audit event
of the export says whether it was. `intel_note` is never exported: what was learnt about
a community belongs to intel's need-to-know custody.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.reauth import recent_auth_response
from gifu_taisaku.core.exports import Column, Kind, RecordExportView
from liaison.choices import Direction, FollowUpStatus
from liaison.filters import ContactFilter, LiaisonRecordFilter
from liaison.models import Contact, InformationItem, LiaisonRecord
from liaison.selectors import contacts_for_list, liaison_records_for_list, visible_contacts

PERSONAL_DATA_PARAMETER = "personal_data"


def names(relation: str):
    """A column accessor listing the names (str) of a prefetched many-to-many relation."""
    return lambda row: "、".join(str(item) for item in getattr(row, relation).all())


def information(direction: str):
    def read(record) -> str:
        items = [item for item in record.information.all() if item.direction == direction]
        return "\n".join(
            f"{item.content}（{item.organisation.name}）" if item.organisation else item.content
            for item in items
        )

    return read


def follow_ups(record) -> str:
    """One line per follow-up: ・講習会の日程調整（期限 2025-07-01・対応中）."""
    return "\n".join(
        f"・{f.description}（期限 {f.due_date:%Y-%m-%d}・{f.get_status_display()}）"
        for f in record.follow_ups.all()
    )


def pending_follow_ups(record) -> int:
    return sum(1 for f in record.follow_ups.all() if f.status != FollowUpStatus.DONE)


def contact_names(record) -> str:
    return "、".join(
        f"{c.name}（{c.organisation.name}{'・' + c.title if c.title else ''}）"
        for c in record.contacts.all()
    )


# The personal-data column (先方の担当者) goes between these two parts when asked for.
LIAISON_HEAD_COLUMNS = (
    Column(_("ID"), "pk", Kind.INT, width=8),
    Column(_("実施日"), "date", Kind.DATE),
    Column(_("担当所属"), "owning_unit.name"),
    Column(_("推進方策コード"), "measure.code", width=8),
    Column(_("推進方策"), "measure.name", width=36),
    Column(_("連携の種別"), "kind"),
    Column(_("件名"), "title", width=36),
    Column(_("場所"), "place_name", width=24),
    Column(_("関係機関・団体"), names("organisations"), width=40),
)
LIAISON_TAIL_COLUMNS = (
    Column(_("当方の出席者"), names("participants"), width=24),
    Column(_("概要"), "summary", width=60),
    Column(_("先方から受領した情報"), information(Direction.RECEIVED), width=40),
    Column(_("当方から提供した情報"), information(Direction.PROVIDED), width=40),
    Column(_("今後の対応"), follow_ups, width=50),
    Column(_("未完了の対応"), pending_follow_ups, Kind.INT),
    Column(_("情報入手あり"), "intel_obtained", Kind.BOOL),
    Column(_("状態"), "status"),
    Column(_("作成者"), "created_by"),
    Column(_("作成日時"), "created_at", Kind.DATETIME),
)
LIAISON_COLUMNS = (*LIAISON_HEAD_COLUMNS, *LIAISON_TAIL_COLUMNS)
CONTACTS_COLUMN = Column(_("先方の担当者"), contact_names, width=40)


class PersonalDataExportMixin:
    """`?personal_data=1` adds the personal columns; the audit event records the choice."""

    def includes_personal_data(self) -> bool:
        return self.request.GET.get(PERSONAL_DATA_PARAMETER) == "1"

    def get_audit_detail(self) -> dict:
        return {"personal_data": self.includes_personal_data()}


class LiaisonExportView(PersonalDataExportMixin, RecordExportView):
    model = LiaisonRecord
    filterset_class = LiaisonRecordFilter

    def get_export_columns(self):
        if not self.includes_personal_data():
            return LIAISON_COLUMNS
        return (*LIAISON_HEAD_COLUMNS, CONTACTS_COLUMN, *LIAISON_TAIL_COLUMNS)

    def get_base_queryset(self):
        """The list's rows with every related name fetched up front (no query per row)."""
        related = [
            "participants",
            "follow_ups",
            Prefetch(
                "information", queryset=InformationItem.objects.select_related("organisation")
            ),
        ]
        if self.includes_personal_data():
            related.append(Prefetch("contacts", queryset=visible_contacts(self.request.user)))
        return liaison_records_for_list(self.request.user).prefetch_related(*related)


CONTACT_COLUMNS = (
    Column(_("ID"), "pk", Kind.INT, width=8),
    Column(_("関係機関・団体"), "organisation.name", width=36),
    Column(_("団体の種別"), "organisation.kind"),
    Column(_("担当所属"), "owning_unit.name"),
    Column(_("対応できる言語"), names("languages"), width=24),
    Column(_("現任"), "is_active", Kind.BOOL),
)
CONTACT_PERSONAL_COLUMNS = (
    Column(_("氏名"), "name"),
    Column(_("役職"), "title"),
    Column(_("電話番号"), "phone", width=16),
    Column(_("メールアドレス"), "email", width=30),
    Column(_("備考"), "notes", width=40),
)


class ContactExportView(PersonalDataExportMixin, RecordExportView):
    model = Contact
    filterset_class = ContactFilter
    filename_prefix = "liaison-contacts"
    list_url_name = "liaison:contact_list"

    def get(self, request, *args, **kwargs):
        # Exporting contacts (personal data) asks for the password again; the role and
        # scope checks in dispatch() have already run, so others still get 403.
        return recent_auth_response(request) or super().get(request, *args, **kwargs)

    def get_export_columns(self):
        if self.includes_personal_data():
            return (*CONTACT_COLUMNS[:2], *CONTACT_PERSONAL_COLUMNS, *CONTACT_COLUMNS[2:])
        return CONTACT_COLUMNS

    def get_base_queryset(self):
        return contacts_for_list(self.request.user)
