from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LocalizedModelChoiceField
from core.widgets import FastSelect
from districts.models import Region
from indicators.asof import AsOfField
from indicators.models import Indicator, Topic
from pages.selectors import MAX_COMPARED, MIN_COMPARED, default_comparison


class CompareForm(forms.Form):
    """?regions=haidian,chaoyang,yizhuang&topic=ai&indicator=5g-base-stations

    ``regions`` also arrives as repeated checkbox values (?regions=haidian&regions=chaoyang) from
    the form on the page; both spellings mean the same selection.
    """

    regions = forms.CharField(required=False)
    topic = forms.ChoiceField(
        label=_("主题"),
        choices=[("", _("全部主题")), *Topic.choices],
        required=False,
        widget=FastSelect,
    )
    indicator = LocalizedModelChoiceField(
        label=_("指标"),
        queryset=Indicator.objects.order_by("topic", "order"),
        to_field_name="slug",
        required=False,
        empty_label=_("全部指标"),
        widget=FastSelect,
    )

    # ?common=1: only the indicators every selected region reports. A checkbox on the page; any
    # other value is a form error (400), so the page cache keeps one entry per meaning.
    common = forms.ChoiceField(
        label=_("只看所选地区都有数字的指标"),
        choices=[("", ""), ("1", "1")],
        required=False,
        error_messages={"invalid_choice": _("参数 common 只能是 1 或留空。")},
    )

    as_of = AsOfField()

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = data.copy()
            slugs = [part.strip() for value in data.getlist("regions") for part in value.split(",")]
            data["regions"] = ",".join(s for s in slugs if s)
        super().__init__(data, **kwargs)

    def clean_regions(self):
        raw = self.cleaned_data.get("regions") or ""
        slugs = []
        for slug in (s.strip().lower() for s in raw.split(",")):
            if slug and slug not in slugs:
                slugs.append(slug)
        if not slugs:
            slugs = default_comparison()
        regions = {
            r.slug: r for r in Region.objects.filter(slug__in=slugs).prefetch_related("overlaps")
        }
        unknown = [s for s in slugs if s not in regions]
        if unknown:
            raise forms.ValidationError(
                _("没有这些区域：%(slugs)s。请从下面的列表中选择。") % {"slugs": ", ".join(unknown)}
            )
        if len(slugs) < MIN_COMPARED:
            raise forms.ValidationError(
                _("请至少选择 %(n)d 个区域进行比较。") % {"n": MIN_COMPARED}
            )
        if len(slugs) > MAX_COMPARED:
            raise forms.ValidationError(
                _("最多比较 %(n)d 个区域，你选择了 %(count)d 个。")
                % {"n": MAX_COMPARED, "count": len(slugs)}
            )
        return [regions[s] for s in slugs]
