from django.shortcuts import get_object_or_404, redirect, render
from django_tables2 import RequestConfig

from indicators.models import Observation
from indicators.tables import LAZY_PAGES, ObservationTable
from sources.models import Source


def source_list(request):
    # No per-source counts here: with millions of figures they cost a scan of the whole table.
    sources = Source.objects.select_related("translation_of")
    return render(request, "sources/source_list.html", {"sources": sources})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("translation_of"), slug=slug)
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
    return render(request, "sources/source_detail.html", context)


def source_by_id(request, pk):
    """/sources/<id>/ with a number: the canonical address is the source's slug."""
    return redirect(get_object_or_404(Source, pk=pk), permanent=False)
