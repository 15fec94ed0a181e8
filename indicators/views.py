from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from core.listing import FilteredTableView
from districts.models import Region
from indicators.filters import ObservationFilter
from indicators.models import Indicator, Observation
from indicators.selectors import (
    figures_by_indicator,
    indicator_ranking,
    ranking_chart,
    representatives,
    series_chart,
)
from indicators.tables import LAZY_PAGES, ObservationTable


def indicator_list(request):
    # No per-indicator counts: with millions of figures they cost a scan of the whole table.
    indicators = Indicator.objects.order_by("topic", "order")
    topics = {}
    for indicator in indicators:
        topics.setdefault(indicator.get_topic_display(), []).append(indicator)
    return render(request, "indicators/indicator_list.html", {"topics": topics.items()})


def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    ranked, mixes_bounds, ranked_total = indicator_ranking(indicator)
    city_observations = Observation.objects.filter(
        indicator=indicator, region=Region.objects.city(), site__isnull=True
    ).with_related()
    city = figures_by_indicator(representatives(city_observations))
    city = city[0] if city else None
    table = ObservationTable(
        Observation.objects.filter(indicator=indicator).with_related(), exclude=("indicator",)
    )
    RequestConfig(request, paginate=LAZY_PAGES).configure(table)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "ranked": ranked,
            "mixes_bounds": mixes_bounds,
            "ranked_total": ranked_total,
            "ranking_chart": ranking_chart("ranking", indicator, ranked)
            if len(ranked) >= 2
            else None,
            "city": city,
            "city_chart": series_chart("city-series", indicator, city.series)
            if city and city.has_series
            else None,
            "table": table,
        },
    )


class DataView(FilteredTableView):
    """/data/: every observation, filterable, with ?_export=csv and ?_export=xlsx."""

    table_class = ObservationTable
    filterset_class = ObservationFilter
    template_name = "indicators/data.html"
    table_pagination = LAZY_PAGES
    export_name = "bjdigital-data"

    def get_queryset(self):
        return Observation.objects.with_related()
