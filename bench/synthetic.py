"""Synthetic figures for benchmarks: many regions, indicators and periods. Never real data.

Everything generated is marked: slugs start with ``syn-``, names with 合成, and every figure
cites a source whose slug starts with ``synthetic-benchmark`` and whose title says it is not
data. The generator refuses to run on a database that was not made for the benchmark (see
bench/benchmark.py).

``generate()`` writes the grid: every region × indicator × year, one statement each, from the
source ``synthetic-benchmark``. ``add_real_shapes()`` adds what the real reports look like on
top of it (README, "How figures are chosen"):

- **revisions**: for 5% of (region, indicator) pairs an older source (2024) stated each year up
  to 2023 with another value, so the page shows the 2025 statement, marks it revised and lists
  the earlier one; ``?as_of=`` before 2025 shows the older value;
- **restatements**: for another 5% a newer source (mid-2025) states the same value again (a
  further citation), and for 1% its English translation does too (a translation counts as its
  original's date: a same-day tie broken by language);
- **targets**: 2025 targets (kind ``target``) for every tenth indicator and every region;
- **single-period indicators**: five indicators each reported for one period only (January to
  November 2023) by every district, ranked among thousands;
- **places in rankings**: one rank indicator (名次, lower is better) per synthetic city, for one
  point in time, stating each of its 100 districts' place among its siblings (1…100).
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
OLDER_SOURCE_SLUG = "synthetic-benchmark-2024"
NEWER_SOURCE_SLUG = "synthetic-benchmark-2025b"
TRANSLATION_SLUG = "synthetic-benchmark-2025b-en"
SINGLE_PERIOD_INDICATORS = 5
# Shares of (region, indicator) pairs, chosen by (region + indicator) % 100: deterministic.
REVISED_PERCENT, RESTATED_PERCENT, TRANSLATED_PERCENT = 5, 5, 1


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


def _source(slug: str, published: dt.date, language: str = "zh", translation_of=None) -> Source:
    english = language == "en"
    return Source.objects.create(
        slug=slug,
        title=f"Synthetic benchmark data {slug}"
        if english
        else f"合成基准数据 {slug}(不是真实数据)",
        title_en=f"Synthetic benchmark data {slug} (for performance tests only, not real data)",
        publisher="bjdigital bench",
        publisher_en="bjdigital bench",
        published=published,
        language=language,
        kind="research_report",
        translation_of=translation_of,
        note="由 bench/synthetic.py 生成。",
    )


def _write(rows, chunk: int) -> int:
    written, batch = 0, []
    with transaction.atomic():
        for obs in rows:
            batch.append(obs)
            if len(batch) >= chunk:
                Observation.objects.bulk_create(batch, batch_size=5000)
                written += len(batch)
                batch = []
        if batch:
            Observation.objects.bulk_create(batch, batch_size=5000)
            written += len(batch)
    return written


def add_real_shapes(seed: int = 2027, chunk: int = 20_000) -> dict:
    """Revisions, restatements, a translation, targets, single-period and rank indicators over
    the grid ``generate()`` wrote (module docstring). Returns how many statements of each."""
    rng = random.Random(seed)
    older = _source(OLDER_SOURCE_SLUG, dt.date(2024, 3, 1))
    newer = _source(NEWER_SOURCE_SLUG, dt.date(2025, 6, 1))
    english = _source(TRANSLATION_SLUG, dt.date(2025, 6, 2), "en", translation_of=newer)
    grid = Observation.objects.filter(
        source__slug=SOURCE_SLUG, period_end__year__lte=2023
    ).values_list("indicator_id", "region_id", "period_start", "period_end", "value")
    counts = {"revised": 0, "restated": 0, "translated": 0}

    def restatements():
        for indicator_id, region_id, start, end, value in grid.iterator(chunk_size=chunk):
            share = (region_id + indicator_id) % 100
            if share < REVISED_PERCENT:
                kind, source, stated = "revised", older, value + rng.randint(1, 500)
            elif share < REVISED_PERCENT + RESTATED_PERCENT:
                kind, source, stated = "restated", newer, value
            else:
                continue
            counts[kind] += 1
            yield _statement(indicator_id, region_id, start, end, stated, source)
            if kind == "restated" and share < REVISED_PERCENT + TRANSLATED_PERCENT:
                counts["translated"] += 1
                yield _statement(indicator_id, region_id, start, end, value, english)

    _write(restatements(), chunk)

    regions = list(Region.objects.filter(slug__startswith="syn-").values_list("pk", "kind"))
    grid_indicators = list(
        Indicator.objects.filter(slug__startswith="syn-i")
        .order_by("order")
        .values_list("pk", flat=True)
    )
    target_indicators = grid_indicators[::10]
    counts["targets"] = _write(
        (
            Observation(
                indicator_id=indicator_id,
                region_id=region_id,
                value=Decimal(rng.randint(50_000, 200_000)),
                qualifier="at_least" if rng.random() < 0.3 else "exact",
                kind="target",
                granularity="year",
                period_start=dt.date(2025, 1, 1),
                period_end=dt.date(2025, 12, 31),
                source_id=older.pk,
                quote="合成目标",
                note="",
            )
            for region_id, _kind in regions
            for indicator_id in target_indicators
        ),
        chunk,
    )

    districts = [pk for pk, kind in regions if kind == RegionKind.DISTRICT]
    Indicator.objects.bulk_create(
        Indicator(
            slug=f"syn-p{i:03d}",
            name_zh=f"合成单期指标{i:03d}",
            name_en=f"Synthetic single-period indicator {i:03d}",
            unit="家",
            topic="enterprises",
            nature="flow",
            value_type="count",
            order=800 + i,
        )
        for i in range(1, SINGLE_PERIOD_INDICATORS + 1)
    )
    single = Indicator.objects.filter(slug__startswith="syn-p").values_list("pk", flat=True)
    counts["single_period"] = _write(
        (
            Observation(
                indicator_id=indicator_id,
                region_id=region_id,
                value=Decimal(rng.randint(1, 5_000)),
                qualifier="exact",
                kind="actual",
                granularity="months",
                period_start=dt.date(2023, 1, 1),
                period_end=dt.date(2023, 11, 30),
                source_id=older.pk,
                quote="合成",
                note="",
            )
            for indicator_id in single
            for region_id in districts
        ),
        chunk,
    )

    cities = list(
        Region.objects.filter(slug__startswith="syn-c", kind=RegionKind.CITY).order_by("order")
    )
    Indicator.objects.bulk_create(
        Indicator(
            slug=f"syn-r{index:03d}",
            name_zh=f"合成市{index:03d}各区排名",
            name_en=f"Synthetic city {index:03d}: place among its districts",
            unit="名次",
            topic="scale",
            nature="stock",
            value_type="rank",
            definition_zh=f"在合成市{index:03d}的各区中的名次。",
            definition_en=f"Place among the districts of synthetic city {index:03d}.",
            order=900 + index,
        )
        for index, _city in enumerate(cities, start=1)
    )
    rank_ids = dict(Indicator.objects.filter(slug__startswith="syn-r").values_list("slug", "pk"))

    def places():
        for index, city in enumerate(cities, start=1):
            siblings = list(city.children.order_by("order").values_list("pk", flat=True))
            order = list(range(1, len(siblings) + 1))
            rng.shuffle(order)
            for region_id, place in zip(siblings, order, strict=True):
                yield Observation(
                    indicator_id=rank_ids[f"syn-r{index:03d}"],
                    region_id=region_id,
                    value=Decimal(place),
                    qualifier="exact",
                    kind="actual",
                    granularity="point",
                    period_start=dt.date(2024, 11, 30),
                    period_end=dt.date(2024, 11, 30),
                    source_id=newer.pk,
                    quote="合成排名",
                    note="",
                )

    counts["places"] = _write(places(), chunk)
    counts["statements"] = sum(counts.values())
    return counts


def _statement(indicator_id, region_id, start, end, value, source) -> Observation:
    return Observation(
        indicator_id=indicator_id,
        region_id=region_id,
        value=value,
        qualifier="exact",
        kind="actual",
        granularity="year",
        period_start=start,
        period_end=end,
        source_id=source.pk,
        quote="合成",
        note="",
    )
