"""Spreadsheet import: preview every row, write nothing unless every row is valid."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from districts.models import Region
from indicators.models import Observation

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/indicators/observation/import/"
PROCESS_URL = "/admin/indicators/observation/process_import/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADER = [
    "region",
    "indicator",
    "period",
    "value",
    "unit",
    "qualifier",
    "kind",
    "source",
    "quote",
    "period_start",
    "period_end",
    "granularity",
    "site",
    "note",
]
GOOD_ROWS = [
    [
        "大兴区",
        "规模以上数字经济核心产业收入",
        "2025",
        "1200",
        "亿元",
        "more_than",
        "actual",
        "china-city-news-2025-07",
        "大兴区收入超1200亿元",
        "2025-01-01",
        "2025-12-31",
        "year",
        "",
        "",
    ],
    [
        "Huairou",
        "ai-enterprises",
        "2025",
        "35",
        "firms",
        "exact",
        "actual",
        "A people-centred, AI-for-good global practice: Beijing builds a 'digital-friendly city'",
        "怀柔区人工智能企业35家",
        "2025-01-01",
        "2025-12-31",
        "year",
        "",
        "test row",
    ],
]


def csv_file(rows, header=HEADER, name="figures.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("figures.xlsx", data.getvalue())


def upload(client, upload_file, fmt=CSV_FORMAT):
    return client.post(IMPORT_URL, {"import_file": upload_file, "format": fmt})


def test_broken_csv_writes_nothing_and_names_the_bad_rows(editor_client):
    rows = [
        GOOD_ROWS[0],
        [
            "atlantis",
            "ai-enterprises",
            "",
            "12",
            "家",
            "exact",
            "actual",
            "basss-report-2023",
            "q",
            "2023-01-01",
            "2023-12-31",
            "year",
            "",
            "",
        ],
        [
            "haidian",
            "ai-enterprises",
            "",
            "many",
            "家",
            "exact",
            "actual",
            "basss-report-2023",
            "q",
            "2023-01-01",
            "2023-12-31",
            "year",
            "",
            "",
        ],
    ]
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(rows))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    html = response.content.decode()
    assert "atlantis" in html
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Observation.objects.count() == before
    invalid = {row.number for row in result.invalid_rows} | {n for n, _ in result.row_errors()}
    assert invalid == {2, 3}


def test_broken_xlsx_writes_nothing(editor_client):
    rows = [GOOD_ROWS[0], [*GOOD_ROWS[1][:4], "万元", *GOOD_ROWS[1][5:]]]  # wrong unit on row 2
    before = Observation.objects.count()
    response = upload(editor_client, xlsx_file(rows), XLSX_FORMAT)
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "单位“万元”与指标“人工智能企业数”的单位“家”不一致" in response.content.decode()
    assert Observation.objects.count() == before


def test_wrong_columns_are_named(editor_client):
    response = upload(editor_client, csv_file([["x", "y"]], header=["place", "number"]))
    assert "缺少这些列" in str(response.context["form"].errors["import_file"])
    assert "result" not in response.context  # a short form error, no table of failed rows


def test_a_file_that_is_not_a_spreadsheet_is_a_form_error(editor_client):
    png = SimpleUploadedFile("chart.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    response = upload(editor_client, png, XLSX_FORMAT)
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_huge_file_is_refused_before_reading(editor_client):
    response = upload(editor_client, csv_file(GOOD_ROWS * 20))
    assert "超过上限" in str(response.context["form"].errors["import_file"])


def confirm(client, response):
    form = response.context["confirm_form"]
    assert form is not None, response.context["result"]
    return client.post(PROCESS_URL, {k: form.initial[k] for k in form.initial})


def test_good_import_writes_every_row_after_preview(editor_client, client):
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    assert not response.context["result"].has_errors()
    assert Observation.objects.count() == before  # the preview writes nothing
    response = confirm(editor_client, response)
    assert response.status_code == 302
    assert Observation.objects.count() == before + 2
    assert "超1200亿元" in client.get("/districts/daxing/").content.decode()
    assert "35家" in client.get("/districts/huairou/").content.decode()


def test_an_edited_export_imports_back_as_updates(editor_client, client):
    download = client.get("/en/data/", {"region": "chaoyang", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    value_col = header.index("value")
    body[0][value_col] = "4100"
    before = Observation.objects.count()
    # 4100 is not in the row's quote ("超4000亿元"): the row is held until its warning is confirmed.
    response = upload(editor_client, csv_file(body, header=header))
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [1]
    assert "引文中没有找到数字 4100" in response.content.decode()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    # The editor confirms that row in the confirm_warnings column and imports again.
    header.append("confirm_warnings")
    body = [row + ["yes" if number == 0 else ""] for number, row in enumerate(body)]
    response = upload(editor_client, csv_file(body, header=header))
    assert not response.context["result"].has_validation_errors(), response.content.decode()[-3000:]
    confirm(editor_client, response)
    assert Observation.objects.count() == before
    changed = Observation.objects.get(region__slug="chaoyang", value=4100)
    assert changed.history.first().history_change_reason == "导入 figures.csv"


def test_a_target_dated_before_its_source_is_held_until_confirmed(editor_client):
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("kind")] = "target"
    row[HEADER.index("period_start")], row[HEADER.index("period_end")] = "2024-01-01", "2024-12-31"
    row[HEADER.index("period")] = "2024"
    before = Observation.objects.count()
    response = upload(editor_client, csv_file([row]))
    assert "早于来源发布日期" in response.content.decode()
    assert response.context["result"].has_validation_errors()
    response = upload(editor_client, csv_file([[*row, "是"]], header=[*HEADER, "确认提醒"]))
    confirm(editor_client, response)
    assert Observation.objects.count() == before + 1


def test_the_import_template_has_the_export_columns(editor_client):
    response = editor_client.get("/admin/indicators/observation/import-template.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:9] == [
        "region",
        "indicator",
        "period",
        "value",
        "unit",
        "qualifier",
        "kind",
        "source",
        "quote",
    ]


def test_two_rows_for_the_same_figure_are_refused(editor_client):
    before = Observation.objects.count()
    response = upload(editor_client, csv_file([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    # Rows as the spreadsheet numbers them: the header is row 1.
    assert "第 2 行和第 4 行是同一个数字" in str(response.context["form"].errors["import_file"])
    assert Observation.objects.count() == before


def test_a_region_name_two_regions_share_is_refused_with_their_slugs(editor_client):
    changchun = Region.objects.create(
        slug="changchun",
        name_zh="长春市",
        kind="city",
        short_name_zh="长春",
        short_name_en="Changchun",
        code="220100",
    )
    Region.objects.create(
        slug="changchun-chaoyang",
        name_zh="朝阳区",
        kind="district",
        short_name_zh="朝阳",
        short_name_en="Chaoyang",
        code="220104",
        parent=changchun,
    )
    row = [*GOOD_ROWS[0]]
    row[HEADER.index("region")] = "朝阳区"
    response = upload(editor_client, csv_file([row]))
    html = response.content.decode()
    assert "对应多个区域" in html and "changchun-chaoyang" in html
    row[HEADER.index("region")] = "changchun-chaoyang"
    row[HEADER.index("quote")] = "朝阳区收入超1200亿元"
    response = upload(editor_client, csv_file([row]))
    assert not response.context["result"].has_validation_errors()
