"""Forms of the training app: a session with its attendance, an initiative post, coverage."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.forms import (
    JapaneseFormMixin,
    RecordForm,
    date_input,
    units_user_may_add_for,
)
from gifu_taisaku.core.scoping import scope_root, unit_filter
from gifu_taisaku.core.wareki import wareki_date, wareki_year
from gifu_taisaku.orgs.models import HQ_KINDS, Language, OrgUnit
from training.choices import YearBasis
from training.coverage import Period
from training.models import InitiativePost, TrainingSession
from training.selectors import (
    attendance_candidates,
    member_search,
    officers_of,
    training_measures,
    unit_members,
)

FIRST_YEAR = 2019  # the directive is in force since 令和元年9月2日


class AttendeesField(forms.ModelMultipleChoiceField):
    """Officers as ticks, named with their unit: "岐阜中 一郎（岐阜駅前交番）"."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        unit = getattr(obj, "unit_name", None)
        return f"{obj}（{unit}）" if unit else str(obj)


def attendee_choices(user, session: TrainingSession | None = None):
    """The officers `user` may tick: the members of their station(s), and anyone already
    recorded on `session` (an officer who has since moved stays on the record)."""
    keep = session.attendances.values("user") if session is not None and session.pk else None
    return attendance_candidates(units_user_may_add_for(user), keep=keep)


class TrainingSessionForm(RecordForm):
    """Create or edit a session. Attendance is ticked from the station's own officers."""

    all_members = forms.BooleanField(
        label=_("担当所属の所属員全員が出席した"),
        required=False,
        help_text=_(
            "チェックすると、下の一覧の選択にかかわらず、担当所属の所属員全員を出席者とします。"
        ),
    )

    class Meta(RecordForm.Meta):
        model = TrainingSession
        fields = [
            "owning_unit",
            "measure",
            "date",
            "duration_minutes",
            "topic",
            "instructor_kind",
            "instructor_name",
            "language",
            "summary",
            "attendees",
        ]
        field_classes = {"attendees": AttendeesField}
        widgets = {"date": date_input(), "summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "duration_minutes": _("例：90"),
            "instructor_name": _("部外講師・通訳人は所属も書いてください（例：○○国際交流協会 ○○）"),
            "language": _("特定の言語に関する教養・訓練のとき"),
            "attendees": _("出席した所属員にチェックしてください。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = training_measures()
        self.fields["language"].queryset = Language.objects.filter(is_active=True)
        self.fields["attendees"].queryset = attendee_choices(self.user, self.instance)
        self.fields["attendees"].required = False  # checked in clean(): "all members" counts
        if self.instance._state.adding:
            self.initial.setdefault("date", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("owning_unit")
        if unit is None:
            return cleaned
        if cleaned.get("all_members"):
            cleaned["attendees"] = list(unit_members(unit))
        attendees = cleaned.get("attendees")
        if "attendees" in self.errors:
            return cleaned
        if not attendees:
            self.add_error("attendees", _("出席者を1人以上選んでください。"))
        elif outsiders := self._outside_station(unit, attendees):
            names = "、".join(str(user) for user in outsiders)
            message = _("担当所属の警察署の所属員ではない人が含まれています：%(names)s")
            self.add_error("attendees", message % {"names": names})
        else:
            self._note_attendance_change(attendees)
        return cleaned

    def _note_attendance_change(self, attendees) -> None:
        """Attendance rows have no history of their own: the session's history row says
        who was added or removed, as its reason (simple-history keeps 100 characters)."""
        if not self.instance.pk:
            return
        before = {row.user for row in self.instance.attendances.select_related("user")}
        after = set(attendees)
        parts = []
        for label, users in ((_("追加"), after - before), (_("取消し"), before - after)):
            if users:
                parts.append(f"{label} {'、'.join(sorted(map(str, users)))}")
        if parts:
            reason = _("出席者の変更：%(changes)s") % {"changes": "／".join(parts)}
            self.instance._change_reason = Truncator(reason).chars(100)

    def _outside_station(self, unit: OrgUnit, attendees) -> list[User]:
        """Attendees who are neither officers of the unit's station nor already recorded."""
        allowed = set(officers_of(scope_root(unit).path).values_list("pk", flat=True))
        if self.instance.pk:
            allowed |= set(self.instance.attendances.values_list("user_id", flat=True))
        return [user for user in attendees if user.pk not in allowed]


class AttendeePickerForm(forms.Form):
    """The attendee ticks alone, narrowed by a search: the htmx partial of the session form.

    Ticked officers always stay in the list, so a search never drops a choice.
    """

    attendees = AttendeesField(label=_("出席者"), queryset=User.objects.none(), required=False)

    def __init__(self, *, user, query: str, selected: list[int]):
        super().__init__(initial={"attendees": selected})
        candidates = attendee_choices(user)
        if query.strip():
            candidates = candidates.filter(member_search(query) | Q(pk__in=selected))
        self.fields["attendees"].queryset = candidates


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{wareki_date(obj.date)} {obj.title}"


class InitiativePostForm(RecordForm):
    """Create or edit an initiative post; it may link activities its author can see."""

    class Meta(RecordForm.Meta):
        model = InitiativePost
        fields = ["owning_unit", "title", "content", "people", "result", "activities"]
        field_classes = {"activities": ActivityChoiceField}
        widgets = {
            "content": forms.Textarea(attrs={"rows": 6}),
            "result": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "activities": _("Ctrl キーを押しながら選ぶと複数選べます。"),
            "result": _("参加者の反応、件数の変化、関係機関からの評価など"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = Activity.objects.visible_to(self.user).order_by(
            "-date", "-pk"
        )


def year_choices() -> list[tuple[int, str]]:
    """2019 … next year, newest first: "2025（令和7）"."""
    last = timezone.localdate().year + 1
    return [
        (year, f"{year}（{wareki_year(year).removesuffix('年')}）")
        for year in range(last, FIRST_YEAR - 1, -1)
    ]


class CoverageForm(JapaneseFormMixin, forms.Form):
    """Which unit and which year (calendar or fiscal) the coverage page shows."""

    unit = forms.ModelChoiceField(label=_("所属"), queryset=OrgUnit.objects.none())
    year = forms.TypedChoiceField(label=_("年"), coerce=int, choices=year_choices)
    basis = forms.ChoiceField(
        label=_("集計の区切り"), choices=YearBasis.choices, initial=YearBasis.CALENDAR
    )

    def __init__(self, data, *, user):
        super().__init__(data or None)
        condition = unit_filter(user, "view", field="")
        units = OrgUnit.objects.active_on().exclude(kind__in=HQ_KINDS).order_by("path")
        self.fields["unit"].queryset = units if condition is None else units.filter(condition)

    def period(self) -> Period:
        return Period(self.cleaned_data["year"], self.cleaned_data["basis"])
