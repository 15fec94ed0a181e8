"""Form pieces for naming a region the way readers and editors do."""

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from districts.models import AmbiguousRegionName, Region


def ambiguity_message(exc: AmbiguousRegionName) -> str:
    """“朝阳区” names several regions: which one? (each with its parent and slug)"""
    choices = "、".join(
        f"{r.parent.name_zh if r.parent_id else ''}{r.name_zh}({r.slug})" for r in exc.regions
    )
    return _gettext("“%(name)s”对应多个区域:%(choices)s。请写明是哪一个(用括号里的标识)。") % {
        "name": exc.text,
        "choices": choices,
    }


class RegionField(forms.CharField):
    """A region typed by slug, code, name or alias (海淀, haidian, 亦庄, E-Town).

    A text field rather than a <select>: with every county of China loaded a select would carry
    thousands of options on every page that filters by region.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("如 海淀、亦庄、haidian")})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            region = Region.objects.named(text)
        except AmbiguousRegionName as exc:
            raise forms.ValidationError(ambiguity_message(exc)) from exc
        if region is None:
            raise forms.ValidationError(_("没有叫“%(name)s”的区域。") % {"name": text})
        return region
