"""Reading an uploaded file: limits enforced while reading, every encoding Excel writes.

Hostile files (a zip bomb, 50,001 rows, a document type declaration) are refused with a short
form error before they cost memory; the peaks printed here are for the record (``-s``), the
assertions are about behaviour only.
"""

import csv
import io
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.models import data_version
from indicators.import_limits import import_limits
from indicators.models import Observation
from tests.admin.spreadsheet_files import SHEET_START, row_xml, rows_xlsx, xlsx_bytes
from tests.admin.test_import import (
    CSV_FORMAT,
    GOOD_ROWS,
    HEADER,
    XLSX_FORMAT,
    confirm,
    csv_file,
    upload,
)

pytestmark = pytest.mark.django_db


def file_error(response) -> str:
    assert response.status_code == 200
    assert "result" not in response.context, "a refused file shows no table of rows"
    return str(response.context["form"].errors["import_file"])


def measured(label, call):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = call()
    finally:
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"\n{label}: {seconds:.2f} s, peak {peak / 1024 / 1024:.1f} MB (tracemalloc)")
    return response


# -- XLSX bombs ----------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(editor_client):
    cap = import_limits().max_unpacked_bytes
    repeated = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000).encode()
    chunks = [repeated] * (cap // len(repeated) + 2)
    bomb = xlsx_bytes(chunks)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    print(f"\nzip bomb: {len(bomb) / 1024:.0f} KB, {unpacked / 1024 / 1024:.0f} MB decompressed")
    assert len(bomb) < 1024 * 1024 < cap < unpacked
    response = measured(
        "zip bomb upload",
        lambda: upload(editor_client, SimpleUploadedFile("bomb.xlsx", bomb), XLSX_FORMAT),
    )
    error = file_error(response)
    assert "XLSX 文件解压后有 101 MB，超过 100 MB 的上限" in error, error
    assert len(response.content) < 100_000


@override_settings(IMPORT_MAX_UNPACKED_BYTES=1024 * 1024 * 1024)
def test_a_part_compressed_beyond_any_spreadsheet_is_refused(editor_client):
    repeated = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000).encode()
    bomb = xlsx_bytes([repeated] * 25)  # 25 MB of XML in a few tens of KB
    error = file_error(upload(editor_client, SimpleUploadedFile("b.xlsx", bomb), XLSX_FORMAT))
    assert "压缩了" in error and "上限" in error, error


def test_a_sheet_declaring_a_million_rows_and_columns_is_read_as_what_it_holds(editor_client):
    # openpyxl pads every row to the declared dimension; the reader ignores it.
    rows = "".join(row_xml(n, r) for n, r in enumerate([HEADER, *GOOD_ROWS], start=1))
    book = xlsx_bytes(
        [rows],
        before_sheet=SHEET_START.replace(
            "<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>'
        ),
    )
    response = upload(editor_client, SimpleUploadedFile("wide.xlsx", book), XLSX_FORMAT)
    assert not response.context["result"].has_errors()
    assert response.context["result"].total_rows == 2


def test_a_far_away_cell_is_refused_at_once(editor_client):
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    header = row_xml(1, HEADER)
    error = file_error(
        upload(
            editor_client, SimpleUploadedFile("far.xlsx", xlsx_bytes([header, far])), XLSX_FORMAT
        )
    )
    assert "超过上限" in error, error


def test_an_xml_entity_declaration_is_refused(editor_client):
    doctype = SHEET_START.replace(
        "<worksheet", '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet'
    )
    book = xlsx_bytes(
        [row_xml(1, HEADER), "<row><c t='inlineStr'><is><t>&b;</t></is></c></row>"],
        before_sheet=doctype,
    )
    error = file_error(upload(editor_client, SimpleUploadedFile("dtd.xlsx", book), XLSX_FORMAT))
    assert "DOCTYPE" in error


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"region,indicator\nhaidian,x\n", "不是有效的 XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls"),
        (b"PK\x03\x04 broken zip" + bytes(100), "不是有效的 XLSX"),
    ],
)
def test_a_file_that_is_not_an_xlsx_says_so(editor_client, content, expected):
    error = file_error(upload(editor_client, SimpleUploadedFile("f.xlsx", content), XLSX_FORMAT))
    assert expected in error, error


# -- Rows, columns, cells ------------------------------------------------------------------------


def big_rows(count):
    """Rows of real figures' shape, short enough that 50,001 of them fit in 5 MB of CSV."""
    for number in range(count):
        value = str(1000 + number)
        yield [
            "daxing",
            "ai-enterprises",
            "",
            value,
            "家",
            "exact",
            "actual",
            "x",
            value,
            "2025-01-01",
            "2025-12-31",
            "year",
            "",
            "",
        ]


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_an_xlsx_of_50001_rows_is_refused_while_reading(editor_client):
    max_rows = import_limits().max_rows
    book = rows_xlsx(HEADER, big_rows(max_rows + 1))
    print(f"\n{max_rows + 1} rows: XLSX of {len(book) / 1024 / 1024:.1f} MB")
    before, version = Observation.objects.count(), data_version()
    # tracemalloc would slow the reading fourfold; the process's peak resident size is enough
    # to see that nothing grows with the file (run with -s to read it).
    rss_before, started = max_rss_mb(), time.perf_counter()
    response = upload(editor_client, SimpleUploadedFile("big.xlsx", book), XLSX_FORMAT)
    print(
        f"{max_rows + 1}-row XLSX upload: {time.perf_counter() - started:.1f} s; peak RSS of the"
        f" test process {rss_before:.0f} MB before, {max_rss_mb():.0f} MB after"
    )
    error = file_error(response)
    assert f"{max_rows} 行" in error and "上限" in error, error
    assert len(response.content) < 100_000  # a form error, not a page listing every row
    assert Observation.objects.count() == before and data_version() == version


