from django.contrib import admin
from django.db import models

from indicators.admin import ObservationInline
from sources.admin_base import HistoryAdmin
from sources.models import Source


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "publisher", "published", "language", "kind", "file_name"]
    list_filter = ["kind", "language", "publisher"]
    search_fields = ["slug", "title", "title_en", "publisher", "publisher_en", "file_name"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["translation_of"]
    date_hierarchy = "published"
    inlines = [ObservationInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
