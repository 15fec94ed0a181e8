import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import Observation
from tests.districts.test_views import chart_payloads

pytestmark = pytest.mark.django_db

EXPORT_HEADER = [
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


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_english_csv_header_names_its_columns_for_scripts(client):
    rows = csv_rows(client.get("/en/data/", {"_export": "csv"}))
    assert rows[0][:9] == EXPORT_HEADER
    assert len(rows) - 1 == Observation.objects.count()


def test_csv_holds_exactly_the_filtered_rows_with_plain_values(client):
    rows = csv_rows(client.get("/en/data/", {"region": "haidian", "_export": "csv"}))
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == Observation.objects.filter(region__slug="haidian").count()
    assert {r["region_slug"] for r in body} == {"haidian"}
    revenue = next(r for r in body if r["indicator_slug"] == "core-industries-revenue")
    assert revenue["value"] == "20000"
    assert revenue["unit"] == "100 million yuan"
    assert revenue["qualifier"] == "more_than"
    assert revenue["kind"] == "actual"
    assert revenue["period"] == "Jan–Nov 2023"
    assert "超两万亿元" in revenue["quote"]


def test_xlsx_download_has_the_same_header_and_rows(client):
    response = client.get("/en/data/", {"kind": "target", "_export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0][:9]) == EXPORT_HEADER
    assert len(rows) - 1 == Observation.objects.filter(kind="target").count()


def test_chinese_download_has_chinese_headers(client):
    rows = csv_rows(client.get("/data/", {"source": "basss-report-2023", "_export": "csv"}))
    assert rows[0][:4] == ["区域", "指标", "时期", "数值"]
    assert len(rows) - 1 == Observation.objects.filter(source__slug="basss-report-2023").count()


def test_year_filter_finds_periods_touching_the_year(client):
    response = client.get("/data/", {"year": "2023", "indicator": "5g-base-stations"})
    assert response.status_code == 200
    values = {o.value for o in response.context["table"].data}
    assert values == {Decimal("10.6")}


@pytest.mark.parametrize(
    "field,value", [("topic", "ai"), ("qualifier", "about"), ("kind", "expected")]
)
def test_each_filter_narrows_the_rows(client, field, value):
    response = client.get("/data/", {field: value, "_export": "csv"})
    lookup = {"topic": "indicator__topic"}.get(field, field)
    assert len(csv_rows(response)) - 1 == Observation.objects.filter(**{lookup: value}).count() > 0


def test_indicator_page_ranks_regions_and_marks_bounds(client):
    response = client.get("/indicators/core-industries-revenue/")
    html = response.content.decode()
    ranked = [o.region.slug for o in response.context["ranked"]]
    assert ranked[0] == "haidian" and "daxing" not in ranked
    assert "界限值之间的先后无法确定" in html
    chart = chart_payloads(html)["ranking-core-industries-revenue"]
    assert chart["datasets"][0]["points"][0]["bound"] == ">"


def test_indicator_page_shows_city_series_and_every_observation(client):
    response = client.get("/en/indicators/digital-economy-value-added/")
    html = response.content.decode()
    chart = chart_payloads(html)["city-digital-economy-value-added"]
    assert chart["labels"] == ["2023", "2024"]
    assert (
        html.count('class="citation"')
        >= Observation.objects.filter(indicator__slug="digital-economy-value-added").count()
    )


def test_indicator_list_groups_by_topic(client):
    html = client.get("/en/indicators/").content.decode()
    assert "Digital-economy scale" in html and "5G base stations" in html


@pytest.mark.parametrize("name", ["haidian", "海淀", "海淀区", "Haidian District", "110108"])
def test_data_region_filter_takes_any_name(client, name):
    response = client.get("/data/", {"region": name, "_export": "csv"})
    assert len(csv_rows(response)) - 1 == Observation.objects.filter(region__slug="haidian").count()


@pytest.mark.parametrize("name", ["亦庄", "E-Town", "经开区"])
def test_data_region_filter_takes_aliases(client, name):
    response = client.get("/data/", {"region": name, "_export": "csv"})
    assert (
        len(csv_rows(response)) - 1 == Observation.objects.filter(region__slug="yizhuang").count()
    )


def test_data_page_carries_no_region_option_list(client):
    html = client.get("/data/").content.decode()
    assert '<input type="text" name="region"' in html
    assert html.count("<option") < 200
