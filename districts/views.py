from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from districts.filters import RegionFilter
from districts.forms import CompareForm
from districts.listing import FilteredTableView
from districts.models import Industry, Region
from districts.selectors import (
    DEFAULT_COMPARISON,
    choosable_regions,
    comparison,
    overview,
    region_profile,
    regions_with_brands,
)
from districts.tables import RegionTable


def home(request):
    return render(request, "districts/home.html", overview())


class RegionListView(FilteredTableView):
    table_class = RegionTable
    filterset_class = RegionFilter
    template_name = "districts/region_list.html"
    table_pagination = {"per_page": 25}
    export_name = "bjdigital-regions"

    def get_queryset(self):
        return regions_with_brands().order_by("order")


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "districts/region_detail.html", {"profile": region_profile(region)})


def compare(request):
    form = CompareForm(request.GET)
    all_regions = Region.objects.order_by("order")
    context = {"form": form, "all_regions": all_regions}
    if not form.is_valid():
        selected = request.GET.getlist("regions")
        context["selected_slugs"] = [
            s for v in selected for s in v.split(",")
        ] or DEFAULT_COMPARISON
        return render(request, "districts/compare.html", context, status=400)
    regions = form.cleaned_data["regions"]
    context.update(comparison(regions, form.cleaned_data["topic"], form.cleaned_data["indicator"]))
    context["selected_slugs"] = [r.slug for r in regions]
    context["all_regions"] = choosable_regions(context["selected_slugs"])
    context["can_add"] = len(regions) < 8
    context["can_remove"] = len(regions) > 2
    return render(request, "districts/compare.html", context)


def industry_list(request):
    industries = Industry.objects.prefetch_related("featured_in__region").order_by("slug")
    return render(request, "districts/industry_list.html", {"industries": industries})


def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    featured = industry.featured_in.select_related("region", "source").order_by(
        "region__order", "role"
    )
    return render(
        request,
        "districts/industry_detail.html",
        {"industry": industry, "featured": featured, "title": _("产业")},
    )