def test_a_csv_of_50001_rows_is_refused_while_reading(editor_client):
    max_rows = import_limits().max_rows
    big = csv_file(list(big_rows(max_rows + 1)), name="big.csv")
    response = measured(f"{max_rows + 1}-row CSV upload", lambda: upload(editor_client, big))
    assert f"{max_rows} 行" in file_error(response)
    assert len(response.content) < 100_000


@override_settings(IMPORT_MAX_ROWS=2)
@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT])
def test_the_row_limit_counts_data_rows_not_the_header(editor_client, fmt):
    def make(rows):
        if fmt == CSV_FORMAT:
            return csv_file(rows)
        return SimpleUploadedFile("f.xlsx", rows_xlsx(HEADER, rows))

    assert not upload(editor_client, make(GOOD_ROWS), fmt).context["result"].has_errors()
    third = [*GOOD_ROWS[0]]
    third[HEADER.index("period_start")], third[HEADER.index("period_end")] = (
        "2024-01-01",
        "2024-12-31",
    )
    assert "上限" in file_error(upload(editor_client, make([*GOOD_ROWS, third]), fmt))


@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT])
def test_too_many_columns_and_too_long_a_cell_name_the_place(editor_client, fmt):
    def make(header, rows):
        if fmt == CSV_FORMAT:
            return csv_file(rows, header=header)
        return SimpleUploadedFile("f.xlsx", rows_xlsx(header, rows))

    wide = [*HEADER, *(f"extra{i}" for i in range(31 - len(HEADER)))]
    error = file_error(upload(editor_client, make(wide, GOOD_ROWS), fmt))
    assert "第 1 行有 31 列，超过上限 30 列" in error, error
    long_quote = [*GOOD_ROWS[0]]
    long_quote[HEADER.index("quote")] = "超" * 10_001
    error = file_error(upload(editor_client, make(HEADER, [GOOD_ROWS[1], long_quote]), fmt))
    assert "第 3 行 I 列有 10001 个字，超过每格 10000 个字的上限" in error, error


def test_a_value_under_no_header_is_refused_not_dropped(editor_client):
    rows = [GOOD_ROWS[0], [*GOOD_ROWS[1], "写在表外的说明"]]
    error = file_error(upload(editor_client, csv_file(rows)))
    assert "第 3 行 O 列有内容，但这一列没有列名" in error, error


def test_blank_rows_at_the_end_are_ignored_and_between_rows_reported(editor_client):
    blank = [""] * len(HEADER)
    response = upload(editor_client, csv_file([*GOOD_ROWS, blank, blank]))
    assert not response.context["result"].has_errors()
    assert not response.context["result"].has_validation_errors()
    response = upload(editor_client, csv_file([GOOD_ROWS[0], blank, GOOD_ROWS[1]]))
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    html = response.content.decode()
    assert "这一行是空的" in html
    assert "<td>3</td>" in html  # the spreadsheet's row 3 (the header is row 1)


@override_settings(IMPORT_MAX_SECONDS=0)
def test_an_import_that_takes_too_long_stops_and_writes_nothing(editor_client):
    before = Observation.objects.count()
    error = file_error(upload(editor_client, csv_file(GOOD_ROWS)))
    assert "超过了 0 秒" in error and "什么都没有写入" in error
    assert Observation.objects.count() == before


# -- Encodings -----------------------------------------------------------------------------------


def encoded_csv(encoding, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([HEADER, *GOOD_ROWS])
    return SimpleUploadedFile("figures.csv", out.getvalue().encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("gbk", ","),  # Excel's "CSV (逗号分隔)" on Chinese Windows
        ("gb18030", ","),
        ("utf-16", ","),  # with a BOM
        ("utf-16", "\t"),  # Excel's "Unicode 文本"
        ("utf-8-sig", ","),  # Excel's "CSV UTF-8"
        ("utf-8", ","),
    ],
)
def test_csv_in_every_encoding_excel_writes_imports(editor_client, encoding, delimiter):
    before = Observation.objects.count()
    response = upload(editor_client, encoded_csv(encoding, delimiter))
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), encoding
    confirm(editor_client, response)
    assert Observation.objects.count() == before + 2
    assert Observation.objects.filter(region__slug="daxing", quote="大兴区收入超1200亿元").exists()


def test_bytes_in_no_known_encoding_are_a_readable_error(editor_client):
    junk = SimpleUploadedFile("x.csv", b"a,b\n\x80\xff\x80\n")
    error = file_error(upload(editor_client, junk))
    assert "UTF-8" in error and "GBK" in error, error
