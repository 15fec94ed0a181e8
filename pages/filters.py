import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import LocalizedModelChoiceFilter
from core.widgets import FastSelect
from districts.models import Industry, Region, RegionKind
from indicators.models import Observation, Topic


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或别名"), method="search")
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("类型"),
        # 全国/上海市 are not Beijing's: never in the district filter.
        choices=[(v, label) for v, label in RegionKind.choices if v != RegionKind.CONTEXT],
        empty_label=_("全部类型"),
    )
    industry = LocalizedModelChoiceFilter(
        widget=FastSelect,
        label=_("特色产业"),
        empty_label=_("全部产业"),
        queryset=Industry.objects.order_by("slug"),
        to_field_name="slug",
        method="has_industry",
    )
    topic = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("有数据的主题"),
        choices=Topic.choices,
        method="has_topic",
        empty_label=_("全部主题"),
    )

    class Meta:
        model = Region
        fields = ["q", "kind", "industry", "topic"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def has_industry(self, queryset, name, value):
        return queryset.filter(featured_industries__industry=value).distinct()

    def has_topic(self, queryset, name, value):
        figures = Observation.objects.filter(region=OuterRef("pk"), indicator__topic=value)
        return queryset.filter(Exists(figures))
