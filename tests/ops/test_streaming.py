"""Downloads written as their rows come from the database (core/streaming.py).

The same columns, headers, cells, order and bytes as django-tables2's TableExport wrote before,
whole or streamed; XLSX within its row limit, a clear 400 page beyond it.
"""

import codecs
import csv
import io
import re
from collections import Counter

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tables2 import RequestConfig
from django_tables2.export import TableExport
from openpyxl import load_workbook

from core import streaming
from districts.models import Region
from indicators.models import Observation
from indicators.tables import ObservationTable
from pages.selectors import regions_with_brands
from pages.tables import RegionTable

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def tables2_rows(table_class, data, request=None, **kwargs):
    table = table_class(data, **kwargs)
    if request is not None:
        RequestConfig(request, paginate=False).configure(table)
    return list(table.as_values())


def streamed_rows(table_class, data, request=None, **kwargs):
    table = table_class(data, **kwargs)
    if request is not None:
        RequestConfig(request, paginate=False).configure(table)
    rows = streaming.TableRows(table)
    return [rows.header, *rows.rows(chunk_size=7)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("sort", ["", "-figure", "region", "source", "period"])
def test_streamed_figures_are_django_tables2s_own_values(rf, language, sort):
    """Cell by cell what Table.as_values() gives (value_* methods, choices' labels, empty
    cells, safe_cell), in the table's order, whatever the chunk size."""
    request = rf.get("/data/", {"sort": sort} if sort else {})
    data = Observation.objects.with_related()
    with translation.override(language):
        expected = tables2_rows(ObservationTable, data, request)
        streamed = streamed_rows(ObservationTable, data, request)
    assert streamed[0] == expected[0]
    assert sorted(map(repr, streamed[1:])) == sorted(map(repr, expected[1:]))
    if not sort:  # the default order, newest first, comes from an index ending in id: no ties
        assert streamed == expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_streamed_regions_are_django_tables2s_own_values(language):
    data = regions_with_brands().order_by("order")
    with translation.override(language):
        assert streamed_rows(RegionTable, data) == tables2_rows(RegionTable, data)


@pytest.mark.parametrize("path", ["/en/data/", "/data/", "/en/districts/", "/districts/"])
def test_a_csv_download_is_byte_for_byte_what_tablib_wrote(client, path):
    response = client.get(path, {"_export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # Named after what it holds and the day (downloads: core/exports.py download_filename).
    name = "bjdigital-data" if "data" in path else "bjdigital-districts"
    assert re.fullmatch(
        rf'attachment; filename="{name}-\d{{4}}-\d{{2}}-\d{{2}}\.csv"',
        response["Content-Disposition"],
    )
    # A UTF-8 byte-order mark (Excel on Chinese Windows), then byte for byte tablib's file.
    assert body(response) == codecs.BOM_UTF8 + tablib_csv(response, path)


def tablib_csv(response, path) -> bytes:
    """The CSV django-tables2's TableExport writes for the table of the page that answered."""
    view = response.resolver_match.func.view_class(request=response.wsgi_request)
    view.setup(response.wsgi_request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    view.object_list = view.filterset.qs
    language = "en" if path.startswith("/en/") else "zh-hans"
    with translation.override(language):
        table = view.get_table_class()(data=view.get_table_data())
        RequestConfig(response.wsgi_request, paginate=False).configure(table)
        return TableExport("csv", table).export().encode("utf-8")


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("path", ["/en/data/", "/data/"])
def test_cells_computed_once_per_distinct_value_are_still_tablibs(client, monkeypatch, path):
    """A cell computed once per distinct value of what it depends on (``depends_only_on``, a
    related row's id) and related rows kept from chunk to chunk: byte for byte tablib's file,
    also when both are forgotten every few rows."""
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 40)
    monkeypatch.setattr(streaming, "CELLS_KEPT", 3)
    monkeypatch.setattr(streaming, "RELATED_KEPT", 5)
    response = client.get(path, {"_export": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    assert body(response) == codecs.BOM_UTF8 + tablib_csv(response, path)


class CountingTable(ObservationTable):
    """ObservationTable, counting how often two of its download values are computed."""

    calls: Counter = Counter()

    class Meta(ObservationTable.Meta):
        pass

    @streaming.depends_only_on("region_id")
    def value_x_region(self, record):
        self.calls["region"] += 1
        return super().value_x_region(record)

    def value_x_value(self, record):
        self.calls["value"] += 1
        return super().value_x_value(record)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_cell_is_computed_once_per_distinct_value_of_what_it_depends_on(language):
    data = Observation.objects.with_related()
    with translation.override(language):
        expected = tables2_rows(ObservationTable, data)
        CountingTable.calls.clear()
        assert streamed_rows(CountingTable, data) == expected
    regions = data.values("region").distinct().count()
    assert CountingTable.calls == {"region": regions, "value": data.count()}
    assert regions < data.count() / 10


def test_records_are_djangos_own_instances_with_their_related_rows():
    """Read as tuples of values and made into instances directly: the same fields, state and
    related rows as Django's own, the related rows loaded once for each chunk."""
    data = Observation.objects.with_related().order_by("pk")
    expected = list(data)
    chunk = 50
    with CaptureQueriesContext(connection) as ctx:
        read = list(streaming.records(data, chunk_size=chunk))
        related = [
            (obs.region, obs.indicator, obs.site, obs.source, obs.source.translation_of)
            for obs in read
        ]
    # Each chunk: its rows, then the regions, indicators, sites and sources not seen yet.
    assert len(ctx.captured_queries) <= 1 + -(-len(expected) // chunk) * 4
    assert len(read) == len(expected)
    fields = [field.attname for field in Observation._meta.concrete_fields]
    for obs, django, (region, indicator, site, source, original) in zip(
        read, expected, related, strict=True
    ):
        assert type(obs) is Observation
        assert [getattr(obs, f) for f in fields] == [getattr(django, f) for f in fields]
        assert (obs._state.adding, obs._state.db) == (False, django._state.db)
        assert (region, indicator, site, source) == (
            django.region,
            django.indicator,
            django.site,
            django.source,
        )
        assert original == django.source.translation_of
        assert (region.name, source.title) == (django.region.name, django.source.title)


@pytest.mark.usefixtures("no_page_cache")  # else the second request is the first, cached
def test_a_download_longer_than_a_chunk_streams_the_same_bytes(client, monkeypatch):
    whole = body(client.get("/en/data/", {"_export": "csv"}))
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 40)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/data/", {"_export": "csv"})
        streamed = body(response)  # the rows are read while the answer is sent
    assert isinstance(response, StreamingHttpResponse)
    assert streamed == whole
    assert "Content-Length" not in response
    rows = Observation.objects.count()
    chunks = -(-rows // 40)
    # Each chunk: its rows, and at most one query per related table for the rows not seen yet.
    assert len(ctx.captured_queries) <= 10 + chunks * 6, len(ctx.captured_queries)


def test_a_streamed_download_keeps_cells_safe(client, monkeypatch):
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    Observation.objects.filter(pk=obs.pk).update(note="=cmd|' /C calc'!A0\x0b")
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 25)
    response = client.get("/en/data/", {"_export": "csv"})
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))
    assert "'=cmd|' /C calc'!A0" in [r["note"] for r in rows]
    assert len(rows) == Observation.objects.count()


def test_a_small_download_is_answered_whole_and_may_be_cached(client):
    response = client.get("/en/data/", {"region": "haidian", "_export": "csv"})
    assert not response.streaming
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.usefixtures("no_page_cache")
def test_the_xlsx_download_holds_the_same_values_with_a_bold_frozen_header(client, monkeypatch):
    assert not client.get("/en/data/", {"_export": "xlsx"}).streaming  # one chunk: whole
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 30)  # widths from the first rows, then the rest
    response = client.get("/en/data/", {"_export": "xlsx"})
    assert response.streaming  # sent from its temporary file
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.title == "Data" and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    with translation.override("en"):
        table = ObservationTable(Observation.objects.with_related())
        expected = list(table.as_values())
    assert values[0] == expected[0]
    plain = [[cell if cell not in ("", None) else None for cell in row] for row in expected[1:]]
    assert sorted(map(repr, values[1:])) == sorted(map(repr, plain))


def test_an_xlsx_over_the_row_limit_is_a_400_page_offering_the_csv(client, monkeypatch):
    monkeypatch.setattr(streaming, "XLSX_MAX_ROWS", 100)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/en/data/", {"kind": "actual", "_export": "xlsx"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="/en/data/?kind=actual&amp;_export=csv"' in html
    assert "100" in html
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 101" in counts[0].upper()  # counted no further
    assert client.get("/en/data/", {"region": "haidian", "_export": "xlsx"}).status_code == 200


def test_a_malformed_filter_is_still_the_page_with_its_errors_not_a_download(client):
    response = client.get("/data/", {"year": "abc", "_export": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_regions_stream_in_their_tables_order(client):
    rows = list(
        csv.reader(io.StringIO(body(client.get("/en/districts/", {"_export": "csv"})).decode()))
    )
    names = [r[0] for r in rows[1:]]
    with translation.override("en"):
        expected = [r.name for r in Region.objects.of_beijing().order_by("order")]
    assert names == expected
