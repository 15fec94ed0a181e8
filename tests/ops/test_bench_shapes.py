"""The benchmark's real shapes (bench/synthetic.py add_real_shapes) make the pages it measures.

Revisions by an older source, restatements and a translation, targets, single-period indicators
and places in rankings among 100 siblings — at a small scale, in the test database: every page
the benchmark times answers within the query budget and shows what the shape is for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import (
    NEWER_SOURCE_SLUG,
    OLDER_SOURCE_SLUG,
    SOURCE_SLUG,
    TRANSLATION_SLUG,
    add_real_shapes,
    generate,
)
from indicators.models import Observation

pytestmark = pytest.mark.django_db
MAX_QUERIES = 12


@pytest.fixture
def shapes():
    generate(regions=202, indicators=20, periods=5)
    return add_real_shapes()


def test_the_shapes_are_written(shapes):
    assert shapes["revised"] and shapes["restated"] and shapes["translated"]
    assert shapes["targets"] == 202 * 2  # every tenth of 20 indicators, every region
    assert shapes["places"] == 200  # two cities' 100 districts each
    assert (
        shapes["statements"]
        == Observation.objects.exclude(source__slug=SOURCE_SLUG)
        .filter(source__slug__startswith="synthetic-benchmark")
        .count()
    )
    revised = Observation.objects.filter(source__slug=OLDER_SOURCE_SLUG, kind="actual").first()
    shown = Observation.objects.get(
        source__slug=SOURCE_SLUG,
        indicator=revised.indicator,
        region=revised.region,
        period_start=revised.period_start,
        kind="actual",
    )
    assert shown.value != revised.value
    places = Observation.objects.filter(indicator__slug="syn-r001").values_list("value", flat=True)
    assert sorted(int(v) for v in places) == list(range(1, 101))


def _pages():
    revised = Observation.objects.filter(source__slug=OLDER_SOURCE_SLUG, kind="actual").first()
    region, indicator = revised.region.slug, revised.indicator.slug
    return revised, [
        f"/districts/{region}/",
        f"/en/districts/{region}/",
        f"/districts/{region}/?as_of=2024-06-30",
        f"/compare/?regions={region},syn-c001-d002,syn-c002-d001",
        f"/compare/?regions={region},syn-c001-d002&as_of=2024-06-30",
        f"/indicators/{indicator}/",
        f"/indicators/{indicator}/?period=2021-01-01_2021-12-31",
        f"/indicators/{indicator}/?as_of=2024-06-30",
        "/indicators/syn-p001/",
        "/indicators/syn-r001/",
        f"/sources/{NEWER_SOURCE_SLUG}/",
        f"/sources/{TRANSLATION_SLUG}/",
        "/data/?as_of=2024-06-30",
        "/data/?kind=target",
    ]


@pytest.mark.usefixtures("no_page_cache")
def test_every_page_the_benchmark_times_answers_within_the_query_budget(client, shapes):
    _revised, pages = _pages()
    for path in pages:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, path
        assert len(ctx.captured_queries) <= MAX_QUERIES, (path, len(ctx.captured_queries))


def test_a_revised_figure_shows_the_newest_statement_and_as_of_the_older(client, shapes):
    revised, _pages_ = _pages()
    html = client.get(f"/districts/{revised.region.slug}/").content.decode()
    assert "已修订" in html
    ranking = client.get("/indicators/syn-r001/").context["ranked"]
    assert [int(o.value) for o in ranking[:3]] == [1, 2, 3]  # a place: the lowest first
    single = client.get("/indicators/syn-p001/").context["period"]
    assert (single.start.isoformat(), single.end.isoformat()) == ("2023-01-01", "2023-11-30")
    assert single.regions == 200
