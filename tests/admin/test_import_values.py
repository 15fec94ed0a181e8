"""What a cell may say: the reports' own words, readable errors, and every download read back."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.models import data_version
from indicators.models import Observation, Qualifier
from indicators.resources import QUALIFIER_WORDS, ChoiceWidget
from tests.admin.test_import import (
    CSV_FORMAT,
    GOOD_ROWS,
    HEADER,
    XLSX_FORMAT,
    confirm,
    csv_file,
    upload,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "code"),
    [
        *((w, Qualifier.MORE_THAN) for w in ["超", "突破", "逾", "多", "余"]),
        ("以上", Qualifier.AT_LEAST),
        *((w, Qualifier.ABOUT) for w in ["约", "近", "左右"]),
        *((w, Qualifier.LESS_THAN) for w in ["不足", "不到"]),
        *((w, Qualifier.EXACT) for w in ["确数", "精确"]),
        # the codes and the labels, as before
        ("more_than", Qualifier.MORE_THAN),
        ("About", Qualifier.ABOUT),
        ("确数", Qualifier.EXACT),
        (" 超 ", Qualifier.MORE_THAN),
    ],
)
def test_the_reports_qualifier_words_are_understood(word, code):
    assert ChoiceWidget(Qualifier, "限定", QUALIFIER_WORDS).clean(word) == code


def test_a_qualifier_word_imports_end_to_end(editor_client):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("qualifier")] = "超"
    response = upload(editor_client, csv_file([row]))
    confirm(editor_client, response)
    assert Observation.objects.get(quote="大兴区收入超1200亿元").qualifier == Qualifier.MORE_THAN


def test_an_unknown_qualifier_lists_what_is_accepted(editor_client):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("qualifier")] = "大概"
    html = upload(editor_client, csv_file([row])).content.decode()
    assert "限定“大概”无法识别" in html and "超" in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("many", "数值（value）“many”不是数字：请只写数字，如 1200 或 12.5。"),
        ("超1200", "数值（value）“超1200”不是数字：只写数字，“超”写在限定（qualifier）列。"),
        ("2.2万亿", "请按单位（unit）列写成数字"),
        ("NaN", "数值（value）“NaN”不是数字"),
    ],
)
@pytest.mark.parametrize("fmt", [CSV_FORMAT, XLSX_FORMAT])
def test_a_bad_number_is_a_readable_error_naming_row_and_column(editor_client, value, message, fmt):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("value")] = value
    rows = [GOOD_ROWS[1], row]
    response = upload(editor_client, csv_file(rows) if fmt == CSV_FORMAT else xlsx_file(rows), fmt)
    result = response.context["result"]
    assert [r.number for r in result.invalid_rows] == [2]
    assert not result.has_errors()  # a validation error of the row, not a crash
    errors = result.invalid_rows[0].field_specific_errors
    assert list(errors) == ["value"]
    assert message in errors["value"][0]
    html = response.content.decode()
    assert "InvalidOperation" not in html and "&lt;class" not in html
    assert "<td>3</td>" in html  # the spreadsheet's row 3


@pytest.mark.parametrize("value", ["2025/1/1", "2025.01.01", "2025年1月1日", "20250101"])
def test_dates_as_excel_and_chinese_write_them_are_read(editor_client, value):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("period_start")] = value
    response = upload(editor_client, csv_file([row]))
    assert not response.context["result"].has_validation_errors()


def test_a_bad_date_names_its_column_and_what_to_write(editor_client):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("period_end")] = "2025-13-45"
    html = upload(editor_client, csv_file([row])).content.decode()
    assert "截止日期（period_end）“2025-13-45”不是日期：请写成 2023-12-31 这样的年-月-日。" in html
    assert "Value could not be parsed" not in html


def test_xlsx_date_and_number_cells_are_read_as_dates_and_numbers(editor_client):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("value")] = 1200
    row[HEADER.index("period_start")] = dt.date(2025, 1, 1)
    row[HEADER.index("period_end")] = dt.datetime(2025, 12, 31)
    response = upload(editor_client, xlsx_file([row]), XLSX_FORMAT)
    assert not response.context["result"].has_validation_errors()
    confirm(editor_client, response)
    obs = Observation.objects.get(quote="大兴区收入超1200亿元")
    assert obs.value == 1200 and obs.period_end == dt.date(2025, 12, 31)


# -- Every download imports back ---------------------------------------------------------------


def download(client, prefix, fmt) -> bytes:
    response = client.get(f"{prefix}/data/", {"_export": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def snapshot():
    return sorted(
        (o.natural_key(), o.value, o.qualifier, o.granularity, o.quote, o.note)
        for o in Observation.objects.select_related("indicator", "region", "site", "source")
    )


DOWNLOADS = [("", "csv"), ("", "xlsx"), ("/en", "csv"), ("/en", "xlsx")]


@pytest.mark.parametrize(("prefix", "fmt"), DOWNLOADS)
def test_a_download_imports_back_unchanged(editor_client, client, prefix, fmt):
    data = download(client, prefix, fmt)
    before, version = snapshot(), data_version()
    response = upload(
        editor_client,
        SimpleUploadedFile(f"bjdigital-data.{fmt}", data),
        CSV_FORMAT if fmt == "csv" else XLSX_FORMAT,
    )
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == len(before) and result.totals["update"] == 0
    confirm(editor_client, response)
    assert snapshot() == before and data_version() == version


def with_confirmation_column(data: bytes, fmt: str) -> bytes:
    """The download with 确认提醒/confirm_warnings = yes on every row (reports write numbers in
    words, so some figures carry a warning that an editor confirms once)."""
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        rows = [rows[0] + ["confirm_warnings"]] + [row + ["yes"] for row in rows[1:]]
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="确认提醒")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value="是")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("prefix", "fmt"), DOWNLOADS)
def test_a_download_rebuilds_every_figure_in_an_empty_database(editor_client, client, prefix, fmt):
    """Every row of every download passes every rule of the write path (the unit of 个 figures,
    blank in English downloads, included)."""
    data = with_confirmation_column(download(client, prefix, fmt), fmt)
    before = snapshot()
    Observation.objects.all().delete()
    response = upload(
        editor_client,
        SimpleUploadedFile(f"bjdigital-data.{fmt}", data),
        CSV_FORMAT if fmt == "csv" else XLSX_FORMAT,
    )
    result = response.context["result"]
    problems = [(r.number, r.error_dict) for r in result.invalid_rows]
    assert not result.has_errors() and not problems, problems[:5]
    assert result.totals["new"] == len(before)
    confirm(editor_client, response)
    assert snapshot() == before


def test_an_empty_unit_is_the_indicators_only_where_the_english_download_leaves_it_empty(
    editor_client,
):
    row = [*GOOD_ROWS[1]]  # ai-enterprises, unit 家 ("firms" in English)
    row[HEADER.index("unit")] = ""
    response = upload(editor_client, csv_file([row]))
    assert "单位“”与指标“人工智能企业数”的单位“家”不一致" in response.content.decode()
