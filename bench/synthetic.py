"""Synthetic figures for benchmarks: many regions, indicators and periods. Never real data.

Everything generated is marked: slugs start with ``syn-``, names with 合成, and every figure
cites the source ``synthetic-benchmark`` whose title says it is not data. The generator refuses
to run on a database that was not made for the benchmark (see bench/benchmark.py).
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

# Imported after django.setup() by bench/benchmark.py and tests/test_bench_shape.py.
from districts.models import Region, RegionKind
from indicators.models import Indicator, Observation
from sources.models import Source

DISTRICTS_PER_CITY = 100
SOURCE_SLUG = "synthetic-benchmark"


def synthetic_region_slug(city: int, district: int | None = None) -> str:
    return f"syn-c{city:03d}" if district is None else f"syn-c{city:03d}-d{district:03d}"


def generate(
    regions: int, indicators: int, periods: int, seed: int = 2026, chunk: int = 20_000
) -> dict:
    """Regions as synthetic cities of 100 districts each (like China's prefecture cities and
    their counties); every region gets every indicator for every period (years ending 2024)."""
    rng = random.Random(seed)
    source = Source.objects.create(
        slug=SOURCE_SLUG,
        title="合成基准数据(仅用于性能测试,不是真实数据)",
        title_en="Synthetic benchmark data (for performance tests only, not real data)",
        publisher="bjdigital bench",
        publisher_en="bjdigital bench",
        published=dt.date(2025, 1, 1),
        language="zh",
        kind="research_report",
        note="由 bench/synthetic.py 生成。",
    )
    n_cities = max(1, -(-regions // (DISTRICTS_PER_CITY + 1)))
    region_rows = []
    order = 1000
    for c in range(1, n_cities + 1):
        order += 1
        region_rows.append(
            Region(
                slug=synthetic_region_slug(c),
                kind=RegionKind.CITY,
                name_zh=f"合成市{c:03d}",
                name_en=f"Synthetic city {c:03d}",
                short_name_zh=f"合成市{c:03d}",
                short_name_en=f"Syn city {c:03d}",
                order=order,
            )
        )
    Region.objects.bulk_create(region_rows)
    cities = list(Region.objects.filter(slug__startswith="syn-c").order_by("order"))
    district_rows = []
    remaining = regions - len(cities)
    for index, city in enumerate(cities, start=1):
        for d in range(1, min(DISTRICTS_PER_CITY, remaining) + 1):
            order += 1
            district_rows.append(
                Region(
                    slug=synthetic_region_slug(index, d),
                    kind=RegionKind.DISTRICT,
                    name_zh=f"合成市{index:03d}区{d:03d}",
                    name_en=f"Synthetic district {index:03d}-{d:03d}",
                    short_name_zh=f"合成{index:03d}-{d:03d}",
                    short_name_en=f"Syn {index:03d}-{d:03d}",
                    parent=city,
                    order=order,
                )
            )
        remaining -= min(DISTRICTS_PER_CITY, remaining)
    Region.objects.bulk_create(district_rows, batch_size=1000)
    all_regions = list(Region.objects.filter(slug__startswith="syn-").values_list("pk", flat=True))

    topics = [
        "scale",
        "ai",
        "infrastructure",
        "data",
        "enterprises",
        "innovation",
        "applications",
        "openness",
    ]
    Indicator.objects.bulk_create(
        Indicator(
            slug=f"syn-i{i:03d}",
            name_zh=f"合成指标{i:03d}",
            name_en=f"Synthetic indicator {i:03d}",
            unit="家",
            topic=topics[i % len(topics)],
            nature="stock",
            value_type="count",
            order=500 + i,
        )
        for i in range(1, indicators + 1)
    )
    indicator_ids = list(
        Indicator.objects.filter(slug__startswith="syn-i").values_list("pk", flat=True)
    )
    years = list(range(2024 - periods + 1, 2025))

    def rows():
        for region_id in all_regions:
            for indicator_id in indicator_ids:
                for year in years:
                    yield Observation(
                        indicator_id=indicator_id,
                        region_id=region_id,
                        value=Decimal(rng.randint(1, 100_000)),
                        qualifier="more_than" if rng.random() < 0.1 else "exact",
                        kind="actual",
                        granularity="year",
                        period_start=dt.date(year, 1, 1),
                        period_end=dt.date(year, 12, 31),
                        source_id=source.pk,
                        quote="合成",
                        note="",
                    )

    written = 0
    batch = []
    with transaction.atomic():
        for obs in rows():
            batch.append(obs)
            if len(batch) >= chunk:
                Observation.objects.bulk_create(batch, batch_size=5000)
                written += len(batch)
                batch = []
        if batch:
            Observation.objects.bulk_create(batch, batch_size=5000)
            written += len(batch)
    return {
        "regions": len(all_regions),
        "indicators": len(indicator_ids),
        "periods": len(years),
        "observations": written,
    }
