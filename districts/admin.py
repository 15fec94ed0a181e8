from django.contrib import admin

from core.admin import HistoryAdmin
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
    autocomplete_fields = ["industry", "source"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name_zh", "name_en", "kind", "placement", "reading", "source", "quote", "note"]
    autocomplete_fields = ["source"]
    show_change_link = True


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "kind", "code", "slug", "parent", "order"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = REGION_SEARCH
    autocomplete_fields = ["parent", "overlaps"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [BrandInline, FeaturedIndustryInline, SiteInline]


@admin.register(Industry)
class IndustryAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "slug"]
    list_filter = ["featured_in__role", "featured_in__region"]
    search_fields = ["slug", "name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [FeaturedIndustryInline]


@admin.register(Brand)
class BrandAdmin(HistoryAdmin):
    list_display = ["region", "text_zh", "text_en", "reading", "source"]
    list_filter = ["source", "region__kind", "reading"]
    list_select_related = ["region", "source"]
    search_fields = ["text_zh", "text_en", "quote", *(f"region__{f}" for f in REGION_SEARCH)]
    autocomplete_fields = ["region", "source"]


@admin.register(FeaturedIndustry)
class FeaturedIndustryAdmin(HistoryAdmin):
    list_display = ["region", "industry", "role", "reading", "source"]
    list_filter = ["role", "reading", "industry", "source"]
    list_select_related = ["region", "industry", "source"]
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
    list_filter = ["kind", "placement", "reading", "region"]
    list_select_related = ["region", "source"]
    search_fields = [
        "slug",
        "name_zh",
        "name_en",
        "quote",
        *(f"region__{f}" for f in REGION_SEARCH),
    ]
    autocomplete_fields = ["region", "source"]
    prepopulated_fields = {"slug": ["name_en"]}
