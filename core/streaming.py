"""Downloads of a table's rows as they come from the database, in constant memory.

django-tables2's ``TableExport`` builds the whole download in memory: every row as a model
instance, then a tablib Dataset, then the file. At 1.5 million figures that is gigabytes in one
worker and minutes before the first byte. Here the same columns — the table's export columns,
their verbose names as headers and each cell as ``Table.as_values()`` gives it (``value_<name>``,
else ``render_<name>``, else the column's own value; ``get_FOO_display`` for choices; empty
values as nothing) — are written row by row:

- rows are read ``CHUNK_ROWS`` at a time with ``QuerySet.iterator()`` (a server-side cursor on
  PostgreSQL, ``fetchmany`` on SQLite). The queryset's ``select_related`` becomes a
  ``prefetch_related`` per chunk, so each region, indicator and source is loaded once (kept
  from chunk to chunk, up to ``RELATED_KEPT``) and shared by its rows instead of being built
  again for every row, and the rows' own query reads one table. A final ``pk`` in the order
  makes every download of the same rows identical. Rows of a plain queryset are read as tuples
  of values and made into model instances directly (``_plain_records``), each turned into its
  cells and let go before the next is made (a chunk of instances alive at once reached the
  garbage collector's oldest generation: it was a quarter of the time);
- a cell whose value is a function of a few fields that repeat from row to row (a region's
  name by ``region_id``, a period's label, a kind — a table's ``value_<name>`` says which with
  ``depends_only_on``; a related row's field, such as ``region__slug``, by that row's id) is
  computed once per distinct value of them (up to ``CELLS_KEPT`` per column), not once per row;
  the rest (a figure's value, its quote) for every row;
- every cell passes through ``core.exports.safe_cell`` (formula injection, control characters);
- **CSV** is UTF-8 with a byte-order mark (without one, Excel on a Chinese Windows reads the
  file as GBK and shows mojibake; Python reads it with ``utf-8-sig``), ``\\r\\n`` line ends —
  after the mark, byte for byte what tablib wrote — sent as a ``StreamingHttpResponse``, one
  piece per chunk of rows: the memory used does not grow with the number of rows;
- **XLSX** is written by openpyxl in write-only mode into a temporary file (rows go to disk as
  they are written; the worker's memory does not grow with them), then sent from that file. An
  XLSX holds at most ``XLSX_MAX_ROWS`` rows: beyond that the answer is a 400 page saying so, with
  the link to the same rows as CSV (which has no limit). The rows are counted first, up to one
  past the limit, so a refused download costs one bounded query.

Pages whose download is a short list they have already assembled (a profile's figures, a
comparison, a ranking) hand it over as ``ListRows`` and are answered by ``download_response``
the same way.

All 1.68 million figures of the benchmark (378 MB of CSV) take 10–15 µs a row, 17–27 s from
one gunicorn worker on two cores (bench/benchmark.py ``downloads``; 53–91 s before cells were
computed once per distinct value and instances made and let go one at a time).

A download of at most ``CHUNK_ROWS`` rows is answered whole (an ``HttpResponse`` with a
Content-Length, which the page cache may keep, core/caching.py); a longer one streams (CSV) or
is sent from its file (XLSX).
"""

import codecs
import csv
import functools
import inspect
import itertools
import operator
import re
import tempfile

from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_tables2.columns.base import Column
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor, signature
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.exports import download_filename, filename_part, safe_cell
from core.paging import EXPORT_PARAMETER

CHUNK_ROWS = 2000  # rows read from the database at a time; a download this short is sent whole
XLSX_MAX_ROWS = 100_000  # an XLSX holds at most this many rows; CSV has no limit

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "table")
# Characters a sheet name may not hold (tablib replaces them with "-" too).
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")


