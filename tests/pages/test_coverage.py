"""/coverage/: regions × topics (and one topic's indicators), how many figures and which periods."""

import re

import pytest
from django.db.models.functions import ExtractYear

from districts.models import Region
from indicators.models import Indicator, Observation, Topic
from pages.selectors import figure_coverage, year_spans

pytestmark = pytest.mark.django_db


def test_coverage_counts_equal_the_database_for_every_region_and_topic():
    table = {region.slug: (cells, total) for region, cells, total in figure_coverage()["table"]}
    assert set(table) == set(Region.objects.values_list("slug", flat=True))
    for region in Region.objects.all():
        cells, total = table[region.slug]
        assert total == Observation.objects.filter(region=region).count(), region.slug
        for cell, (topic, _label) in zip(cells, Topic.choices, strict=True):
            figures = Observation.objects.filter(region=region, indicator__topic=topic)
            assert cell.count == figures.count(), (region.slug, topic)
            years = figures.annotate(y=ExtractYear("period_end")).values_list("y", flat=True)
            assert cell.periods == year_spans(years), (region.slug, topic)


def test_coverage_page_shows_every_region_total_and_no_fake_zero(client):
    response = client.get("/coverage/")
    assert response.status_code == 200
    html = response.content.decode()
    for region in Region.objects.all():
        total = Observation.objects.filter(region=region).count()
        row = re.search(
            rf'<th scope="row"><a href="/districts/{region.slug}/">.*?</tr>', html, re.S
        ).group(0)
        if total:
            assert f'href="/data/?region={region.slug}" class="coverage-count">{total}</a>' in row
        else:
            assert "coverage-count" not in row
    # An empty cell is a dash with a legend, never a figure of 0.
    assert "—" in html and "来源中没有数字（不是 0）" in html
    assert not re.search(r'class="coverage-count">0<', html)
    # Daxing: no source names it, so its whole row is empty.
    daxing = re.search(r'href="/districts/daxing/">.*?</tr>', html, re.S).group(0)
    assert "coverage-count" not in daxing and daxing.count("coverage-none") == len(Topic) + 1


def test_coverage_table_is_accessible(client):
    html = client.get("/coverage/").content.decode()
    assert "<caption>" in html
    assert html.count('<th scope="col">') == len(Topic) + 2
    assert html.count('<th scope="row">') == Region.objects.count()
    assert 'class="table-scroll"' in html


def test_a_topic_drills_down_to_its_indicators_with_periods(client):
    response = client.get("/coverage/?topic=scale")
    assert response.status_code == 200
    context = response.context
    assert [i for i, _cells in context["indicator_table"]] == list(
        Indicator.objects.filter(topic="scale").order_by("order", "slug")
    )
    columns = context["region_columns"]
    for indicator, cells in context["indicator_table"]:
        for region, cell in zip(columns, cells, strict=True):
            n = Observation.objects.filter(indicator=indicator, region=region).count()
            assert cell.count == n, (indicator.slug, region.slug)
    # Regions with nothing in the topic are named below the table rather than as empty columns.
    silent = {r.slug for r in context["silent_regions"]}
    with_figures = set(
        Observation.objects.filter(indicator__topic="scale").values_list("region__slug", flat=True)
    )
    assert silent == set(Region.objects.values_list("slug", flat=True)) - with_figures
    assert "2023年1-11月" in response.content.decode()


def test_an_unknown_topic_is_a_400_naming_it(client):
    response = client.get("/coverage/?topic=weather")
    assert response.status_code == 400
    assert "没有这个主题：weather" in response.content.decode()


def test_coverage_in_english_and_linked_from_every_page(client):
    response = client.get("/en/coverage/?topic=scale")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jan–Nov 2023" in html
    assert 'href="/en/coverage/"' in client.get("/en/").content.decode()
    assert 'href="/coverage/"' in client.get("/districts/haidian/").content.decode()


def test_year_spans_joins_runs():
    assert year_spans([2024, 2020, 2021, 2022, 2021]) == ["2020–2022", "2024"]
    assert year_spans([]) == []
