import datetime as dt
from decimal import Decimal

import pytest

from core.parameters import declared_parameters
from districts.models import FeaturedIndustry, Region
from indicators.models import Indicator, Observation
from pages.views import compare
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
    assert "没有这些区域：atlantis" in response.content.decode()
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


# --- How thin the overlap is, and the switch that keeps only the shared rows ---

DEFAULT = ["haidian", "chaoyang", "yizhuang"]


def reported(slugs: list[str]) -> tuple[set[str], set[str]]:
    """From the database directly: indicators every region reports and those any region
    reports (region-level actual figures, as the comparison's rows)."""
    by_region = {
        slug: set(
            Observation.objects.filter(
                region__slug=slug, site__isnull=True, kind="actual"
            ).values_list("indicator__slug", flat=True)
        )
        for slug in slugs
    }
    return set.intersection(*by_region.values()), set.union(*by_region.values())


def test_compare_states_how_many_indicators_every_selected_region_reports(client):
    common, any_ = reported(DEFAULT)
    assert 0 < len(common) < len(any_)  # the fixture's real, thin overlap
    response = client.get("/compare/")
    assert response.context["common_count"] == len(common)
    assert response.context["total_count"] == len(any_)
    html = response.content.decode()
    assert f"所选3个地区共同报告的指标：{len(common)}个（共{len(any_)}个指标）" in html


def test_the_common_switch_hides_exactly_the_rows_not_reported_by_all(client):
    common, any_ = reported(DEFAULT)
    every_row = client.get("/compare/").context["rows"]
    assert {r.indicator.slug for r in every_row} == any_
    response = client.get("/compare/?common=1")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert {r.indicator.slug for r in rows} == common
    assert all(cell is not None for r in rows for cell in r.cells)
    html = response.content.decode()
    for slug in any_ - common:
        assert f'href="/indicators/{slug}/"' not in html.split('id="figures"')[1]
    # The statement of the overlap stays the same whichever rows are shown.
    assert response.context["total_count"] == len(any_)
    assert 'name="common" value="1" checked' in html


def test_the_common_switch_links_both_ways_keeping_the_selection(client):
    path = "/compare/?regions=haidian,chaoyang&indicator=core-industries-revenue"
    html = client.get(path).content.decode()
    assert (
        'href="?regions=haidian%2Cchaoyang&amp;indicator=core-industries-revenue&amp;common=1"'
        in html
    )
    html = client.get("/compare/?regions=haidian,chaoyang&common=1").content.decode()
    assert 'href="/compare/?regions=haidian%2Cchaoyang">' in html


@pytest.mark.parametrize("value", ["yes", "0", "true", "2"])
def test_a_bad_common_value_is_a_400_naming_the_parameter(client, value):
    response = client.get(f"/compare/?common={value}")
    assert response.status_code == 400
    assert "参数 common 只能是 1 或留空" in response.content.decode()


def test_the_page_cache_keys_on_the_common_switch(client):
    # Declared with @accepts: the switch is one of the page's own parameters, so both pages
    # are cached, each under its own key (a switch not declared would be served uncached).
    assert "common" in declared_parameters(compare).names
    first = client.get("/compare/").context["rows"]
    shared = client.get("/compare/?common=1").context["rows"]
    assert len(shared) < len(first)


def test_an_industry_with_two_roles_is_listed_once_with_both(client):
    # Haidian's 人工智能: the 2025 press conference's flagship, the 2023 report's featured
    # direction — two records, one line on the comparison.
    records = FeaturedIndustry.objects.filter(
        region__slug="haidian", industry__slug="artificial-intelligence"
    )
    assert {f.role for f in records} == {"flagship", "featured"}
    response = client.get("/compare/")
    haidian = response.context["regions"][0]
    ai = [g for g in haidian.featured_groups if g.industry.slug == "artificial-intelligence"]
    assert len(ai) == 1
    assert ai[0].roles == ["品牌产业", "特色方向"]
    featuring = FeaturedIndustry.objects.filter(
        region__slug__in=DEFAULT, industry__slug="artificial-intelligence"
    )
    brands_table = response.content.decode().split('id="figures"')[0]
    link = 'href="/industries/artificial-intelligence/">人工智能</a>'
    assert brands_table.count(link) == featuring.values("region").distinct().count()
    assert "人工智能</a> <small>（品牌产业、特色方向）</small>" in brands_table


def test_the_qualitative_comparison_leads_and_lists_sites(client):
    html = client.get("/compare/").content.decode()
    assert html.index('id="brands"') < html.index('id="figures"')
    brands_table = html.split('id="figures"')[0]
    assert "园区与项目" in brands_table
    assert "小米汽车超级工厂" in brands_table


def test_compare_links_to_the_coverage_page(client):
    assert 'href="/coverage/"' in client.get("/compare/").content.decode()
    assert 'href="/en/coverage/"' in client.get("/en/compare/").content.decode()
