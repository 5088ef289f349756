"""Forms of commendations: the scheme with its metrics, and the recommendation (上申)."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commendations.models import Recommendation, Scheme, SchemeMetric
from gifu_taisaku.accounts.models import User
from gifu_taisaku.core.forms import FORMSET_LIMITS, JapaneseFormMixin, RecordForm
from gifu_taisaku.orgs.models import OrgUnit


class SchemeForm(JapaneseFormMixin, forms.ModelForm):
    """The year, its basis (暦年・年度) and a name; the metrics are the formset below it."""

    class Meta:
        model = Scheme
        fields = ["year", "basis", "title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"year": _("西暦で入力します（例：2025 = 令和7年）。")}


class SchemeMetricForm(JapaneseFormMixin, forms.ModelForm):
    class Meta:
        model = SchemeMetric
        fields = ["metric", "measure_code", "weight", "normalisation", "cap", "sort_order"]


SchemeMetricFormSet = inlineformset_factory(
    Scheme, SchemeMetric, form=SchemeMetricForm, extra=3, can_delete=True, **FORMSET_LIMITS
)


class RecommendationForm(RecordForm):
    """A 上申: for a station (賞状) or one of its officers (賞詞・賞誉・賞揚).

    The owning unit is the drafter's own HQ unit, set by the view, not chosen here.
    """

    class Meta(RecordForm.Meta):
        model = Recommendation
        fields = ["kind", "year", "station", "nominee", "title", "achievements"]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "achievements": _(
                "評価の根拠となった記録から下書きしています。必要に応じて直してください。"
            ),
            "nominee": _("個人の表彰（賞詞・賞誉・賞揚）のときに選びます。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = OrgUnit.objects.stations().order_by("sort_order", "code")
        self.fields["nominee"].queryset = (
            User.objects.filter(
                is_active=True, memberships__unit__kind__in=["station", "koban", "chuzaisho"]
            )
            .distinct()
            .order_by("username")
        )
