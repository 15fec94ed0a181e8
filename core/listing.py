"""The pattern every list page follows: django-filter form + django-tables2 table + downloads;
and the admin's lists of the data, bounded so that they stay fast at millions of rows."""

import datetime as dt

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin

from core.paging import (
    EXPORT_FORMATS,
    EXPORT_PARAMETER,
    TABLE_PARAMETERS,
    UNCACHED_TABLE_PARAMETERS,
    AllowedExport,
    export_format,
    table_problems,
)
from core.parameters import Parameters, address_problems
from core.responses import bad_request
from core.streaming import export_response

try:  # django-admin-autocomplete-filters: optional (core/listing.py, related_filter)
    from admin_auto_filters.filters import AutocompleteFilter
except ImportError:  # pragma: no cover - the filters fall back to the chosen row only
    AutocompleteFilter = None


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table with CSV and XLSX downloads of the filtered rows.

    A malformed filter value is a form error on the page with status 400, never a download of an
    empty table and never a 500. Paging, sorting and download parameters outside what
    core/paging.py allows, a repeated parameter or an overlong value are a 400 page naming them.

    Downloads (``?_export=csv`` / ``xlsx``) hold the filtered rows in the table's order with the
    table's export columns, written as they are read from the database (core/streaming.py): no
    page of the table is rendered for them, and no download is held in memory whole.
    """

    export_class = AllowedExport
    export_formats = EXPORT_FORMATS
    export_trigger_param = EXPORT_PARAMETER
    # Filters whose values are too many to cache a page for each (free-text search).
    uncached_filters: tuple[str, ...] = ()

    @classmethod
    def parameters(cls) -> Parameters:
        """The filters' names and the table's parameters (core/parameters.py)."""
        return Parameters.of(
            *cls.filterset_class.base_filters,
            *TABLE_PARAMETERS,
            uncached=(*cls.uncached_filters, *UNCACHED_TABLE_PARAMETERS),
        )

    def get(self, request, *args, **kwargs):
        problems = (
            address_problems(request)
            or self.parameters().problems(request.GET)
            or table_problems(request.GET, self.get_table_class())
        )
        if problems:
            return bad_request(request, problems)
        download = export_format(request.GET)
        if download:
            self.filterset = self.get_filterset(self.get_filterset_class())
            if not self.filter_is_invalid():  # else the page with the form's errors, 400
                return self.export(download)
        return super().get(request, *args, **kwargs)

    def export(self, download: str):
        """The download of the filtered rows, sorted as ``?sort=`` asks (core/streaming.py)."""
        self.object_list = self.filterset.qs
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        return export_response(
            self.request,
            table,
            download,
            self.get_export_filename(download),
            exclude_columns=self.exclude_columns,
        )

    def filter_is_invalid(self) -> bool:
        return self.filterset.is_bound and not self.filterset.is_valid()

    def render_to_response(self, context, **kwargs):
        if self.filter_is_invalid():
            response = self.response_class(
                request=self.request,
                template=self.get_template_names(),
                context=context,
                using=self.template_engine,
            )
            response.status_code = 400
            return response
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.export_trigger_param, None)
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        return context


# --- Admin lists that stay fast at millions of rows ---------------------------------------------
# A changelist counts its rows, lists its filters' choices and sorts; at 1.5 million figures and
# thousands of regions each of these costs seconds unless bounded. What follows bounds them; the
# admins of the data use it (indicators/admin.py, districts/admin.py, sources/admin.py).

# A changelist counts this many rows at most: 100 pages of 100. Keep it above the admins'
# list_per_page and list_max_show_all (200), so that a capped list is never shown whole.
COUNT_CAP = 10_000


class AtLeast(int):
    """A count that stopped at its cap: printed "10000+" wherever the admin shows it."""

    def __str__(self):
        return f"{int(self)}+"

    __html__ = __str__


class CappedCountPaginator(Paginator):
    """The admin's paginator, counting at most ``COUNT_CAP`` rows (``SELECT COUNT(*)`` over a
    ``LIMIT``-ed query, which stops as soon as it has found that many): a changelist of every
    figure no longer counts 1.5 million rows on each view. Past the cap the count reads
    "10000+" and the pages end there; filters or a search narrow the list further."""

    cap = COUNT_CAP

    @cached_property
    def count(self):
        counted = self.object_list[: self.cap + 1].count()
        return AtLeast(self.cap) if counted > self.cap else counted


class OfferedSortsChangeList(ChangeList):
    """A changelist sorted only by the columns it offers to sort by (``get_sortable_by``).

    Django applies any column named in ``?o=``, offered or not; at 1.5 million figures a sort by
    an unindexed column costs a second on every page. Columns not offered are left out of the
    order (as Django leaves out a column it cannot sort by)."""

    def get_ordering(self, request, queryset):
        wanted = self.params.get(ORDER_VAR)
        if wanted and self.sortable_by is not None:
            offered = set(self.sortable_by)
            kept = []
            for part in wanted.split("."):
                index = part.rpartition("-")[2]
                if (
                    index.isdigit()
                    and int(index) < len(self.list_display)
                    and self.list_display[int(index)] in offered
                ):
                    kept.append(part)
            self.params = {k: v for k, v in self.params.items() if k != ORDER_VAR}
            if kept:
                self.params[ORDER_VAR] = ".".join(kept)
        return super().get_ordering(request, queryset)


class SelectedOnlyFieldListFilter(admin.RelatedFieldListFilter):
    """A foreign-key filter that lists only the chosen row (reached by a link such as a
    source's "its figures"), never every row of a large table: thousands of regions would be
    thousands of links on every changelist."""

    def has_output(self):
        # Shown (and so applied: the admin applies only the filters it shows) when chosen.
        return bool(self.lookup_val) or bool(self.lookup_val_isnull)

    def field_choices(self, field, request, model_admin):
        if not self.lookup_val:
            return []
        chosen = field.related_model._default_manager.filter(
            **{f"{field.target_field.name}__in": self.lookup_val}
        )
        return [(getattr(obj, field.target_field.attname), str(obj)) for obj in chosen]


class _Autocomplete(AutocompleteFilter or object):
    """A search box over the related rows (Django's own admin autocomplete view and its select2,
    through django-admin-autocomplete-filters), with the parameter Django's related-field
    filter uses (``region__id__exact``), so links made for that filter keep working."""

    field_pk = "id"


def related_filter(field_path: str, title):
    """A list filter on a foreign key to a large table (thousands of regions), ``field_path``
    being a field of the model or a path to one (``featured_in__region``): an autocomplete box
    when django-admin-autocomplete-filters is installed (``admin_auto_filters`` in
    INSTALLED_APPS: its template and script), otherwise the chosen row only
    (``SelectedOnlyFieldListFilter``). Decided per request, so settings can change under it."""
    *through, last = field_path.split("__")
    autocomplete = (
        type(
            "AutocompleteFilter",
            (_Autocomplete,),
            {"field_name": last, "title": title, "parameter_name": f"{field_path}__id__exact"},
        )
        if AutocompleteFilter
        else None
    )

    class RelatedFilter(SelectedOnlyFieldListFilter):
        def __new__(cls, field, request, params, model, model_admin, field_path):
            if autocomplete is not None and apps.is_installed("admin_auto_filters"):
                chosen = autocomplete.__new__(autocomplete)
                chosen.rel_model = field.model if through else None
                chosen.__init__(request, params, model, model_admin)
                return chosen
            return super().__new__(cls)

        def __init__(self, field, request, params, model, model_admin, field_path):
            super().__init__(field, request, params, model, model_admin, field_path)
            self.title = title

    return (field_path, RelatedFilter)


def year_filter(date_field: str, title):
    """A list filter by the year of ``date_field``, instead of ``date_hierarchy`` (which asks
    for the distinct years of the whole table on every view: seconds at a million rows). The
    years offered run from the earliest to the latest value, two indexed lookups; the parameter
    is the one date_hierarchy used (``period_end__year=2023``)."""

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"{date_field}__year"

        def lookups(self, request, model_admin):
            rows = model_admin.get_queryset(request).values_list(date_field, flat=True)
            first = rows.order_by(date_field).first()
            last = rows.order_by(f"-{date_field}").first()
            if first is None or last is None:
                return []
            return [(str(y), str(y)) for y in range(last.year, first.year - 1, -1)]

        def queryset(self, request, queryset):
            value = self.value()
            if not (value and value.isascii() and value.isdigit() and len(value) == 4):
                return queryset
            year = int(value)
            return queryset.filter(
                **{
                    f"{date_field}__gte": dt.date(year, 1, 1),
                    f"{date_field}__lte": dt.date(year, 12, 31),
                }
            )

    YearFilter.title = title
    return YearFilter
