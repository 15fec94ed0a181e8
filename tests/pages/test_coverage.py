"""/coverage/: regions × topics (and one topic's indicators), how many figures and which periods."""

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models.functions import ExtractYear
from django.test.utils import CaptureQueriesContext

from core import caching
from core.paging import MAX_PAGE
from districts.models import Region
from indicators.models import Indicator, Observation, Topic
from pages import selectors
from pages.selectors import YearOf, figure_coverage, year_spans
from sources.models import Source
from tests.test_query_counts import MAX_QUERIES

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


# --- Paging, the kept grouping, bounded queries -------------------------------------------------


def row_slugs(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/districts/([^/]+)/">', html)


def column_slugs(html: str) -> list[str]:
    return re.findall(r'<th scope="col"><a href="/districts/([^/]+)/">', html)


def nav(html: str) -> str:
    found = re.search(r'<nav class="coverage-pages".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def ordered_slugs() -> list[str]:
    return list(Region.objects.order_by("order", "slug").values_list("slug", flat=True))


def test_one_page_of_regions_draws_no_page_navigation(client):
    """At the data release's size every region fits one page: the page looks as before."""
    for path in ("/coverage/", "/coverage/?topic=scale", "/en/coverage/?topic=ai"):
        html = client.get(path).content.decode()
        assert not nav(html) and 'rel="next"' not in html and "pagination" not in html, path
    assert row_slugs(client.get("/coverage/").content.decode()) == ordered_slugs()


def test_the_topics_table_pages_its_regions(client, monkeypatch):
    monkeypatch.setattr(selectors, "COVERAGE_ROWS", 5)
    slugs = ordered_slugs()
    pages = -(-len(slugs) // 5)
    first = client.get("/coverage/").content.decode()
    assert row_slugs(first) == slugs[:5]
    links = nav(first)
    assert 'aria-label="分页"' in links and 'aria-current="page">1<' in links
    assert '<a href="/coverage/?page=2" rel="next">' in links and 'rel="prev"' not in links
    assert f"第 1–5 个地区，共 {len(slugs)} 个。" in links
    second = client.get("/coverage/?page=2").content.decode()
    assert row_slugs(second) == slugs[5:10]
    assert '<a href="/coverage/" rel="prev">' in nav(second)  # page 1 is the plain address
    assert '<a href="/coverage/?page=3" rel="next">' in nav(second)
    # Every page together: every region once, in order.
    seen = []
    for number in range(1, pages + 1):
        seen += row_slugs(client.get("/coverage/", {"page": number}).content.decode())
    assert seen == slugs
    english = client.get("/en/coverage/?page=2").content.decode()
    assert '<a href="/en/coverage/?page=3" rel="next">' in nav(english)


def test_a_page_past_the_end_shows_the_last_page(client, monkeypatch):
    """As on the site's tables (core/paging.py): the last page, not an error or an empty table."""
    monkeypatch.setattr(selectors, "COVERAGE_ROWS", 5)
    slugs = ordered_slugs()
    pages = -(-len(slugs) // 5)
    response = client.get("/coverage/", {"page": str(MAX_PAGE)})
    assert response.status_code == 200
    html = response.content.decode()
    assert row_slugs(html) == slugs[(pages - 1) * 5 :]
    assert f'aria-current="page">{pages}<' in nav(html) and 'rel="next"' not in nav(html)


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "１", "+2", str(MAX_PAGE + 1)])
@pytest.mark.parametrize("path", ["/coverage/", "/coverage/?topic=scale"])
def test_a_bad_page_number_is_a_400_naming_the_range(client, path, value):
    response = client.get(path, {"page": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"page 应是 1 到 {MAX_PAGE} 之间的整数（收到“{value}”）。" in html
    response = client.get(f"/en{path}", {"page": value})
    assert response.status_code == 400


def test_a_repeated_page_is_a_400(client):
    assert client.get("/coverage/?page=1&page=2").status_code == 400


def test_a_topic_pages_its_region_columns_and_keeps_the_topic(client, monkeypatch):
    monkeypatch.setattr(selectors, "COVERAGE_COLUMNS", 3)
    reporting = set(
        Observation.objects.filter(indicator__topic="scale").values_list("region__slug", flat=True)
    )
    slugs = [s for s in ordered_slugs() if s in reporting]
    assert len(slugs) > 3
    first = client.get("/coverage/?topic=scale")
    assert column_slugs(first.content.decode()) == slugs[:3]
    links = nav(first.content.decode())
    assert '<a href="/coverage/?topic=scale&amp;page=2" rel="next">' in links
    assert f"本主题有数字的地区中的第 1–3 个，共 {len(slugs)} 个。" in links
    second = client.get("/coverage/?topic=scale&page=2")
    assert column_slugs(second.content.decode()) == slugs[3:6]
    assert '<a href="/coverage/?topic=scale" rel="prev">' in nav(second.content.decode())
    # The counts of this page's columns are those of the database.
    for indicator, cells in second.context["indicator_table"]:
        for region, cell in zip(second.context["region_columns"], cells, strict=True):
            n = Observation.objects.filter(indicator=indicator, region=region).count()
            assert cell.count == n, (indicator.slug, region.slug)
    # The regions silent in the topic are named on every page.
    assert second.context["silent_regions"] == first.context["silent_regions"]


def test_a_long_list_of_silent_regions_is_cut_and_counted(client, monkeypatch):
    monkeypatch.setattr(selectors, "COVERAGE_SILENT_NAMED", 2)
    response = client.get("/coverage/?topic=scale")
    silent = set(Region.objects.values_list("slug", flat=True)) - set(
        Observation.objects.filter(indicator__topic="scale").values_list("region__slug", flat=True)
    )
    assert len(silent) > 2
    assert len(response.context["silent_regions"]) == 2
    assert f"……（另有 {len(silent) - 2} 个）。" in response.content.decode()


def test_every_page_counts_and_years_equal_a_plain_count_over_the_figures(monkeypatch):
    """The kept grouping (years in the database's own SQL, folded in Python) gives the counts and
    years that counting and reading each figure gives."""
    monkeypatch.setattr(selectors, "COVERAGE_ROWS", 4)
    expected_counts, expected_years = defaultdict(int), defaultdict(set)
    for region, topic, end in Observation.objects.values_list(
        "region__slug", "indicator__topic", "period_end"
    ):
        expected_counts[(region, topic)] += 1
        expected_years[(region, topic)].add(end.year)
    rows = []
    for number in range(1, 10):
        rows += figure_coverage(page=number)["table"]
        if figure_coverage(page=number)["paging"].next == "":
            break
    assert [region.slug for region, _cells, _total in rows] == ordered_slugs()
    for region, cells, total in rows:
        assert total == sum(n for (slug, _t), n in expected_counts.items() if slug == region.slug)
        for cell, topic in zip(cells, Topic.values, strict=True):
            assert cell.key == topic
            assert cell.count == expected_counts.get((region.slug, topic), 0)
            assert cell.periods == year_spans(expected_years.get((region.slug, topic), ()))


def test_year_of_is_the_year_of_each_date():
    years = Observation.objects.annotate(y=YearOf("period_end")).values_list("y", "period_end")
    assert years and all(y == end.year for y, end in years)


def add_regions_with_figures(n: int):
    """``n`` more districts, each with figures in two topics over three years."""
    source = Source.objects.create(
        slug="coverage-test-source",
        title="覆盖测试来源",
        publisher="测试",
        published=dt.date(2030, 1, 1),
        language="zh",
        kind="news",
        file_name="",
    )
    regions = Region.objects.bulk_create(
        Region(
            slug=f"test-region-{i:03d}",
            name_zh=f"测试区{i:03d}",
            name_en=f"Test District {i:03d}",
            short_name_zh=f"测{i:03d}",
            short_name_en=f"T{i:03d}",
            kind="district",
            order=900 + i,
        )
        for i in range(n)
    )
    indicators = [
        *Indicator.objects.filter(topic="scale").order_by("pk")[:2],
        *Indicator.objects.filter(topic="ai").order_by("pk")[:2],
    ]
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            region=region,
            value=Decimal(10 + year),
            qualifier="exact",
            kind="actual",
            granularity="year",
            period_start=dt.date(2020 + year, 1, 1),
            period_end=dt.date(2020 + year, 12, 31),
            source=source,
            quote="测试",
        )
        for region in regions
        for indicator in indicators
        for year in range(3)
    )


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


PATHS = [
    "/coverage/",
    "/coverage/?topic=scale",
    "/en/coverage/?page=2",
    "/coverage/?topic=ai&page=3",
]


@pytest.mark.usefixtures("no_page_cache")
def test_queries_are_bounded_and_do_not_grow_with_regions(client):
    before = {}
    for path in PATHS:
        cache.clear()  # the first request groups every figure…
        cold = queries(client, path)
        warm = queries(client, path)  # …the next ones read the kept grouping
        assert warm <= cold <= MAX_QUERIES, (path, cold, warm)
        before[path] = (cold, warm)
    add_regions_with_figures(230)  # three pages of regions, ten pages of a topic's columns
    for path in PATHS:
        cache.clear()
        cold = queries(client, path)
        warm = queries(client, path)
        assert cold <= before[path][0] and warm <= before[path][1], (path, before[path])
    html = client.get("/coverage/?page=2").content.decode()
    assert len(row_slugs(html)) == 100 and nav(html)
    html = client.get("/coverage/?topic=scale&page=3").content.decode()
    assert len(column_slugs(html)) == selectors.COVERAGE_COLUMNS


@pytest.mark.usefixtures("no_page_cache")
def test_the_kept_grouping_is_read_until_the_data_changes(client):
    haidian = Region.objects.get(slug="haidian")
    total = Observation.objects.filter(region=haidian).count()
    link = 'href="/data/?region=haidian" class="coverage-count">{}</a>'
    assert link.format(total) in client.get("/coverage/").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/coverage/")
    assert not any("GROUP BY" in q["sql"] for q in ctx.captured_queries)  # read, not regrouped
    # An edit through the ORM (a figure moved from Haidian to Daxing) changes the data version.
    figure = Observation.objects.filter(region=haidian).first()
    figure.region = Region.objects.get(slug="daxing")
    figure.save()
    html = client.get("/coverage/").content.decode()
    assert link.format(total - 1) in html
    assert 'href="/data/?region=daxing" class="coverage-count">1</a>' in html
    figure.delete()
    html = client.get("/coverage/").content.decode()
    assert "?region=daxing" not in html


def test_the_grouping_is_computed_while_the_cache_is_down(client, monkeypatch):
    """core.caching.cached_value: with the cache unreachable, computed on every request."""

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("cache down")

    monkeypatch.setattr(caching.cache, "get", unreachable)
    monkeypatch.setattr(caching.cache, "set", unreachable)
    monkeypatch.setattr(caching, "_cache_down_until", 0.0)
    result = figure_coverage()
    assert result["table"] and sum(total for _r, _c, total in result["table"]) == (
        Observation.objects.count()
    )
