import csv
import io
import json
import re

import pytest

from districts.models import Region

pytestmark = pytest.mark.django_db


def chart_payloads(html: str) -> dict[str, dict]:
    """Every chart's data on a page, by its id without the "chart-data-" prefix."""
    return {
        m.group(1).removeprefix("chart-data-"): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


# --- /districts/


def test_district_list_shows_all_18_regions(client):
    html = client.get("/districts/").content.decode()
    beijing = Region.objects.of_beijing()
    assert beijing.count() == 18
    for region in beijing:
        assert region.name_zh in html
    # The context regions (全国, 上海市) are not Beijing's: never a row of this table.
    assert "上海市" not in html and ">全国<" not in html


def test_district_list_in_english_names_regions_in_english(client):
    html = client.get("/en/districts/").content.decode()
    assert "Haidian District" in html
    assert "Beijing Economic-Technological Development Area" in html


@pytest.mark.parametrize("alias", ["亦庄", "E-Town", "经开区", "Yizhuang"])
def test_text_search_finds_the_zone_by_any_alias(client, alias):
    response = client.get("/districts/", {"q": alias, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[0] for r in rows[1:]] == ["北京经济技术开发区"]


def test_filter_by_featured_industry(client):
    response = client.get("/districts/", {"industry": "artificial-intelligence", "_export": "csv"})
    names = {r[0] for r in list(csv.reader(io.StringIO(response.content.decode())))[1:]}
    assert names == {"海淀区", "朝阳区"}


def test_filter_by_kind_and_topic(client):
    response = client.get("/districts/", {"kind": "district", "topic": "scale", "_export": "csv"})
    names = {r[0] for r in list(csv.reader(io.StringIO(response.content.decode())))[1:]}
    assert "海淀区" in names and "房山区" in names
    assert "大兴区" not in names and "北京经济技术开发区" not in names and "北京市" not in names


def test_district_download_as_xlsx(client):
    from openpyxl import load_workbook

    response = client.get("/en/districts/", {"kind": "zone", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == "Beijing Economic-Technological Development Area"
    assert len(rows) == 2


def test_district_table_sorts_and_counts_figures(client):
    response = client.get("/districts/", {"sort": "-name", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    assert rows[0][0] == "北京经济技术开发区" and rows[-1][0] == "北京市"
    counts = {r[0]: int(r[-1]) for r in rows}
    assert counts["海淀区"] == 4 and counts["大兴区"] == 0 and counts["北京市"] == 174


# --- /


def test_overview_shows_headlines_cards_and_targets(client):
    html = client.get("/").content.decode()
    assert "数字经济增加值" in html and "超2.2万亿元" in html
    assert html.count('class="card') >= 17 + 4
    assert '<span class="badge zone">功能区</span>' in html
    assert "目标与最新实际值" in html and "超4.5万P" in html


def test_overview_draws_every_city_series_with_two_years(client):
    charts = chart_payloads(client.get("/").content.decode())
    trend = charts["trend-digital-economy-value-added"]
    assert trend["labels"] == ["2023年", "2024年"]
    assert [p["text"] for p in trend["datasets"][0]["points"]] == ["1.88万亿元", "超2.2万亿元"]
    assert "trend-5g-base-stations" in charts


# --- /districts/<slug>/


def test_haidian_profile_shows_brand_and_revenue_as_lower_bound(client):
    html = client.get("/districts/haidian/").content.decode()
    assert "人工智能产业高地" in html
    assert "超2万亿元" in html
    assert "五道口人工智能产业园" in html
    assert "支持海淀区打造人工智能产业高地" in html  # the brand's quote


def test_haidian_profile_in_english(client):
    html = client.get("/en/districts/haidian/").content.decode()
    assert "Leading centre of the artificial-intelligence industry" in html
    assert "&gt; 2 trillion yuan" in html
    assert "Jan–Nov 2023" in html


def test_haidian_profile_ranks_it_among_districts_with_bounds_marked(client):
    charts = chart_payloads(client.get("/districts/haidian/").content.decode())
    ranking = charts["ranking-core-industries-revenue"]
    assert ranking["labels"][0] == "海淀"
    assert ranking["highlight"][0] is True
    assert all(p["bound"] == ">" for p in ranking["datasets"][0]["points"])
    assert "大兴" not in ranking["labels"]


def test_region_without_figures_says_so_and_shows_no_number(client):
    html = client.get("/districts/daxing/").content.decode()
    assert "本站收录的来源文献中暂无该区的数据" in html
    assert 'class="value' not in html
    html = client.get("/en/districts/daxing/").content.decode()
    assert "The sources hold no figures for this region yet" in html


def test_zone_profile_warns_about_overlap(client):
    html = client.get("/districts/yizhuang/").content.decode()
    assert "经开区是功能区，不是行政区。" in html
    assert "大兴区" in html and "通州区" in html


def test_site_no_source_places_is_filed_under_the_city_and_says_so(client):
    # The sources centre the pilot zone on 台湖 but name no district: it is not placed in 通州.
    assert "北京数据基础制度先行区" not in client.get("/districts/tongzhou/").content.decode()
    html = client.get("/districts/beijing/").content.decode()
    assert "北京数据基础制度先行区" in html
    assert "所在区未见于来源" in html
    assert "由本项目据常识归属" not in html


# --- /industries/


def test_industry_page_lists_regions_and_roles(client):
    html = client.get("/industries/embodied-intelligence/").content.decode()
    assert "北京经济技术开发区" in html and "品牌产业" in html
