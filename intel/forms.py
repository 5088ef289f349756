"""Forms of intel reports, their entities, grants, analysis and review."""

import datetime

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.forms import FORMSET_LIMITS, JapaneseFormMixin, RecordForm, date_input
from gifu_taisaku.orgs.models import Measure, OrgUnit
from intel.choices import AnalystStatus, EntityKind
from intel.models import Entity, IntelReport, ReportEntity


class IntelReportForm(RecordForm):
    class Meta(RecordForm.Meta):
        model = IntelReport
        fields = [
            "owning_unit",
            "measure",
            "information_date",
            "title",
            "summary",
            "details",
            "source_grade",
            "information_grade",
            "handling",
            "handling_condition",
            "secrecy",
            "warning_sign",
            "review_date",
        ]
        widgets = {
            "information_date": date_input(),
            "review_date": date_input(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "details": forms.Textarea(attrs={"rows": 8}),
            "source_grade": forms.RadioSelect,
            "information_grade": forms.RadioSelect,
            "handling": forms.RadioSelect,
            "secrecy": forms.RadioSelect,
        }
        help_texts = {
            "secrecy": _(
                "秘：作成者と所属の承認者、個別に閲覧権限を付与された者だけが閲覧できます。"
            ),
            "warning_sign": _(
                "犯罪組織の浸透の兆しがあるとき。本部の分析担当に直ちに通知されます。"
            ),
            "review_date": _("既定は1年後。見直しで確認しなかった報告は、保存期限に消去されます。"),
        }

    def __init__(self, *args, source_activity=None, source_liaison=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(
            is_active=True, code__startswith="C"
        )
        # Radio buttons need no blank choice (Django adds one for a field without a default,
        # shown as a pre-checked "選択してください" button); the field stays required.
        for name in ("source_grade", "information_grade"):
            self.fields[name].choices = self.fields[name].choices[1:]
        self.source_activity = source_activity
        self.source_liaison = source_liaison
        if self.instance._state.adding:
            source = source_activity or source_liaison
            self.initial.setdefault(
                "information_date", source.date if source else timezone.localdate()
            )

    def save(self, commit=True):
        report = super().save(commit=False)
        if report._state.adding:
            report.source_activity = self.source_activity
            report.source_liaison = self.source_liaison
        if commit:
            report.save()
            self.save_m2m()
        return report


class ReportEntityForm(JapaneseFormMixin, forms.ModelForm):
    """One mention: an existing entity, or a new one described in the same row."""

    new_kind = forms.ChoiceField(
        label=_("新規の種別"), choices=[("", "—"), *EntityKind.choices], required=False
    )
    new_name = forms.CharField(label=_("新規の名称・氏名"), max_length=120, required=False)

    class Meta:
        model = ReportEntity
        fields = ["entity", "new_kind", "new_name", "role", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].required = False
        self.fields["entity"].queryset = entities_known_to(user)

    def clean(self):
        data = super().clean()
        if data.get("entity") is not None:
            return data
        if not data.get("new_name"):
            self.add_error("entity", _("関係対象を選ぶか、新規の種別と名称を入力してください。"))
        elif not data.get("new_kind"):
            self.add_error("new_kind", _("新規の関係対象の種別を選んでください。"))
        else:
            # Without "entity" in cleaned_data, construct_instance leaves the new entity on
            # the instance (it would otherwise reset it to None), so the model's clean() sees
            # it: a person is checked here, next to the row, not only when saving.
            data.pop("entity", None)
            self.instance.entity = Entity(kind=data["new_kind"], name=data["new_name"])
        return data


def entities_known_to(user):
    """Entities of reports the user may read (others' entity names are content too)."""
    if user is None:
        return Entity.objects.none()
    readable = IntelReport.objects.visible_to(user).values("pk")
    return Entity.objects.filter(report_links__report__in=readable).distinct()


class BaseReportEntityFormSet(BaseInlineFormSet):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def save_new(self, form, commit=True):
        link = form.save(commit=False)
        if link.entity_id is None and link.entity is not None:
            entity = link.entity
            entity.full_clean()
            entity.save()
            link.entity = entity  # re-assign so that entity_id is set before validation
        link.report = self.instance
        link.full_clean()
        link.save()
        return link


ReportEntityFormSet = inlineformset_factory(
    IntelReport,
    ReportEntity,
    form=ReportEntityForm,
    formset=BaseReportEntityFormSet,
    extra=2,
    can_delete=True,
    **FORMSET_LIMITS,
)


class PurposeForm(forms.Form):
    """Why the user opens a 秘 report (kept in the audit trail)."""

    purpose = forms.CharField(label=_("閲覧の目的"), max_length=300)


class GrantForm(JapaneseFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("利用者"), queryset=User.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("所属"), queryset=OrgUnit.objects.none(), required=False)
    reason = forms.CharField(label=_("付与の理由"), max_length=300)
    expires_on = forms.DateField(label=_("有効期限（この日の終わりまで）"), widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["unit"].queryset = OrgUnit.objects.active_on().order_by("path")
        self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=30))

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("unit")):
            raise forms.ValidationError(_("利用者か所属のどちらか一方を選んでください。"))
        return data

    @property
    def expires_at(self) -> datetime.datetime:
        day = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AnalysisForm(JapaneseFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("分析状況"), choices=AnalystStatus.choices)
    outcome_activity = forms.IntegerField(
        label=_("事件化の結果（各種警察活動の管理番号）"),
        required=False,
        min_value=1,
        help_text=_("分析状況が「事件化」のとき、事件化を記録した活動の管理番号を入力します。"),
    )
    note = forms.CharField(
        label=_("分析メモ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    shareable = forms.BooleanField(label=_("メモを作成所属に共有する"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_outcome_activity(self):
        """The activity by its number, only among those the analyst may read."""
        number = self.cleaned_data["outcome_activity"]
        if number is None:
            return None
        activity = Activity.objects.visible_to(self.user).filter(pk=number).first()
        if activity is None:
            raise forms.ValidationError(
                _("管理番号 %(number)s の活動は見つかりません。"), params={"number": number}
            )
        return activity

    def clean(self):
        data = super().clean()
        if data.get("outcome_activity") and data.get("status") != AnalystStatus.CASE_BUILT:
            self.add_error(
                "outcome_activity", _("事件化の結果は、分析状況が「事件化」のときに入力します。")
            )
        return data


class DisseminationForm(forms.Form):
    recipient = forms.CharField(label=_("提供先機関"), max_length=120)
    content = forms.CharField(label=_("提供した内容"), widget=forms.Textarea(attrs={"rows": 3}))
    purpose = forms.CharField(label=_("提供の理由"), widget=forms.Textarea(attrs={"rows": 2}))
    shared_on = forms.DateField(label=_("提供日"), widget=date_input())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=200)
