from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.listing import CappedCountPaginator, related_filter
from districts.models import Brand, FeaturedIndustry, Industry, Region, Site

# Editors find a region by any of its names: 亦庄, E-Town and 经开区 all find yizhuang.
REGION_SEARCH = [
    "slug",
    "code",
    "name_zh",
    "name_en",
    "short_name_zh",
    "short_name_en",
    "aliases",
]


class BrandInline(admin.StackedInline):
    model = Brand
    extra = 0
    autocomplete_fields = ["source"]


class FeaturedIndustryInline(admin.TabularInline):
    model = FeaturedIndustry
    extra = 0
    # Autocomplete, not <select>s: on an industry's page each row would list every region.
    autocomplete_fields = ["region", "industry", "source"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = [
        "name_zh",
        "name_en",
        "kind",
        "placement",
        "reading",
        "source",
        "quote",
        "note",
        "note_en",
    ]
    autocomplete_fields = ["source"]
    show_change_link = True


# The lists stay fast with thousands of regions (bench/benchmark.py, "Admin pages"): regions and
# sources are chosen in a search box rather than listed (core/listing.py, related_filter), no
# facet counts, the region list's count capped, rows' related objects in the rows' query.


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "kind", "code", "slug", "parent", "order"]
    list_filter = ["kind", related_filter("parent", _("上级区域"))]
    list_select_related = ["parent"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = REGION_SEARCH
    autocomplete_fields = ["parent", "overlaps"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [BrandInline, FeaturedIndustryInline, SiteInline]


@admin.register(Industry)
class IndustryAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "slug"]
    list_filter = ["featured_in__role", related_filter("featured_in__region", _("区域"))]
    search_fields = ["slug", "name_zh", "name_en"]
    show_facets = admin.ShowFacets.NEVER
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [FeaturedIndustryInline]


@admin.register(Brand)
class BrandAdmin(HistoryAdmin):
    list_display = ["region", "text_zh", "text_en", "reading", "source"]
    list_filter = [
        related_filter("source", _("来源")),
        "region__kind",
        "reading",
        related_filter("region", _("区域")),
    ]
    list_select_related = ["region", "source"]
    show_facets = admin.ShowFacets.NEVER
    search_fields = ["text_zh", "text_en", "quote", *(f"region__{f}" for f in REGION_SEARCH)]
    autocomplete_fields = ["region", "source"]


@admin.register(FeaturedIndustry)
class FeaturedIndustryAdmin(HistoryAdmin):
    list_display = ["region", "industry", "role", "reading", "source"]
    list_filter = [
        "role",
        "reading",
        "industry",
        related_filter("source", _("来源")),
        related_filter("region", _("区域")),
    ]
    list_select_related = ["region", "industry", "source"]
    show_facets = admin.ShowFacets.NEVER
    search_fields = [
        "industry__name_zh",
        "industry__name_en",
        "quote",
        *(f"region__{f}" for f in REGION_SEARCH),
    ]
    autocomplete_fields = ["region", "industry", "source"]


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "region", "kind", "placement", "reading", "source"]
    list_filter = [
        "kind",
        "placement",
        "reading",
        related_filter("source", _("来源")),
        related_filter("region", _("区域")),
    ]
    list_select_related = ["region", "source"]
    show_facets = admin.ShowFacets.NEVER
    search_fields = [
        "slug",
        "name_zh",
        "name_en",
        "quote",
        *(f"region__{f}" for f in REGION_SEARCH),
    ]
    autocomplete_fields = ["region", "source"]
    prepopulated_fields = {"slug": ["name_en"]}
