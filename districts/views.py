from django.shortcuts import get_object_or_404, render

from districts.models import Region


def region_list(request):
    regions = Region.objects.select_related("parent").order_by("order", "slug")
    return render(request, "districts/region_list.html", {"regions": regions})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "districts/region_detail.html", {"region": region})
