"""Public pages that combine regions, sources and figures."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core.listing import FilteredTableView
from core.paging import (
    EXPORT_PARAMETER,
    TABLE_PARAMETERS,
    UNCACHED_TABLE_PARAMETERS,
    download_address,
    export_format,
    export_problems,
    export_query,
    page_number,
    page_problems,
    table_problems,
)
from core.parameters import accepts
from core.responses import bad_request
from core.streaming import dated_filename, filter_words
from districts.models import Region
from indicators.asof import parse_as_of
from indicators.downloads import Missing, figures_download
from indicators.models import Observation, Topic
from indicators.tables import LAZY_PAGES, ObservationTable
from pages.filters import RegionFilter
from pages.forms import CompareForm
from pages.selectors import (
    MIN_COMPARED,
    choosable_regions,
    comparison,
    default_comparison,
    figure_coverage,
    overview,
    region_profile,
    regions_with_brands,
)
from pages.tables import RegionTable
from sources.models import Source


@accepts()
def home(request):
    return render(request, "pages/home.html", overview())


class RegionListView(FilteredTableView):
    table_class = RegionTable
    filterset_class = RegionFilter
    template_name = "pages/region_list.html"
    table_pagination = {"per_page": 25}
    export_name = "bjdigital-regions"
    uncached_filters = ("q",)  # free text: a page for every search would fill the cache

    def get_queryset(self):
        return regions_with_brands().order_by("order")

    def get_export_filename(self, export_format):
        # bjdigital-districts-kind-zone-2026-11-21.csv: what the filters chose, and the day.
        return dated_filename(export_format, "districts", *filter_words(self.filterset))


def profile_figures(profile) -> list:
    """The figures a profile shows, in its order: by topic each indicator's latest actual, its
    target and its earlier figures; then the figures of each site."""
    shown = []
    for _topic, figures in profile.topics:
        for fig in figures:
            earlier = [obs for obs in fig.series if obs != fig.latest_actual]
            shown += [o for o in (fig.latest_actual, fig.latest_target, *earlier) if o is not None]
    for _site, figures in profile.site_figures:
        for fig in figures:
            shown += fig.observations
    return shown


@accepts("as_of", EXPORT_PARAMETER)
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    as_of, problems = parse_as_of(request.GET)
    problems += export_problems(request.GET)
    if problems:
        return bad_request(request, problems)
    profile = region_profile(region, as_of)
    download = export_format(request.GET)
    if download:
        # bjdigital-haidian-2026-11-21.csv: the figures the profile shows.
        return figures_download(
            request,
            profile_figures(profile),
            download,
            dated_filename(download, region.slug, as_of=as_of),
            region.name,
        )
    return render(
        request,
        "pages/region_detail.html",
        {"profile": profile, "as_of": as_of, "export_query": export_query(request)},
    )


@accepts(
    "regions", "topic", "indicator", "common", "as_of", EXPORT_PARAMETER, repeatable=("regions",)
)
def compare(request):
    if problems := export_problems(request.GET):
        return bad_request(request, problems)
    form = CompareForm(request.GET)
    context = {"form": form, "all_regions": Region.objects.of_beijing().order_by("order")}
    if not form.is_valid():
        selected = request.GET.getlist("regions")
        context["selected_slugs"] = [
            s for v in selected for s in v.split(",")
        ] or default_comparison()
        return render(request, "pages/compare.html", context, status=400)
    regions = form.cleaned_data["regions"]
    as_of = form.cleaned_data["as_of"]
    context.update(
        comparison(
            regions,
            form.cleaned_data["topic"],
            form.cleaned_data["indicator"],
            as_of,
            only_common=form.cleaned_data["common"] == "1",
        )
    )
    context["as_of"] = as_of
    context["selected_slugs"] = [r.slug for r in regions]
    context["all_regions"] = choosable_regions(context["selected_slugs"], selected_regions=regions)
    context["common_on_query"], context["common_off_query"] = common_switch(request)
    context["can_remove"] = len(regions) > MIN_COMPARED
    # --- downloads (owner: downloads) ---
    download = export_format(request.GET)
    if download:
        return compare_download(request, context, download, form.cleaned_data)
    context["export_query"] = export_query(request)
    # --- end downloads ---
    return render(request, "pages/compare.html", context)


def compare_download(request, context, download: str, chosen: dict):
    """bjdigital-compare-haidian-chaoyang-yizhuang-2026-11-21.csv: the comparison's rows as the
    page shows them, each row's regions in the selection's order, 未披露 cells included."""
    regions = context["regions"]
    items = [
        cell if cell is not None else Missing(region, row.indicator)
        for row in context["rows"]
        for region, cell in zip(regions, row.cells, strict=True)
    ]
    filters = []
    if chosen.get("topic"):
        filters += ["topic", chosen["topic"]]
    if chosen.get("indicator"):
        filters += ["indicator", chosen["indicator"].slug]
    if chosen.get("common") == "1":  # only the indicators every selected region reports
        filters += ["common"]
    filename = dated_filename(
        download, "compare", *(r.slug for r in regions), *filters, as_of=chosen.get("as_of")
    )
    return figures_download(request, items, download, filename, _("比较各区"))


def common_switch(request) -> tuple[str, str]:
    """The comparison's query with ``common=1`` and without it (the switch's two links)."""
    query = request.GET.copy()
    query.pop("common", None)
    off = query.urlencode()
    query["common"] = "1"
    return query.urlencode(), off


@accepts()
def source_list(request):
    # No per-source counts here: with millions of figures they cost a scan of the whole table.
    sources = Source.objects.select_related("translation_of")
    return render(request, "pages/source_list.html", {"sources": sources})


@accepts(*TABLE_PARAMETERS, uncached=UNCACHED_TABLE_PARAMETERS)
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("translation_of"), slug=slug)
    problems = table_problems(request.GET, ObservationTable, exclude=("source",))
    if problems:
        return bad_request(request, problems)
    if export_format(request.GET):
        # One download of figures, /data/'s, filtered by this source.
        return redirect(
            download_address(request.GET, reverse("indicators:data"), source=source.slug)
        )
    table = ObservationTable(
        Observation.objects.filter(source=source).with_related(), exclude=("source",)
    )
    RequestConfig(request, paginate=LAZY_PAGES).configure(table)
    context = {
        "source": source,
        "cited_source": source,  # "How to cite" names the original source first
        "table": table,
        "brands": source.brands.select_related("region"),
        "featured": source.featured_industries.select_related("region", "industry"),
        "sites": source.sites.select_related("region"),
    }
    return render(request, "pages/source_detail.html", context)


def source_by_id(request, pk):
    """/sources/<id>/ with a number: the canonical address is the source's slug."""
    return redirect(get_object_or_404(Source, pk=pk), permanent=False)


@accepts("topic", "page")
def coverage(request):
    """/coverage/: regions × topics (and, with ?topic=, regions × that topic's indicators): how
    many figures the sources give and for which periods, a page of regions at a time (?page=,
    checked as on the site's tables: a whole number from 1 to MAX_PAGE; past the end, the last
    page)."""
    topic = request.GET.get("topic", "")
    problems = []
    if topic and topic not in Topic.values:
        problems.append(
            _("没有这个主题：%(topic)s。可选的主题：%(choices)s。")
            % {"topic": topic, "choices": "、".join(Topic.values)}
        )
    problems += page_problems(request.GET)
    if problems:
        return bad_request(request, problems)
    page = page_number(request.GET)
    return render(request, "pages/coverage.html", figure_coverage(topic, page))
