from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from core.admin import HistoryAdmin
from districts.admin import REGION_SEARCH
from indicators import services
from indicators.forms import ObservationAdminForm
from indicators.models import Indicator, Observation
from indicators.resources import ObservationResource
from indicators.tables import ObservationTable

OBSERVATION_FIELDS = [
    "indicator",
    "region",
    "site",
    "value",
    "unit",
    "qualifier",
    "kind",
    "granularity",
    "period_start",
    "period_end",
    "source",
    "quote",
    "note",
    "confirm_warnings",
    "change_reason",
    "seen_state",
]


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ["name_zh", "name_en", "unit", "topic", "nature", "value_type", "slug"]
    list_filter = ["topic", "nature", "value_type", "unit"]
    search_fields = ["slug", "name_zh", "name_en", "definition_zh", "definition_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class SpreadsheetImportForm(ImportForm):
    """The upload step: a file that is too large is refused before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件有 %(size).1f MB,超过上限 %(max).1f MB;请分成几个文件导入。")
                % {"size": upload.size / 1e6, "max": settings.IMPORT_MAX_BYTES / 1e6}
            )
        return upload


@admin.register(Observation)
class ObservationAdmin(ImportMixin, HistoryAdmin):
    form = ObservationAdminForm
    resource_classes = [ObservationResource]
    import_form_class = SpreadsheetImportForm
    formats = [CSV, XLSX]
    import_template_name = "admin/indicators/observation/import.html"
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

    def save_model(self, request, obj, form, change):
        """The form has applied every rule; the write itself goes through the one write path."""
        services.save_figure(
            obj,
            unit=form.cleaned_data["unit"],
            confirmed=form.cleaned_data.get("confirm_warnings", False),
            reason=form.cleaned_data.get("change_reason") or "",
            user=request.user,
        )

    def get_import_data_kwargs(self, **kwargs):
        # Nothing half-applied: a row that fails validation rolls the whole import back.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_urls(self):
        extra = [
            path(
                "import-template.<str:fmt>",
                self.admin_site.admin_view(self.import_template),
                name="indicators_observation_import_template",
            )
        ]
        return extra + super().get_urls()

    def import_template(self, request, fmt):
        """The download's columns with one real figure as an example row."""
        if fmt not in {"csv", "xlsx"}:
            return HttpResponse(status=404)
        example = Observation.objects.with_related().filter(
            indicator__slug="core-industries-revenue", region__slug="haidian"
        )
        with translation.override("en"):
            table = ObservationTable(list(example[:1]))
            exporter = TableExport(fmt, table)
            return exporter.response(filename=f"bjdigital-import-template.{fmt}")