class _Cell:
    """How one column's download value is read from a record: what django-tables2's
    ``BoundRow.get_cell_value`` does, with its per-cell work done once per column — the value
    function's signature, the accessor's lookups (by key before attribute), the choices'
    labels for ``get_FOO_display`` (``_get_FIELD_display`` rebuilds them for every call) — and,
    where the cell is a function of a few fields (``_key``), once per distinct value of them."""

    def __init__(self, table, bound_column, model):
        self.name = bound_column.name
        self.table = table
        self.bound_column = bound_column
        self.column = column = bound_column.column
        self.empty_values = column.empty_values
        function = bound_column.value  # value_<name>, else render_<name>, else column.value
        if getattr(function, "__func__", None) is Column.value:
            function = column.render  # what Column.value does: call render with what it takes
        self.identity = getattr(function, "__func__", None) is Column.render
        self.function = function
        arguments, catch_all = signature(function)
        self.arguments = arguments
        # Columns whose value needs the row object itself (or an argument we do not know), a
        # link column's special case and many-to-many columns take django-tables2's own path.
        self.slow = (
            catch_all is not None
            or any(a not in _CELL_ARGUMENTS for a in arguments)
            or isinstance(column, (BaseLinkColumn, ManyToManyColumn))
        )
        accessor = Accessor(bound_column.accessor)
        self.bits = bits = accessor.bits
        self.parent_bits = bits[:-1]
        self.fields_only = model is not None and _is_field_path(model, bits)
        # A value the database cannot leave empty (NOT NULL all the way, and not text, which
        # may be ""): its emptiness check is skipped when the value function does not use it.
        self.never_empty = (
            self.fields_only
            and column.empty_values == Column.empty_values
            and _never_empty(model, bits)
        )
        field = accessor.get_field(model) if model is not None else None
        self.display = None
        self.labels = None
        if bits and field is not None and getattr(field, "choices", None):
            self.display = f"get_{bits[-1]}_display"
            self.attname = field.attname
            method = inspect.getattr_static(field.model, self.display, None)
            if isinstance(method, functools.partialmethod) and (
                method.func is models.Model._get_FIELD_display
            ):
                # Built in the language the rows are written in (TableRows.rows).
                self.labels = {
                    make_hashable(key): force_str(label, strings_only=True)
                    for key, label in field.flatchoices
                }

        self.value = self.slow_value if self.slow else self._compile()
        key = self._key(model)
        if key is not None:
            self.value = _cached(self.value, key)

    def _key(self, model):
        """record → what the cell is a function of, when that is less than the whole row: the
        fields its value function names (``depends_only_on``), or, for a column that writes a
        related row's field as it is, the related row's id. None: the cell is computed for every
        row (a figure's value, its quote)."""
        fields = getattr(self.function, "depends_only_on", None)
        if fields:
            return operator.attrgetter(*fields)
        if not (self.identity and self.fields_only and len(self.bits) > 1 and model):
            return None
        field = model._meta.get_field(self.bits[0])
        if field.is_relation and (field.many_to_one or field.one_to_one):
            return operator.attrgetter(field.attname)
        return None

    def _getter(self, bits):
        """record → the value at ``bits`` (None past a None), as ``Accessor.resolve`` finds it."""
        if not self.fields_only:
            accessor = Accessor(Accessor.SEPARATOR.join(bits))

            def resolve(record):
                try:
                    return accessor.resolve(record)
                except Exception:
                    return None

            return resolve
        if not bits:
            return lambda record: record
        get = operator.attrgetter(".".join(bits))

        def attribute(record):
            try:
                return get(record)
            except AttributeError:  # a None on the way: the accessor stops there
                return None

        return attribute

    def _compile(self):
        """The cell as one function of the record, for the common shapes of column."""
        getter = self._getter(self.bits)
        if self.display is not None:
            parent_of, display, attname, labels = (
                self._getter(self.parent_bits),
                self.display,
                self.attname,
                self.labels,
            )
            plain = getter

            def getter(record):
                parent = parent_of(record)
                if not (isinstance(parent, models.Model) and hasattr(parent, display)):
                    return plain(record)
                if labels is None:
                    return getattr(parent, display)()
                raw = getattr(parent, attname)
                try:
                    label = labels.get(raw, raw)
                except TypeError:  # an unhashable value: Django's own way
                    return getattr(parent, display)()
                return label if type(label) is str else force_str(label, strings_only=True)

        empty, function = self.empty_values, self.function
        if self.identity:

            def cell(record):
                value = getter(record)
                if value in empty:
                    return None
                return safe_cell(value) if type(value) is str else _safe(value)

        elif self.arguments == ("record",) and self.never_empty:

            def cell(record):
                value = function(record)
                return safe_cell(value) if type(value) is str else _safe(value)

        elif self.arguments == ("record",):

            def cell(record):
                if getter(record) in empty:
                    return None
                value = function(record)
                return safe_cell(value) if type(value) is str else _safe(value)

        elif self.arguments == ("value",):

            def cell(record):
                value = getter(record)
                if value in empty:
                    return None
                value = function(value)
                return safe_cell(value) if type(value) is str else _safe(value)

        else:
            fixed = {"column": self.column, "bound_column": self.bound_column, "table": self.table}
            arguments = self.arguments

            def cell(record):
                value = getter(record)
                if value in empty:
                    return None
                available = {**fixed, "value": value, "record": record}
                return _safe(function(**{name: available[name] for name in arguments}))

        return cell

    def slow_value(self, record):
        return _safe(BoundRow(record, table=self.table).get_cell_value(self.name))


