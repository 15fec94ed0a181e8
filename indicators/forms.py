from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Observation
from indicators.units import Unit
from indicators.validation import observation_warnings
from sources.admin_base import ReasonForm


class ObservationAdminForm(ReasonForm):
    """The editor's form for one figure: hard rules stop the save; warnings ask to be confirmed."""

    unit = forms.ChoiceField(
        label=_("单位"),
        choices=[("", "---------"), *Unit.choices],
        help_text=_("来源中这个数字的单位;必须与指标的单位一致。"),
    )
    confirm_warnings = forms.BooleanField(
        label=_("我已核对上面的提醒,仍要保存"),
        required=False,
    )

    class Meta:
        model = Observation
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("unit", self.instance.indicator.unit)

    def clean(self):
        cleaned = super().clean()
        indicator, unit = cleaned.get("indicator"), cleaned.get("unit")
        if indicator and unit and unit != indicator.unit:
            self.add_error(
                "unit",
                _("单位“%(unit)s”与指标“%(indicator)s”的单位“%(expected)s”不一致。")
                % {"unit": unit, "indicator": indicator.name_zh, "expected": indicator.unit},
            )
        if self.errors:
            return cleaned
        warnings = observation_warnings(
            value=cleaned.get("value"),
            unit=unit,
            kind=cleaned.get("kind"),
            period_end=cleaned.get("period_end"),
            source=cleaned.get("source"),
            quote=cleaned.get("quote"),
        )
        if warnings and not cleaned.get("confirm_warnings"):
            for warning in warnings:
                self.add_error("confirm_warnings", warning)
        return cleaned
