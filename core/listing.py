"""The pattern every list page follows: django-filter form + django-tables2 table + downloads."""

from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin


class FilteredTableView(ExportMixin, SingleTableMixin, FilterView):
    """A filterable, sortable, paginated table with CSV and XLSX downloads of the filtered rows.

    A malformed filter value is a form error on the page with status 400, never a download of an
    empty table and never a 500.
    """

    export_formats = ("csv", "xlsx")
    export_trigger_param = "_export"  # django-tables2's convention, stable for scripts

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