def _is_field_path(model, bits) -> bool:
    """Whether every step of the accessor is a concrete field (or ``pk``) of the models on the
    way: then plain attribute access is exactly what the accessor would do."""
    for bit in bits:
        if bit == "pk":
            return bit == bits[-1]
        try:
            field = model._meta.get_field(bit)
        except Exception:
            return False
        if not getattr(field, "concrete", False) or field.many_to_many:
            return False
        if field.is_relation:
            model = field.related_model
    return True


def _never_empty(model, bits) -> bool:
    field = None
    for bit in bits:
        field = model._meta.pk if bit == "pk" else model._meta.get_field(bit)
        if field.null:
            return False
        if field.is_relation:
            model = field.related_model
    return field is not None and not isinstance(field, (models.CharField, models.TextField))


def depends_only_on(*fields: str):
    """Marks a table's ``value_<name>`` as a function of these attributes of the record alone
    (its own fields: ``kind``, ``region_id``…): a download computes the cell once per distinct
    value of them and writes that for every row that has the same. Neither the value function
    nor the column's accessor may read anything else that varies from row to row (the language
    and the table's own settings are the same for the whole download)."""

    def mark(function):
        function.depends_only_on = fields
        return function

    return mark


CELLS_KEPT = 20_000  # distinct cells kept per column (then forgotten): constant memory


def _cached(cell, key):
    """``cell`` computed once per distinct ``key(record)``, up to ``CELLS_KEPT`` at a time."""
    known = {}

    def cached(record):
        try:
            return known[key(record)]
        except KeyError:
            pass
        except (AttributeError, TypeError):  # a record without those fields, or unhashable ones
            return cell(record)
        if len(known) >= CELLS_KEPT:
            known.clear()
        value = known[key(record)] = cell(record)
        return value

    return cached


def export_columns(table, exclude_columns=()) -> list:
    """The table's download columns, in order (what ``Table.as_values`` writes)."""
    return [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]


def _safe(value):
    """A cell as ``SafeExportMixin.as_values`` writes it: force_str'd, then safe_cell'd."""
    if value is None:
        return None
    if type(value) is not str:
        value = force_str(value, strings_only=True)
    return safe_cell(value)


def _related_paths(select_related, prefix="") -> list[str]:
    paths = []
    for name, deeper in select_related.items():
        path = f"{prefix}{name}"
        paths.append(path)
        paths += _related_paths(deeper, f"{path}__")
    return paths


RELATED_KEPT = 20_000  # related rows kept between chunks, per relation


