"""?as_of=YYYY-MM-DD: the site as it would have been known on a date (SDMX's asOf).

Only statements of sources published by then count; the rule for which statement is shown
(indicators/selectors.py) is applied to them. Profiles, the comparison, indicator pages and
/data/ with its downloads accept it.
"""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1949, 10, 1)


class AsOfField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("截至日期（按当时已知的来源）"))
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault(
            "error_messages", {"invalid": _("as_of 应写成 YYYY-MM-DD，例如 2024-01-01。")}
        )
        super().__init__(**kwargs)

    def clean(self, value):
        day = super().clean(value)
        if day is not None and day < EARLIEST:
            raise forms.ValidationError(
                _("as_of 不能早于 %(day)s。") % {"day": EARLIEST.isoformat()}
            )
        return day


class AsOfForm(forms.Form):
    as_of = AsOfField()


def parse_as_of(params) -> tuple[dt.date | None, list[str]]:
    """(the date or None, the problems to show with a 400) from a query dict."""
    form = AsOfForm(params)
    if form.is_valid():
        return form.cleaned_data["as_of"], []
    return None, [str(e) for errors in form.errors.values() for e in errors]
