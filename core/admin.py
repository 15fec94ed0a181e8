"""What every admin page for the data shares: history with a reason for each change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.exports import has_control_characters


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("修改原因"),
        required=False,
        max_length=100,
        help_text=_("可选：为什么这样改（如“据2026年报告更正”）。记入修改历史。"),
    )

    def clean(self):
        """No text field may hold control characters (invisible, and fatal to XLSX downloads)."""
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and has_control_characters(value):
                self.add_error(
                    name, _("含有控制字符（如从别处粘贴带来的不可见字符）；请删除后再保存。")
                )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """Every save is recorded by django-simple-history: who, when, what, and the optional reason.

    The object's “history” page lists the versions and can restore an earlier one.
    """

    form = ReasonForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or ""
        super().save_model(request, obj, form, change)
