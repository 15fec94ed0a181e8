"""The benchmark's synthetic shape (many cities of many districts) works on every page.

A small version of bench/synthetic.py's data set, generated into the test database only: pages
answer, stay within the query budget, and Beijing's pages are unchanged by other cities' data.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import SOURCE_SLUG, generate
from districts.models import Region
from indicators.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic():
    return generate(regions=24, indicators=6, periods=3)


def test_generator_writes_the_requested_shape(synthetic):
    assert synthetic == {"regions": 24, "indicators": 6, "periods": 3, "observations": 24 * 6 * 3}
    assert Region.objects.filter(slug__startswith="syn-", kind="city").count() == 1
    assert Observation.objects.filter(source__slug=SOURCE_SLUG).count() == 432
    assert not Observation.objects.filter(source__slug=SOURCE_SLUG, region__slug="haidian").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/districts/",
        "/districts/syn-c001/",
        "/districts/syn-c001-d005/",
        "/compare/?regions=syn-c001-d001,syn-c001-d002,haidian",
        "/indicators/",
        "/indicators/syn-i001/",
        "/sources/",
        f"/sources/{SOURCE_SLUG}/",
        "/data/?region=syn-c001-d003",
    ],
)
def test_pages_answer_within_the_query_budget_with_many_cities(client, synthetic, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 12


def test_beijing_overview_still_shows_only_its_own_districts(client, synthetic):
    html = client.get("/").content.decode()
    assert "合成市001" not in html
    assert "海淀区" in html


def test_indicator_ranking_ranks_districts_not_cities(client, synthetic):
    response = client.get("/indicators/syn-i001/")
    ranked = {o.region.slug for o in response.context["ranked"]}
    assert ranked and all(slug.startswith("syn-c001-d") for slug in ranked)
    assert response.context["period"].regions == 23  # the 23 districts; the city is not ranked
