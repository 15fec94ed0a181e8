from django import forms
from django.utils.translation import gettext_lazy as _

from core.admin import ReasonForm
from indicators import services
from indicators.models import Observation
from indicators.units import Unit


class ObservationAdminForm(ReasonForm):
    """The editor's form for one figure. Its rules are the write path's (indicators/services.py):
    a broken hard rule is a field error; warnings are errors until "confirm" is ticked."""

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

    def _post_clean(self):
        super()._post_clean()  # builds the instance and runs the model's own validation
        if self.errors:
            return
        try:
            warnings = services.check_figure(self.instance, unit=self.cleaned_data.get("unit"))
        except forms.ValidationError as exc:
            self._update_errors(exc)
            return
        if warnings and not self.cleaned_data.get("confirm_warnings"):
            for warning in warnings:
                self.add_error("confirm_warnings", warning)
