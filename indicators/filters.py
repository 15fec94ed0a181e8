import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import LocalizedModelChoiceFilter
from core.widgets import FastSelect
from districts.forms import RegionField
from indicators.asof import AsOfField
from indicators.models import Indicator, Kind, Observation, Qualifier, Topic
from sources.models import Source


class RegionFilter(django_filters.Filter):
    """?region= takes a slug, code, name or alias; an unknown one is a form error."""

    field_class = RegionField

    def filter(self, qs, value):
        return qs.filter(region=value) if value is not None else qs


# Below this many figures, an as_of's sources are read through the source index (AsOfFilter).
FEW_FIGURES = 5000


class AsOfFilter(django_filters.Filter):
    """?as_of=YYYY-MM-DD: only statements of sources published by then (indicators/asof.py)."""

    field_class = AsOfField

    def filter(self, qs, value):
        if not value:
            return qs
        # When the sources known by then hold few figures (an early date), they are read from
        # the source index and sorted, instead of walking every newer figure newest first until
        # a page of old ones is found (seconds at a million figures). Two small queries decide:
        # the sources' ids, and whether they hold fewer than FEW_FIGURES figures (counted up to
        # that). Otherwise the walk finds a page soon, and stays the plan (docs/performance.md).
        known = list(Source.objects.filter(published__lte=value).values_list("pk", flat=True))
        few = Observation.objects.filter(source__in=known).order_by()[:FEW_FIGURES].count()
        return qs.filter(source__in=known) if few < FEW_FIGURES else qs.as_of(value)


class ObservationFilter(django_filters.FilterSet):
    region = RegionFilter(label=_("区域"))
    indicator = LocalizedModelChoiceFilter(
        widget=FastSelect,
        label=_("指标"),
        empty_label=_("全部指标"),
        queryset=Indicator.objects.order_by("topic", "order"),
        to_field_name="slug",
    )
    topic = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("主题"),
        choices=Topic.choices,
        field_name="indicator__topic",
        empty_label=_("全部主题"),
    )
    year = django_filters.NumberFilter(
        label=_("年份"), method="in_year", min_value=1900, max_value=2100, decimal_places=0
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("性质"), choices=Kind.choices, empty_label=_("全部性质")
    )
    qualifier = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("限定"), choices=Qualifier.choices, empty_label=_("全部限定")
    )
    as_of = AsOfFilter(label=_("截至日期"))
    source = LocalizedModelChoiceFilter(
        widget=FastSelect,
        label=_("来源"),
        empty_label=_("全部来源"),
        queryset=Source.objects.order_by("published"),
        to_field_name="slug",
        option_label="choice_label",
    )

    class Meta:
        model = Observation
        fields = ["region", "indicator", "topic", "year", "kind", "qualifier", "source", "as_of"]

    def in_year(self, queryset, name, value):
        """Figures whose period touches the year: 2023 finds 2023年1-11月 and 截至2023年11月末."""
        year = int(value)
        return queryset.filter(Q(period_start__year__lte=year) & Q(period_end__year__gte=year))