class _Related:
    """One relation the queryset would ``select_related``, loaded instead by id for each chunk of
    rows — only the ids not seen yet — and shared by every row that points to it. The rows' own
    query then reads one table, and a region is built once, not once for each of its figures."""

    def __init__(self, field, deeper: dict):
        self.cache_name = field.cache_name
        self.attname = field.attname
        self.target = field.target_field.attname
        rows = field.related_model._base_manager.all()
        self.rows = rows.select_related(*_related_paths(deeper)) if deeper else rows
        self.known: dict = {}

    @classmethod
    def of(cls, model, select_related: dict) -> list["_Related"] | None:
        """The relations, or None when one is not a plain forward foreign key or one-to-one."""
        relations = []
        for name, deeper in select_related.items():
            try:
                field = model._meta.get_field(name)
            except Exception:
                return None
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                return None
            relations.append(cls(field, deeper))
        return relations

    def load(self, ids) -> dict:
        """id → related row, for every id of ``ids`` (after loading those not seen yet)."""
        known, ids = self.known, set(ids) - {None}
        missing = ids - known.keys()
        if missing:
            if len(known) + len(missing) > RELATED_KEPT:
                known.clear()  # and the chunk's rows all loaded again
                missing = ids
            for related in self.rows.filter(**{f"{self.target}__in": missing}):
                known[getattr(related, self.target)] = related
        return known

    def attach(self, batch: list) -> None:
        attname, name = self.attname, self.cache_name
        known = self.load(getattr(row, attname) for row in batch)
        for row in batch:
            row._state.fields_cache[name] = known.get(getattr(row, attname))


def _loads_plainly(queryset) -> bool:
    """Whether the queryset's rows may be made as ``_plain_records`` makes them: a plain queryset
    of a model that loads the standard way (no ``from_db`` or ``__init__`` of its own, no init
    signals, no annotations, deferred fields, prefetches or ``select_related``)."""
    model, query = queryset.model, queryset.query
    return (
        queryset._iterable_class is ModelIterable
        and model.__init__ is models.Model.__init__
        and model.from_db.__func__ is models.Model.from_db.__func__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
        and not query.annotations
        and not query.extra
        and not query.deferred_loading[0]
        and not queryset._prefetch_related_lookups
        and not query.select_related
    )


def _plain_records(queryset, relations: list[_Related], chunk_size: int):
    """The model instances of a queryset that ``_loads_plainly``, read as tuples of values
    ``chunk_size`` rows at a time, each made as ``Model.from_db`` would make it but without
    ``__init__``'s per-field descriptor work (at a million rows that was a quarter of the
    download's time): its fields and its related rows (``relations``) set at once. The instances
    are read-only snapshots for a download; nothing saves them."""
    model, database = queryset.model, queryset.db
    names = [field.attname for field in model._meta.concrete_fields]
    positions = [(relation, names.index(relation.attname)) for relation in relations]
    values = queryset.values_list(*names).iterator(chunk_size=chunk_size)
    try:
        while batch := list(itertools.islice(values, chunk_size)):
            related = [
                (relation.cache_name, i, relation.load(row[i] for row in batch))
                for relation, i in positions
            ]
            for row in batch:
                instance = model.__new__(model)
                instance.__dict__.update(zip(names, row, strict=True))
                state = instance._state = ModelState()
                state.adding, state.db = False, database
                state.fields_cache = {name: known.get(row[i]) for name, i, known in related}
                yield instance
    finally:
        values.close()


def records(queryset, chunk_size: int | None = None):
    """The queryset's rows, ``chunk_size`` at a time from the database, related rows loaded
    once for all the rows of a chunk (``_Related``), in the queryset's order with ``pk`` last
    (so that every download of the same rows is the same). A queryset that does not
    ``_loads_plainly`` is read by Django's own ``iterator()``."""
    chunk_size = chunk_size or CHUNK_ROWS
    if not isinstance(queryset, models.QuerySet):
        yield from queryset
        return
    order = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if order and not {"pk", "-pk", "id", "-id"} & {str(o) for o in order}:
        queryset = queryset.order_by(*order, "pk")
    selected = queryset.query.select_related
    relations = (
        _Related.of(queryset.model, selected) if isinstance(selected, dict) and selected else None
    )
    if relations:
        queryset = queryset.select_related(None)
    if _loads_plainly(queryset):
        yield from _plain_records(queryset, relations or [], chunk_size)
        return
    rows = queryset.iterator(chunk_size=chunk_size)
    try:
        while batch := list(itertools.islice(rows, chunk_size)):
            for relation in relations or ():
                relation.attach(batch)
            yield from batch
    finally:
        rows.close()


