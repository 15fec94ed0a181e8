"""The pattern every list page follows: django-filter form + django-tables2 table + downloads."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from core.paging import (
    EXPORT_FORMATS,
    EXPORT_PARAMETER,
    TABLE_PARAMETERS,
    UNCACHED_TABLE_PARAMETERS,
    AllowedExport,
    table_problems,
)
from core.parameters import Parameters, address_problems
from core.responses import bad_request


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table with CSV and XLSX downloads of the filtered rows.

    A malformed filter value is a form error on the page with status 400, never a download of an
    empty table and never a 500. Paging, sorting and download parameters outside what
    core/paging.py allows, a repeated parameter or an overlong value are a 400 page naming them.
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
        return super().get(request, *args, **kwargs)

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
