from django.shortcuts import get_object_or_404, render

from districts.models import Industry


def industry_list(request):
    industries = Industry.objects.prefetch_related("featured_in__region").order_by("slug")
    return render(request, "districts/industry_list.html", {"industries": industries})


def industry_detail(request, slug):
    industry = get_object_or_404(Industry, slug=slug)
    featured = industry.featured_in.select_related("region", "source").order_by(
        "region__order", "role"
    )
    return render(
        request, "districts/industry_detail.html", {"industry": industry, "featured": featured}
    )
