"""Query counts per page are bounded and do not grow with the number of rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Region
from indicators.models import Indicator, Observation
from sources.models import Source

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/districts/",
    "/districts/haidian/",
    "/districts/beijing/",
    "/compare/",
    "/coverage/",
    "/coverage/?topic=scale",
    "/indicators/",
    "/indicators/core-industries-revenue/",
    "/industries/",
    "/industries/artificial-intelligence/",
    "/sources/",
    "/sources/basss-report-2023/",
    "/data/",
]
MAX_QUERIES = 12


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def add_synthetic_figures(n_years: int = 6):
    """Test-only figures: many more rows for the indicators and regions the pages show."""
    source = Source.objects.create(
        slug="synthetic-test-source",
        title="合成测试来源",
        publisher="测试",
        published=dt.date(2030, 1, 1),
        language="zh",
        kind="news",
        file_name="",
    )
    regions = list(Region.objects.all())
    indicators = list(
        Indicator.objects.filter(
            slug__in=["core-industries-revenue", "digital-economy-value-added"]
        )
    )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            region=region,
            value=Decimal(100 + i),
            qualifier="exact",
            kind="actual",
            granularity="year",
            period_start=dt.date(2000 + i, 1, 1),
            period_end=dt.date(2000 + i, 12, 31),
            source=source,
            quote="测试",
        )
        for indicator in indicators
        for region in regions
        for i in range(n_years)
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.usefixtures("no_page_cache")
def test_query_count_is_bounded_and_does_not_grow_with_rows(client, path):
    before = count(client, path)
    assert before <= MAX_QUERIES, f"{path}: {before} queries"
    add_synthetic_figures()
    after = count(client, path)
    assert after <= before, f"{path}: {before} queries before, {after} after adding rows"
