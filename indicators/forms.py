from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core.admin import ReasonForm
from indicators import services
from indicators.models import Observation
from indicators.units import Unit

_STATE_SALT = "bjdigital.figure-state"


class ObservationAdminForm(ReasonForm):
    """The editor's form for one figure. Its rules are the write path's (indicators/services.py):
    a broken hard rule is a field error; warnings are errors until "confirm" is ticked."""

    unit = forms.ChoiceField(
        label=_("单位"),
        choices=[("", "---------"), *Unit.choices],
        help_text=_("来源中这个数字的单位；必须与指标的单位一致。"),
    )
    confirm_warnings = forms.BooleanField(
        label=_("我已核对上面的提醒，仍要保存"),
        required=False,
    )
    # The figure as the editor opened it (signed): a save over someone else's later change is
    # refused and shown that change, instead of silently undoing it (optimistic locking).
    seen_state = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Observation
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("unit", self.instance.indicator.unit)
            # From the stored row, not the instance: restoring an old version from history
            # opens the form on that version, and what the editor overwrites is what is stored.
            stored = Observation.objects.filter(pk=self.instance.pk).first()
            if stored is not None:
                self.initial["seen_state"] = signing.dumps(
                    services.figure_state(stored), salt=_STATE_SALT
                )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            try:
                seen = signing.loads(cleaned.get("seen_state") or "", salt=_STATE_SALT)
            except signing.BadSignature:
                raise forms.ValidationError(
                    _("这个表单缺少打开时的版本信息；请重新打开这个数字再修改。")
                ) from None
            changed = services.changes_since(seen, self.instance.pk)
            if changed:
                lines = "; ".join(
                    f"{Observation._meta.get_field(name.removesuffix('_id')).verbose_name}: "
                    f"{old or '—'} → {new or '—'}"
                    for name, old, new in changed
                )
                raise forms.ValidationError(
                    _(
                        "你打开这个数字之后，另一位编辑修改并保存了它（%(changes)s）。"
                        "你的修改没有保存：请重新打开，在最新内容上再改。"
                    )
                    % {"changes": lines}
                )
        return cleaned

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
