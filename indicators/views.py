from collections import defaultdict

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core.listing import FilteredTableView
from core.paging import (
    TABLE_PARAMETERS,
    UNCACHED_TABLE_PARAMETERS,
    export_format,
    export_query,
    table_problems,
)
from core.parameters import accepts
from core.responses import bad_request
from core.streaming import dated_filename, filter_words
from districts.models import Region
from indicators.asof import parse_as_of
from indicators.downloads import figures_download
from indicators.filters import ObservationFilter
from indicators.models import Indicator, Observation, Topic
from indicators.selectors import (
    default_ranking_period,
    figures_by_indicator,
    indicator_ranking,
    ranking_chart,
    ranking_periods,
    representatives,
    series_chart,
)
from indicators.tables import LAZY_PAGES, ObservationTable


@accepts()
def indicator_list(request):
    # No per-indicator counts: with millions of figures they cost a scan of the whole table.
    # Topics in their own order (数字经济规模 first, as Topic lists them), not alphabetically.
    indicators = Indicator.objects.order_by("order", "slug")
    grouped = defaultdict(list)
    for indicator in indicators:
        grouped[indicator.topic].append(indicator)
    topics = [(topic.label, grouped[topic.value]) for topic in Topic if topic.value in grouped]
    return render(request, "indicators/indicator_list.html", {"topics": topics})


@accepts("as_of", "period", *TABLE_PARAMETERS, uncached=UNCACHED_TABLE_PARAMETERS)
def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator, slug=slug)
    as_of, problems = parse_as_of(request.GET)
    problems += table_problems(request.GET, ObservationTable, exclude=("indicator",))
    if problems:
        return bad_request(request, problems)
    periods = ranking_periods(indicator, as_of=as_of)
    wanted = request.GET.get("period", "").strip()
    if wanted:
        period = next((p for p in periods if p.key == wanted), None)
        if period is None:
            choices = "、".join(p.key for p in periods) or "—"
            return bad_request(
                request,
                [
                    _("这个指标没有时期“%(period)s”的各区数字。可选：%(choices)s")
                    % {"period": wanted, "choices": choices}
                ],
            )
    else:
        period = default_ranking_period(periods)
    ranked, mixes_bounds = (
        indicator_ranking(indicator, period, as_of=as_of) if period else ([], False)
    )
    download = export_format(request.GET)
    if download:
        # The ranking the page shows, for its period: bjdigital-indicator-<slug>-<period>-<day>.
        # (All its figures, the table below the ranking, are /data/'s download.)
        filename = dated_filename(
            download, "indicator", indicator.slug, period.key if period else "", as_of=as_of
        )
        return figures_download(request, ranked, download, filename, indicator.name)
    statements = Observation.objects.filter(indicator=indicator)
    if as_of:
        statements = statements.as_of(as_of)
    city_observations = statements.filter(
        region=Region.objects.city(), site__isnull=True
    ).with_related()
    city = figures_by_indicator(representatives(city_observations))
    city = city[0] if city else None
    table = ObservationTable(statements.with_related(), exclude=("indicator",))
    RequestConfig(request, paginate=LAZY_PAGES).configure(table)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "as_of": as_of,
            "periods": periods,
            "period": period,
            "ranked": ranked,
            "mixes_bounds": mixes_bounds,
            "ranking_chart": ranking_chart(f"ranking-{indicator.slug}", indicator, ranked)
            if len(ranked) >= 2
            else None,
            "city": city,
            "city_chart": series_chart(f"city-{indicator.slug}", indicator, city.series)
            if city and city.has_series
            else None,
            "table": table,
            "export_query": export_query(request),
            "data_export_query": data_query(indicator=indicator.slug, as_of=as_of),
        },
    )


def data_query(**filters) -> str:
    """/data/'s query for the same figures as a page's table (its download link)."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        if value:
            query[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return query.urlencode()


class DataView(FilteredTableView):
    """/data/: every observation, filterable, with ?_export=csv and ?_export=xlsx."""

    table_class = ObservationTable
    filterset_class = ObservationFilter
    template_name = "indicators/data.html"
    table_pagination = LAZY_PAGES
    export_name = "bjdigital-data"

    def get_queryset(self):
        return Observation.objects.with_related()

    def get_export_filename(self, export_format):
        # bjdigital-data-region-haidian-2026-11-21.csv: what the filters chose, and the day.
        return dated_filename(export_format, "data", *filter_words(self.filterset))