class TableRows:
    """A table's download, row by row: ``header`` (the column names), then ``rows()`` (lists of
    cells), each cell made safe for spreadsheets. Cells are computed in the language that was
    active when this object was made, whenever the rows are read."""

    def __init__(self, table, exclude_columns=()):
        self.table = table
        self.columns = export_columns(table, exclude_columns)
        self.language = translation.get_language()
        data = getattr(table.data, "data", table.data)
        self.data = data
        model = data.model if isinstance(data, models.QuerySet) else None
        self.cells = [_Cell(table, column, model) for column in self.columns]
        self.header = [_safe(column.header) for column in self.columns]

    def count_upto(self, limit: int) -> int:
        """How many rows there are, counting no further than ``limit``."""
        if isinstance(self.data, models.QuerySet):
            return self.data[:limit].count()
        return sum(1 for _row in itertools.islice(iter(self.data), limit))

    def rows(self, chunk_size: int | None = None):
        """Lists of cells. The database is read ``chunk_size`` rows at a time; the language is
        set around the work of each chunk only (a stream is read between other code's work)."""
        chunk_size = chunk_size or CHUNK_ROWS
        cells = [cell.value for cell in self.cells]
        source = records(self.data, chunk_size)
        try:
            while True:
                with translation.override(self.language):
                    # Each record is read, turned into its cells and let go in turn: no chunk
                    # of model instances lives on for the garbage collector to go through.
                    batch = itertools.islice(source, chunk_size)
                    out = [[cell(record) for cell in cells] for record in batch]
                if not out:
                    return
                yield from out
        finally:
            if hasattr(source, "close"):
                source.close()


class ListRows:
    """A download assembled by its page (a few hundred rows at most): ``header`` and the rows as
    lists of cells, each cell made safe for spreadsheets; the interface of ``TableRows``."""

    def __init__(self, header, rows):
        self.header = [_safe(cell) for cell in header]
        self._rows = [[_safe(cell) for cell in row] for row in rows]

    def count_upto(self, limit: int) -> int:
        return min(len(self._rows), limit)

    def rows(self, chunk_size: int | None = None):
        return iter(list(self._rows))


class _Line:
    """csv.writer's file: hands back what it is given."""

    def write(self, text):
        return text


def _csv_pieces(header, rows, chunk_size):
    writer = csv.writer(_Line())
    yield codecs.BOM_UTF8 + writer.writerow(header).encode("utf-8")
    while True:
        batch = list(itertools.islice(rows, chunk_size))
        if not batch:
            return
        yield "".join(writer.writerow(row) for row in batch).encode("utf-8")


def _attachment(response, filename: str):
    stem, dot, extension = filename.rpartition(".")
    if not filename.isascii() or not all(c.isalnum() or c in "-_." for c in filename):
        # Names come from download_filename; anything else is made as safe before it is sent.
        filename = f"{filename_part(stem) or 'bjdigital'}.{filename_part(extension) or 'csv'}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table_rows: TableRows, filename: str, chunk_size: int | None = None):
    """The CSV download: whole when it is at most one chunk, otherwise streamed."""
    chunk_size = chunk_size or CHUNK_ROWS
    rows = table_rows.rows(chunk_size)
    first = list(itertools.islice(rows, chunk_size + 1))
    if len(first) <= chunk_size:
        body = b"".join(_csv_pieces(table_rows.header, iter(first), chunk_size))
        return _attachment(HttpResponse(body, content_type=CONTENT_TYPES["csv"]), filename)

    def pieces():
        try:
            yield from _csv_pieces(table_rows.header, itertools.chain(first, rows), chunk_size)
        finally:
            rows.close()

    response = StreamingHttpResponse(pieces(), content_type=CONTENT_TYPES["csv"])
    return _attachment(response, filename)


def sheet_title(table) -> str:
    """The sheet's name, as tablib's export named it: the model's plural name, title-cased."""
    try:
        return str(table.Meta.model._meta.verbose_name_plural).title()
    except AttributeError:
        return "Export Data"


