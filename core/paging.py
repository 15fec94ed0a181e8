"""The parameters every table page shares: ?page=, ?per_page=, ?sort= and ?_export=.

django-tables2 reads them itself (RequestConfig) and is lenient in ways that cost: any page size
(one page of every row, or a negative one that fails), any page number (2^63 overflows the
database's OFFSET), and ``_export`` in every format tablib knows (some missing a package, some
never meant to be offered). Each table page checks them here first; a value outside what is
written below is a 400 naming the parameter and what it accepts.

- ``page``: a whole number from 1 to ``MAX_PAGE`` (a page past the end shows the last one, or the
  first where the table does not count its rows);
- ``per_page``: a whole number from 1 to ``MAX_PER_PAGE``; without it, each table's default (50
  figures, 25 regions);
- ``sort``: one of the table's sortable columns, ``-`` before it for descending;
- ``_export``: one of ``EXPORT_FORMATS``.

An empty value (``?page=``) means the parameter is absent.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _
from django_tables2.export import TableExport

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_PARAMETER = "_export"  # django-tables2's convention, stable for scripts
TABLE_PARAMETERS = ("page", "per_page", "sort", EXPORT_PARAMETER)
# Page sizes multiply the addresses of a table by a hundred; pages sized on request are not cached.
UNCACHED_TABLE_PARAMETERS = ("per_page",)


class AllowedExport(TableExport):
    """django-tables2's export, limited to the formats the site offers."""

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in EXPORT_FORMATS and super().is_valid_format(export_format)


def _whole_number(value: str, largest: int) -> int | None:
    """The number, when ``value`` is written in ASCII digits and lies in 1..largest."""
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(largest)) + 2:
        return None
    number = int(value)
    return number if 1 <= number <= largest else None


def sortable_columns(table_class, exclude=()) -> list[str]:
    """The columns a reader can sort by: shown, orderable and not excluded from this table."""
    default = table_class._meta.orderable
    names = []
    for name, column in table_class.base_columns.items():
        orderable = default if column.orderable is None else column.orderable
        if name not in exclude and column.visible and orderable:
            names.append(name)
    return names


def export_format(query) -> str | None:
    """The requested download format (already checked by ``table_problems``), or None."""
    return query.get(EXPORT_PARAMETER) or None


def table_problems(query, table_class, exclude=()) -> list[str]:
    """What is wrong with a table's paging, sorting and download parameters; [] if nothing.

    ``query`` is the request's QueryDict; repeats are the page's own check (core/parameters.py),
    so each parameter's last value is the one read here, as django-tables2 does.
    """
    problems = page_problems(query)
    per_page = query.get("per_page", "")
    if per_page and _whole_number(per_page, MAX_PER_PAGE) is None:
        problems.append(
            _("per_page（每页行数）应是 1 到 %(max)d 之间的整数（收到“%(value)s”）。")
            % {"max": MAX_PER_PAGE, "value": per_page}
        )
    sort = query.get("sort", "")
    if sort:
        columns = sortable_columns(table_class, exclude)
        if sort.removeprefix("-") not in columns:
            problems.append(
                _("sort 只能按这些列排序（降序在前面加 -）：%(columns)s（收到“%(value)s”）。")
                % {"columns": ", ".join(columns), "value": sort}
            )
    problems += export_problems(query)
    return problems


def page_problems(query) -> list[str]:
    """What is wrong with ``?page=``; [] when it is absent or a whole number in 1..MAX_PAGE."""
    page = query.get("page", "")
    if page and _whole_number(page, MAX_PAGE) is None:
        return [
            _("page 应是 1 到 %(max)d 之间的整数（收到“%(value)s”）。")
            % {"max": MAX_PAGE, "value": page}
        ]
    return []


def page_number(query) -> int:
    """``?page=`` as a number (checked by ``page_problems``); 1 when it is absent."""
    return _whole_number(query.get("page", ""), MAX_PAGE) or 1


def export_problems(query) -> list[str]:
    """What is wrong with ``?_export=`` (a page's download); [] when it is absent or offered."""
    export = query.get(EXPORT_PARAMETER, "")
    if export and export not in EXPORT_FORMATS:
        return [
            _("_export 只能是 %(formats)s（收到“%(value)s”）。")
            % {"formats": ", ".join(EXPORT_FORMATS), "value": export}
        ]
    return []


def download_address(query, data_url: str, **filters) -> str:
    """The address of the download ``query`` asks for, made by the page at ``data_url`` (the
    one that offers downloads of these rows) with ``filters``; the sort order is kept.

    Pages that show part of the figures (a source's, an indicator's) have no download of their
    own: ``?_export=csv`` there leads to /data/'s, filtered to the same rows.
    """
    target = QueryDict(mutable=True)
    for name, value in filters.items():
        if value:
            target[name] = value
    if query.get("sort"):
        target["sort"] = query["sort"]
    target[EXPORT_PARAMETER] = export_format(query)
    return f"{data_url}?{target.urlencode()}"


def export_query(request) -> str:
    """The page's query without its download or page number: the downloads' links add theirs."""
    query = request.GET.copy()
    query.pop(EXPORT_PARAMETER, None)
    query.pop("page", None)
    return query.urlencode()
