from django.contrib import admin

from districts.admin import REGION_SEARCH
from indicators.models import Indicator, Observation

OBSERVATION_FIELDS = [
    "indicator",
    "region",
    "site",
    "value",
    "qualifier",
    "kind",
    "granularity",
    "period_start",
    "period_end",
    "source",
    "quote",
    "note",
]


class ObservationInline(admin.StackedInline):
    """A source's figures, edited where the editor reads them: on the source."""

    model = Observation
    extra = 0
    fields = OBSERVATION_FIELDS
    autocomplete_fields = ["indicator", "region", "site"]
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "unit", "topic", "nature", "value_type", "slug"]
    list_filter = ["topic", "nature", "value_type", "unit"]
    search_fields = ["slug", "name_zh", "name_en", "definition_zh", "definition_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "region",
        "site",
        "value",
        "qualifier",
        "kind",
        "period_start",
        "period_end",
        "source",
    ]
    list_filter = ["kind", "qualifier", "granularity", "indicator__topic", "source", "region"]
    list_select_related = ["indicator", "region", "site", "source"]
    search_fields = [
        "indicator__name_zh",
        "indicator__name_en",
        "indicator__slug",
        "quote",
        "note",
        "site__name_zh",
        *(f"region__{f}" for f in REGION_SEARCH),
    ]
    autocomplete_fields = ["indicator", "region", "site", "source"]
    fields = OBSERVATION_FIELDS
    date_hierarchy = "period_end"
