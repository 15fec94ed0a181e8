import datetime as dt
from decimal import Decimal

import pytest

from districts.models import Region
from indicators.models import Indicator, Observation
from tests.districts.test_views import chart_payloads

pytestmark = pytest.mark.django_db


def test_compare_defaults_to_haidian_chaoyang_yizhuang(client):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert [r.slug for r in response.context["regions"]] == ["haidian", "chaoyang", "yizhuang"]


def test_compare_table_has_indicators_as_rows_and_regions_as_columns(client):
    response = client.get("/compare/?regions=haidian,chaoyang,yizhuang,daxing")
    rows = {row.indicator.slug: row for row in response.context["rows"]}
    revenue = rows["core-industries-revenue"]
    assert [c.region.slug if c else None for c in revenue.cells] == [
        "haidian",
        "chaoyang",
        "yizhuang",
        None,
    ]
    html = response.content.decode()
    assert "未披露" in html


def test_missing_region_is_left_out_of_the_bars_not_drawn_as_zero(client):
    html = client.get("/compare/?regions=haidian,chaoyang,yizhuang,daxing").content.decode()
    chart = chart_payloads(html)["compare-core-industries-revenue"]
    assert chart["labels"] == ["海淀", "朝阳", "经开区"]
    assert 0 not in [p["y"] for p in chart["datasets"][0]["points"]]


def test_compare_notes_a_zone_compared_with_a_district_it_overlaps(client):
    html = client.get("/compare/?regions=yizhuang,daxing").content.decode()
    assert "北京经济技术开发区与大兴区范围重叠" in html


def test_compare_notes_rows_whose_periods_differ(client, source):
    # A test-only figure for Chaoyang over a later period than Haidian's Jan-Nov 2023 figure.
    Observation.objects.create(
        indicator=Indicator.objects.get(slug="core-industries-revenue"),
        region=Region.objects.get(slug="chaoyang"),
        value=Decimal(5000),
        qualifier="exact",
        granularity="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        source=source,
        quote="测试",
    )
    response = client.get("/compare/?regions=haidian,chaoyang")
    row = next(r for r in response.context["rows"] if r.indicator.slug == "core-industries-revenue")
    assert row.periods_differ
    assert "各区数字的时期不同" in response.content.decode()
    response = client.get("/compare/?regions=chaoyang,yizhuang&indicator=core-industries-revenue")
    assert response.context["rows"][0].periods_differ


def test_compare_filters_by_topic_and_indicator(client):
    response = client.get("/compare/?regions=haidian,yizhuang&topic=applications")
    assert {r.indicator.topic for r in response.context["rows"]} == {"applications"}
    response = client.get("/compare/?regions=haidian,yizhuang&indicator=core-industries-revenue")
    assert [r.indicator.slug for r in response.context["rows"]] == ["core-industries-revenue"]


def test_compare_accepts_checkbox_form_values(client):
    response = client.get("/compare/?regions=haidian&regions=dongcheng")
    assert [r.slug for r in response.context["regions"]] == ["haidian", "dongcheng"]


def test_unknown_region_is_named_in_the_message(client):
    response = client.get("/compare/?regions=haidian,atlantis")
    assert response.status_code == 400
    assert "没有这些区域:atlantis" in response.content.decode()
    response = client.get("/en/compare/?regions=haidian,atlantis")
    assert "No such region: atlantis" in response.content.decode()


def test_more_than_eight_regions_is_refused_with_a_message(client):
    slugs = "haidian,chaoyang,yizhuang,dongcheng,xicheng,fengtai,shijingshan,mentougou,fangshan"
    response = client.get(f"/compare/?regions={slugs}")
    assert response.status_code == 400
    assert "最多比较 8 个区域" in response.content.decode()


def test_compare_shows_brands_side_by_side(client):
    html = client.get("/compare/").content.decode()
    assert (
        "人工智能产业高地" in html
        and "“3+X”特色产业集群" in html
        and "具身智能、信创和未来空间产业" in html
    )