def xlsx_response(
    table_rows: TableRows, filename: str, title: str, chunk_size: int | None = None
) -> HttpResponse:
    """The XLSX download (at most XLSX_MAX_ROWS rows: the caller checks), written by openpyxl in
    write-only mode into a temporary file and sent from it — or, at most one chunk of rows,
    answered whole like a short CSV."""
    chunk_size = chunk_size or CHUNK_ROWS
    rows = table_rows.rows(chunk_size)
    first = list(itertools.islice(rows, chunk_size + 1))
    whole = len(first) <= chunk_size
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_SHEET_TITLE_FORBIDDEN.sub("-", title)[:31] or "Sheet")
    sheet.freeze_panes = "A2"
    # Widths as tablib's "adaptive" ones, from the header and the first rows (a write-only
    # sheet takes its column widths before its rows).
    widths = [len(str(h)) for h in table_rows.header]
    for row in first:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(str(cell)))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True)

    def styled(value, **style):
        cell = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([styled(h, font=bold) for h in table_rows.header])
    for row in itertools.chain(first, rows):
        if any(isinstance(v, str) and "\n" in v for v in row):
            row = [
                styled(v, alignment=wrap) if isinstance(v, str) and "\n" in v else v for v in row
            ]
        sheet.append(row)
    # Closed by FileResponse once sent (or by the garbage collector if the send fails).
    target = tempfile.TemporaryFile(prefix="bjdigital-export-")  # noqa: SIM115
    workbook.save(target)
    target.seek(0)
    if whole:
        with target:
            response = HttpResponse(target.read(), content_type=CONTENT_TYPES["xlsx"])
    else:
        response = FileResponse(target, content_type=CONTENT_TYPES["xlsx"])
    return _attachment(response, filename)


def too_many_rows_for_xlsx(request):
    """A 400 page: the XLSX limit, with the link to the same rows as CSV."""
    query = request.GET.copy()
    query[EXPORT_PARAMETER] = "csv"
    csv_url = f"{request.path}?{query.urlencode()}"
    message = format_html(
        '{} <a href="{}">{}</a>',
        _(
            "这些数据超过 %(max)s 行，XLSX 下载最多 %(max)s 行。请加筛选条件缩小范围，"
            "或下载同样的数据的 CSV（不限行数）："
        )
        % {"max": f"{XLSX_MAX_ROWS:,}"},
        csv_url,
        _("下载 CSV"),
    )
    return render(request, "400.html", {"problems": [message]}, status=400)


def download_response(request, rows, export_format: str, filename: str, title: str):
    """The download of ``rows`` (a ``TableRows`` or ``ListRows``) in ``export_format`` (``csv``
    or ``xlsx``), named ``filename``, its sheet called ``title``."""
    if export_format == "xlsx":
        if rows.count_upto(XLSX_MAX_ROWS + 1) > XLSX_MAX_ROWS:
            return too_many_rows_for_xlsx(request)
        return xlsx_response(rows, filename, title)
    return csv_response(rows, filename)


def export_response(request, table, export_format: str, filename: str, *, exclude_columns=()):
    """The download of ``table``'s rows (its data ordered as the table orders it) in
    ``export_format`` (``csv`` or ``xlsx``), answered as the module docstring says."""
    table_rows = TableRows(table, exclude_columns)
    return download_response(request, table_rows, export_format, filename, sheet_title(table))


def dated_filename(export_format: str, *parts, as_of=None) -> str:
    """A download's name (core.exports.download_filename) for ``parts``, saying ``as-of-<day>``
    when the file holds what was known on an earlier day."""
    if as_of:
        parts = (*parts, "as-of", as_of.isoformat())
    return download_filename(*parts, extension=export_format)


def filter_words(filterset) -> list[str]:
    """The filters a download was made with, for its name: ``region``, ``haidian``, … (a
    region, indicator or source by its slug; a value with no ASCII letters is left out)."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    words = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name == "as_of":
            continue
        value = filename_part(getattr(value, "slug", value))
        if value:  # a search for 海淀 names nothing in ASCII: left out
            words += [name, value]
    as_of = filterset.form.cleaned_data.get("as_of")
    if as_of:
        words += ["as-of", as_of.isoformat()]
    return words
