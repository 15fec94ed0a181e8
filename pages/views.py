"""Public pages that combine regions, sources and figures."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django_tables2 import RequestConfig

from core.listing import FilteredTableView
from core.paging import (
    TABLE_PARAMETERS,
    UNCACHED_TABLE_PARAMETERS,
    download_address,
    export_format,
    table_problems,
)
from core.parameters import accepts
from core.responses import bad_request
from districts.models import Region
from indicators.asof import parse_as_of
from indicators.models import Observation
from indicators.tables import LAZY_PAGES, ObservationTable
from pages.filters import RegionFilter
from pages.forms import CompareForm
from pages.selectors import (
    MIN_COMPARED,
    choosable_regions,
    comparison,
    default_comparison,
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


@accepts("as_of")
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    as_of, problems = parse_as_of(request.GET)
    if problems:
        return bad_request(request, problems)
    return render(
        request,
        "pages/region_detail.html",
        {"profile": region_profile(region, as_of), "as_of": as_of},
    )


@accepts("regions", "topic", "indicator", "as_of", repeatable=("regions",))
def compare(request):
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
        comparison(regions, form.cleaned_data["topic"], form.cleaned_data["indicator"], as_of)
    )
    context["as_of"] = as_of
    context["selected_slugs"] = [r.slug for r in regions]
    context["all_regions"] = choosable_regions(context["selected_slugs"])
    context["can_remove"] = len(regions) > MIN_COMPARED
    return render(request, "pages/compare.html", context)


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
        "table": table,
        "brands": source.brands.select_related("region"),
        "featured": source.featured_industries.select_related("region", "industry"),
        "sites": source.sites.select_related("region"),
    }
    return render(request, "pages/source_detail.html", context)


def source_by_id(request, pk):
    """/sources/<id>/ with a number: the canonical address is the source's slug."""
    return redirect(get_object_or_404(Source, pk=pk), permanent=False)
