from functools import reduce
from operator import or_

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_tables2.export import TableExport
from import_export.admin import ImportMixin
from import_export.forms import ImportForm

from core.admin import HistoryAdmin
from core.listing import (
    CappedCountPaginator,
    OfferedSortsChangeList,
    related_filter,
    year_filter,
)
from districts.admin import REGION_SEARCH
from districts.models import Region, Site
from indicators import import_previews, services
from indicators.forms import ObservationAdminForm
from indicators.import_limits import Deadline, ImportRefused, import_limits
from indicators.models import Indicator, Observation
from indicators.resources import DIFF_ROWS_KEPT, ObservationResource
from indicators.spreadsheets import (
    PREVIEW_KEY,
    CSVFormat,
    PreviewStorage,
    XLSXFormat,
    read_spreadsheet,
)
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
    "note_en",
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
        max_bytes = import_limits().max_bytes
        if upload.size > max_bytes:
            raise forms.ValidationError(
                _("文件有 %(size).1f MB，超过上限 %(max).1f MB；请分成几个文件导入。")
                % {"size": upload.size / 1e6, "max": max_bytes / 1e6}
            )
        return upload


class PreviewConfirmForm(forms.Form):
    """The confirm step names its preview by the preview's random key, and nothing else: the
    file, its format and its name come from the preview kept on the server."""

    import_file_name = forms.RegexField(regex=PREVIEW_KEY, widget=forms.HiddenInput)


# Rows listed on the preview page; the rest are counted (a 50,000-row page helps nobody).
PREVIEW_ROWS_SHOWN = DIFF_ROWS_KEPT


