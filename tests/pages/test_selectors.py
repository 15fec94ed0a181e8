"""The page-level reads: the overview's targets and headlines, the profile, the comparison."""

import datetime as dt
from decimal import Decimal

import pytest

from districts.models import Region
from indicators.models import Indicator, Kind, Observation
from pages.selectors import comparison, overview, region_profile
from sources.models import Source

pytestmark = pytest.mark.django_db


def test_each_target_sits_beside_the_latest_actual_up_to_its_end():
    for row in overview()["targets"]:
        assert row.target.kind == Kind.TARGET
        if row.actual is not None:
            assert row.actual.kind == Kind.ACTUAL
            assert row.actual.indicator_id == row.target.indicator_id
            assert row.actual.period_end <= row.target.period_end
            later = Observation.objects.filter(
                indicator=row.target.indicator,
                region=row.target.region,
                site=row.target.site,
                kind=Kind.ACTUAL,
                period_end__gt=row.actual.period_end,
                period_end__lte=row.target.period_end,
            )
            assert not later.exists(), f"{row.target}: a later actual exists"


def test_the_overview_is_the_city_found_by_kind_not_slug():
    city = Region.objects.get(kind="city")
    city.slug = "beijing-renamed"
    city.save()
    assert overview()["city"] == city


def test_headlines_show_only_figures_with_an_actual_value():
    for fig in overview()["headlines"]:
        assert fig.latest_actual is not None and fig.latest_actual.kind == Kind.ACTUAL


def test_a_comparison_leaves_a_region_without_the_figure_empty_never_zero():
    regions = [Region.objects.get(slug=s) for s in ("haidian", "daxing")]
    rows = comparison(regions)["rows"]
    assert rows
    for row in rows:
        assert row.cells[1] is None  # the sources hold no figure for Daxing
        if row.chart:
            assert len(row.chart["rows"]) == sum(c is not None for c in row.cells)


def test_a_profile_without_figures_says_so():
    assert region_profile(Region.objects.get(slug="yanqing")).has_figures is False


def test_a_comparison_row_shows_each_regions_latest_actual_period():
    source = Source.objects.get(slug="china-city-news-2025-07")
    indicator = Indicator.objects.get(slug="core-industries-revenue")
    haidian = Region.objects.get(slug="haidian")
    Observation.objects.create(
        indicator=indicator,
        region=haidian,
        value=Decimal(1),
        granularity="year",
        period_start=dt.date(2030, 1, 1),
        period_end=dt.date(2030, 12, 31),
        kind="target",
        source=source,
        quote="测试目标",
    )
    rows = comparison([haidian, Region.objects.get(slug="chaoyang")], indicator=indicator)["rows"]
    assert [c.period_end.year for c in rows[0].cells] == [2023, 2023]


def test_renaming_a_default_compared_slug_never_breaks_the_comparison(client):
    Region.objects.filter(slug="haidian").update(slug="haidian-renamed")
    assert client.get("/compare/").status_code == 200
    Region.objects.filter(slug="chaoyang").update(slug="chaoyang-renamed")
    response = client.get("/compare/")
    assert response.status_code == 200
    assert len(response.context["regions"]) == 3  # the city's first three by order


def test_renaming_the_city_slug_never_breaks_the_home_page(client):
    Region.objects.filter(kind="city").update(slug="bj")
    assert client.get("/").status_code == 200