@admin.register(Observation)
class ObservationAdmin(ImportMixin, HistoryAdmin):
    form = ObservationAdminForm
    resource_classes = [ObservationResource]
    import_form_class = SpreadsheetImportForm
    confirm_form_class = PreviewConfirmForm
    # Our readers (limits enforced while reading), in the order of the format menu: 0 CSV, 1 XLSX.
    formats = [CSVFormat, XLSXFormat]
    tmp_storage_class = PreviewStorage
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
    # The list at 1.5 million figures (bench/benchmark.py, "Admin pages"): at most COUNT_CAP
    # rows counted and no second count of the whole table; no facet counts; the year filter
    # instead of date_hierarchy's distinct years; sources and regions chosen in a search box,
    # not listed (thousands of regions); the rows' related objects in the rows' query.
    list_filter = [
        "kind",
        "qualifier",
        "granularity",
        "indicator__topic",
        year_filter("period_end", _("截止年份")),
        related_filter("source", _("来源")),
        related_filter("region", _("区域")),
    ]
    list_select_related = ["indicator", "region", "site", "source"]
    list_per_page = 100
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    search_fields = [
        "indicator__name_zh",
        "indicator__name_en",
        "indicator__slug",
        "quote",
        "note",
        "site__name_zh",
        *(f"region__{f}" for f in REGION_SEARCH),
    ]
    search_help_text = _(
        "按区域（任一名称、别名、代码）、指标或园区名称查找；"
        '要在原文引文和备注里查找，把词放在引号里，如 "超两万亿"。'
    )
    autocomplete_fields = ["indicator", "region", "site", "source"]
    fields = OBSERVATION_FIELDS

    def get_changelist(self, request, **kwargs):
        return OfferedSortsChangeList

    def get_sortable_by(self, request):
        """Every column sorts a region's figures (hundreds of rows); the whole list sorts only
        by its end date (an index), since any other order sorts every figure on every page."""
        if request.GET.get("region__id__exact"):
            return self.get_list_display(request)
        return ["period_end"]

    def get_search_results(self, request, queryset, search_term):
        """Each word finds the figures of the regions (any name, alias or code), indicators and
        sites it names — looked up in those small tables first, so the figures are found
        through their indexes. A "quoted phrase" is looked for in the quotes and notes, which
        reads every figure's text: narrow the list by a filter first when there are millions.
        Several words must all match, as in Django's own search."""
        terms = [t for t in smart_split(search_term or "") if t.strip()]
        for term in terms:
            if term[0] in "\"'" and term[-1] == term[0] and len(term) > 1:
                phrase = unescape_string_literal(term)
                queryset = queryset.filter(Q(quote__icontains=phrase) | Q(note__icontains=phrase))
                continue
            regions = Region.objects.filter(
                reduce(or_, (Q(**{f"{f}__icontains": term}) for f in REGION_SEARCH))
            ).values_list("pk", flat=True)
            indicators = Indicator.objects.filter(
                Q(name_zh__icontains=term) | Q(name_en__icontains=term) | Q(slug__icontains=term)
            ).values_list("pk", flat=True)
            sites = Site.objects.filter(name_zh__icontains=term).values_list("pk", flat=True)
            queryset = queryset.filter(
                Q(region__in=list(regions))
                | Q(indicator__in=list(indicators))
                | Q(site__in=list(sites))
            )
        return queryset, False

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

    # -- The import, in two requests. django-import-export's own views are replaced because they
    # read the file with its readers (no limits while reading), keep the preview in the server's
    # temporary folder under a name the confirm form supplies, and confirm without checking that
    # the data is still what the preview showed.

    def _resource(self, request, form=None):
        index = self.get_resource_index(form) if form is not None and form.is_bound else 0
        resource_class = self.get_import_resource_classes(request)[index]
        return resource_class(**self.get_import_resource_kwargs(request, form=form))

    def import_action(self, request, **kwargs):
        """Upload and preview: read the file within the limits, dry-run every row through the
        write path (nothing is written, no row is locked) and keep the file for confirmation."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = self.get_import_context_data()
        import_formats = self.get_import_formats()
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            fmt = (
                "xlsx" if import_formats[int(form.cleaned_data["format"])] is XLSXFormat else "csv"
            )
            deadline = Deadline.from_settings()
            data = b"".join(upload.chunks())
            resource = self._resource(request, form)
            start = import_previews.preview_start()
            try:
                dataset = read_spreadsheet(data, fmt, deadline)
                resource.prepare_dataset(dataset)
                result = resource.import_data(
                    dataset,
                    dry_run=True,
                    raise_errors=False,
                    file_name=upload.name,
                    user=request.user,
                    deadline=deadline,
                    **self.get_import_data_kwargs(request=request, form=form),
                )
            except ImportRefused as refused:
                form.add_error("import_file", str(refused))
            else:
                context.update(self.preview_context(result, dataset))
                if not result.has_errors() and not result.has_validation_errors():
                    storage = self.get_tmp_storage_class()(**self.get_tmp_storage_class_kwargs())
                    storage.save(
                        import_previews.make_entry(
                            start=start,
                            user=request.user,
                            data=data,
                            fmt="xlsx" if data.startswith(b"PK\x03\x04") else fmt,
                            file_name=upload.name,
                            result=result,
                            line_offset=getattr(dataset, "line_offset", 1),
                        )
                    )
                    context["confirm_form"] = self.get_confirm_form_class(request)(
                        initial={"import_file_name": storage.name}
                    )
        resource = self._resource(request)
        context.update(self.admin_site.each_context(request))
        context["title"] = _("导入数字")
        context["form"] = form
        context["opts"] = self.model._meta
        context["media"] = self.media + form.media
        context["fields_list"] = [
            (
                resource.get_display_name(),
                [f.column_name for f in resource.get_user_visible_fields()],
            )
        ]
        context["import_error_display"] = self.import_error_display
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    @staticmethod
    def preview_context(result, dataset) -> dict:
        totals = result.totals
        return {
            "result": result,
            "line_offset": getattr(dataset, "line_offset", 1),
            "rows_shown": PREVIEW_ROWS_SHOWN,
            "valid_rows_shown": result.valid_rows()[:PREVIEW_ROWS_SHOWN],
            "invalid_rows_shown": result.invalid_rows[:PREVIEW_ROWS_SHOWN],
            "row_errors_shown": result.row_errors()[:PREVIEW_ROWS_SHOWN],
            "rows_total": result.total_rows,
            "rows_new": totals.get("new", 0),
            "rows_updated": totals.get("update", 0),
            "rows_unchanged": totals.get("skip", 0),
        }

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Confirm: take the preview out of the cache (a second confirmation finds nothing) and
        write its rows in one transaction, only if the data is still what the preview showed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        app_label, model_name = self.get_model_info()
        import_url = reverse(
            f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name
        )
        form = self.get_confirm_form_class(request)(request.POST)
        storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"] if form.is_valid() else None,
            **self.get_tmp_storage_class_kwargs(),
        )
        entry = storage.read()
        if (
            not isinstance(entry, dict)
            or entry.get("user") != request.user.pk
            or not storage.remove()
        ):
            messages.warning(
                request,
                gettext(
                    "这个预览已经确认过、已过期或不存在，这次没有写入任何内容。"
                    "如果还要导入，请重新上传文件。"
                ),
            )
            return redirect(import_url)
        deadline = Deadline.from_settings()
        resource = self._resource(request)
        try:
            dataset = read_spreadsheet(entry["data"], entry["format"], deadline)
            resource.prepare_dataset(dataset)
            with transaction.atomic():
                if import_previews.locked_data_version() != entry["version"]:
                    changes = import_previews.changes_since(entry)
                    messages.error(
                        request,
                        gettext("预览之后数据有改动，这次什么都没有写入。")
                        + " ".join(changes)
                        + gettext(" 请重新上传文件，核对新的预览后再确认。"),
                    )
                    return redirect(import_url)
                result = resource.import_data(
                    dataset,
                    dry_run=False,
                    raise_errors=False,
                    use_transactions=True,
                    rollback_on_validation_errors=True,
                    retain_instance_in_row_result=True,
                    file_name=entry["file_name"],
                    user=request.user,
                    deadline=deadline,
                    request=request,
                )
                if result.has_errors() or result.has_validation_errors():
                    transaction.set_rollback(True)
                    messages.error(request, self.failure_message(result))
                    return redirect(import_url)
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return redirect(import_url)
        return self.process_result(result, request)

    @staticmethod
    def failure_message(result) -> str:
        problems = [str(error.error) for error in result.base_errors]
        for number, errors in result.row_errors():
            problems += [f"{number}: {error.error}" for error in errors]
        for row in result.invalid_rows:
            problems += [f"{row.number}: {'; '.join(map(str, row.error.messages))}"]
        return gettext("确认时有错误，什么都没有写入：%(problems)s") % {
            "problems": " / ".join(problems[:5])
        }

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
