"""Reads that assemble one page each: the overview, a region's profile and the comparison."""

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.urls import reverse

from core.caching import cached_value
from districts.models import Brand, FeaturedIndustry, IndustryRole, Region, RegionKind, Site
from indicators.models import Indicator, Kind, Observation, Topic, period_label
from indicators.selectors import (
    by_topic,
    figures_by_indicator,
    latest,
    ranking,
    ranking_chart,
    representatives,
    series_chart,
)

# Headline figures on the overview, in this order.
HEADLINE_INDICATORS = [
    "digital-economy-value-added",
    "digital-economy-gdp-share",
    "digital-economy-growth",
    "core-industries-growth",
    "5g-base-stations",
    "registered-large-models",
    "intelligent-computing-capacity",
    "ai-enterprises",
]


def default_comparison() -> list[str]:
    """The comparison /compare/ shows with no selection: settings.DEFAULT_COMPARISON (the classic
    Haidian–Chaoyang–Yizhuang question) where those regions exist, else the city's first three
    districts and zones by order. An editor renaming a slug never breaks the page."""
    wanted = list(settings.DEFAULT_COMPARISON)
    existing = set(Region.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    chosen = [slug for slug in wanted if slug in existing][:MAX_COMPARED]
    if len(chosen) >= MIN_COMPARED:
        return chosen
    siblings = Region.objects.of_beijing().exclude(kind=RegionKind.CITY).order_by("order", "slug")
    return list(siblings.values_list("slug", flat=True)[:3])


MIN_COMPARED, MAX_COMPARED = 2, 8


def regions_with_brands(as_of=None, *, with_context: bool = False):
    """Regions with their brands and featured industries, in two extra queries.

    With ``as_of``, only what sources published by that day say. The context regions the
    sources set beside Beijing for comparison (全国, 上海市) are not Beijing's regions: they are
    left out — of /districts/ and the overview's cards — unless ``with_context`` (a profile, the
    comparison).
    """
    brands = Brand.objects.select_related("source").order_by("-source__published", "pk")
    featured = FeaturedIndustry.objects.select_related("industry", "source").order_by(
        "role", "industry__slug"
    )
    if as_of:
        brands = brands.filter(source__published__lte=as_of)
        featured = featured.filter(source__published__lte=as_of)
    regions = Region.objects.all() if with_context else Region.objects.of_beijing()
    return regions.select_related("parent").prefetch_related(
        Prefetch("brands", queryset=brands), Prefetch("featured_industries", queryset=featured)
    )


def _figures(as_of=None):
    statements = Observation.objects.all()
    return statements.as_of(as_of) if as_of else statements


def _sources_cited(*groups) -> list:
    seen = {}
    for group in groups:
        for item in group:
            for obs in [*getattr(item, "citations", [item]), *getattr(item, "earlier", [])]:
                seen.setdefault(obs.source_id, obs.source)
    return sorted(seen.values(), key=lambda s: (s.published, s.slug))


# --- Overview -----------------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: Observation
    actual: Observation | None


def overview():
    city = Region.objects.city()
    observations = representatives(Observation.objects.filter(region=city).with_related())
    figures = figures_by_indicator([o for o in observations if o.site_id is None])
    site_figures = figures_by_indicator([o for o in observations if o.site_id is not None])
    by_slug = {f.indicator.slug: f for f in figures}
    headlines = [
        by_slug[s] for s in HEADLINE_INDICATORS if s in by_slug and by_slug[s].latest_actual
    ]
    trends = [
        (f, series_chart(f"trend-{f.indicator.slug}", f.indicator, f.series))
        for f in figures + site_figures
        if len({o.period_end.year for o in f.series}) >= 2
    ]
    targets = []
    for f in figures + site_figures:
        for target in (o for o in f.observations if o.kind == Kind.TARGET):
            earlier = [o for o in f.series if o.period_end <= target.period_end]
            targets.append(TargetRow(target, latest(earlier) if earlier else None))
    targets.sort(key=lambda row: (-row.target.period_end.toordinal(), row.target.indicator.order))
    # The districts and zones of the city: never the city itself or a context region.
    # In the official order of the districts (Region.order), as on /districts/.
    cards = (
        regions_with_brands()
        .filter(parent=city)
        .annotate(figure_count=Count("observations"))
        .order_by("order", "slug")
    )
    return {
        "city": city,
        "headlines": headlines,
        "trends": trends,
        "targets": targets,
        "cards": cards,
    }


# --- Profile ------------------------------------------------------------------------------------


@dataclass
class Profile:
    region: Region
    brands: list
    featured: list[tuple[str, list]]
    sites: list
    topics: list
    site_figures: list[tuple[Site, list]]
    charts: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)
    peers: list = field(default_factory=list)
    has_figures: bool = False


def region_profile(region: Region, as_of=None) -> Profile:
    region = regions_with_brands(as_of, with_context=True).get(pk=region.pk)
    sites = Site.objects.filter(region=region).select_related("source").order_by("name_zh")
    sites = list(sites.filter(source__published__lte=as_of) if as_of else sites)
    # Figures the sources attribute to this region, including those about one of its sites.
    own = representatives(_figures(as_of).filter(region=region).with_related())
    region_level = [o for o in own if o.site_id is None]
    figures = figures_by_indicator(region_level)

    charts: dict[str, dict] = {}
    for fig in figures:
        if fig.has_series:
            charts[fig.indicator.slug] = series_chart(
                f"series-{fig.indicator.slug}", fig.indicator, fig.series
            )

    # Rankings among the region's siblings (the districts and zones of its city), for the
    # indicators it reports without a series (a series is the better chart where there is one),
    # in the period of the region's own latest figure: a ranking never mixes periods.
    ranked_figures = [f for f in figures if not f.has_series and f.latest_actual]
    peers_by_indicator: dict[int, list[Observation]] = defaultdict(list)
    if region.parent_id and ranked_figures:
        shared = (
            _figures(as_of)
            .filter(
                indicator__in=[f.indicator for f in ranked_figures],
                region__parent=region.parent_id,
                site__isnull=True,
                kind=Kind.ACTUAL,
            )
            .exclude(region__kind=RegionKind.CONTEXT)
        )
        for obs in representatives(shared.with_related()):
            peers_by_indicator[obs.indicator_id].append(obs)
    for fig in ranked_figures:
        period = (fig.latest_actual.period_start, fig.latest_actual.period_end)
        ranked, mixes = ranking(peers_by_indicator.get(fig.indicator.pk, []), period)
        if len(ranked) >= 2 and any(o.region_id == region.pk for o in ranked):
            fig.ranking = ranked
            fig.ranking_mixes_bounds = mixes
            chart = ranking_chart(
                f"ranking-{fig.indicator.slug}", fig.indicator, ranked, highlight=region
            )
            charts.setdefault(fig.indicator.slug, chart)
            fig.ranking_chart = chart

    site_groups: dict[int, list[Observation]] = defaultdict(list)
    for obs in own:
        if obs.site_id is not None:
            site_groups[obs.site_id].append(obs)
    site_by_id = {s.pk: s for s in sites}
    for obs in own:
        site_by_id.setdefault(obs.site_id, obs.site)
    site_figures = [
        (site_by_id[site_id], figures_by_indicator(group))
        for site_id, group in sorted(site_groups.items())
    ]

    roles = defaultdict(list)
    for featured in region.featured_industries.all():
        roles[featured.role].append(featured)
    featured = [(IndustryRole(r).label, roles[r]) for r in IndustryRole.values if r in roles]

    return Profile(
        region=region,
        brands=list(region.brands.all()),
        featured=featured,
        sites=sites,
        topics=by_topic(figures),
        site_figures=site_figures,
        charts=charts,
        sources=_sources_cited(own, region.brands.all(), region.featured_industries.all(), sites),
        peers=_peers(region),
        has_figures=bool(own),
    )


def _peers(region: Region) -> list[str]:
    """A comparison to offer from this profile: the region and the classic peers."""
    if region.kind == RegionKind.CITY:
        return default_comparison()
    if region.kind == RegionKind.CONTEXT:
        # Context is for comparing with the city, whose figures the sources set it beside.
        city = Region.objects.city()
        return [region.slug, city.slug] if city else [region.slug]
    peers = [region.slug] + [s for s in default_comparison() if s != region.slug]
    return peers[:3]


# --- Comparison ---


def choosable_regions(selected_slugs: list[str], *, selected_regions: list[Region] | None = None):
    """The regions offered as checkboxes: the selection, their siblings and their parents.

    For Beijing that is all 18; with every county of China loaded it stays a few hundred. The
    context regions (全国, 上海市) are offered only beside the city or one another, whose
    figures the sources compare them with — never among the districts. ``selected_regions``
    (the selection, already loaded) saves the query that looks up their kinds.
    """
    selected = Region.objects.filter(slug__in=selected_slugs)
    parents = selected.values("parent")
    choices = (
        Q(slug__in=selected_slugs)
        | Q(parent__in=parents)
        | Q(pk__in=parents)
        | Q(kind=RegionKind.CITY, parent__isnull=True)
    )
    beside_city = [RegionKind.CITY, RegionKind.CONTEXT]
    if selected_regions is not None:
        offers_context = any(r.kind in beside_city for r in selected_regions)
    else:
        offers_context = selected.filter(kind__in=beside_city).exists()
    if offers_context:
        choices |= Q(kind=RegionKind.CONTEXT)
    return Region.objects.filter(choices).order_by("order", "slug")


@dataclass
class CompareRow:
    indicator: Indicator
    cells: list  # one representative or None per selected region, in the selection's order
    periods_differ: bool
    chart: dict | None = None

    @property
    def reported_by_all(self) -> bool:
        return all(cell is not None for cell in self.cells)


@dataclass
class FeaturedGroup:
    """One industry a region features, once, with every role its sources give it (海淀's
    人工智能 is the 2025 press conference's flagship and the 2023 report's featured direction:
    two records, one line)."""

    industry: object
    records: list  # FeaturedIndustry rows, in role order

    @property
    def roles(self) -> list[str]:
        labels = []
        for record in self.records:
            label = record.get_role_display()
            if label not in labels:
                labels.append(label)
        return labels

    @property
    def readings(self) -> list:
        return [r for r in self.records if r.is_read_into]


def featured_groups(featured) -> list[FeaturedGroup]:
    """A region's featured-industry records, one group per industry, by its highest role
    (品牌产业 before 主导产业 before 未来产业 before 特色方向)."""
    rank = {role: i for i, role in enumerate(IndustryRole.values)}
    groups: dict[int, FeaturedGroup] = {}
    for record in sorted(featured, key=lambda f: (rank.get(f.role, len(rank)), f.industry.slug)):
        groups.setdefault(record.industry_id, FeaturedGroup(record.industry, [])).records.append(
            record
        )
    return list(groups.values())


def comparison(
    regions: list[Region],
    topic: str = "",
    indicator: Indicator | None = None,
    as_of=None,
    *,
    only_common: bool = False,
) -> dict:
    """Qualitative (brands, featured industries, sites) and figures for the selected regions.

    ``rows`` are the indicators any selected region reports (latest actual figure each);
    ``common_count`` says how many every selected region reports; ``only_common`` keeps those
    rows alone.
    """
    ids = [r.pk for r in regions]
    # Only each region's latest actual period per indicator leaves the database (a correlated
    # subquery on the (region, indicator, -period_end) index): a row shows the latest figure.
    latest_end = (
        _figures(as_of)
        .filter(
            region=OuterRef("region"),
            indicator=OuterRef("indicator"),
            site__isnull=True,
            kind=Kind.ACTUAL,
        )
        .order_by("-period_end")
        .values("period_end")[:1]
    )
    observations = (
        _figures(as_of)
        .filter(region__in=ids, site__isnull=True, kind=Kind.ACTUAL)
        .filter(period_end=Subquery(latest_end))
        .with_related()
    )
    if topic:
        observations = observations.filter(indicator__topic=topic)
    if indicator is not None:
        observations = observations.filter(indicator=indicator)
    reps = representatives(observations)
    per_indicator: dict[int, dict[int, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    indicators: dict[int, Indicator] = {}
    for obs in reps:
        per_indicator[obs.indicator_id][obs.region_id].append(obs)
        indicators[obs.indicator_id] = obs.indicator
    rows = []
    for ind_id, by_region in per_indicator.items():
        cells = [latest(by_region.get(pk, [])) for pk in ids]
        present = [c for c in cells if c is not None]
        row = CompareRow(
            indicator=indicators[ind_id],
            cells=cells,
            periods_differ=len({(c.period_start, c.period_end) for c in present}) > 1,
        )
        # A ranked chart never mixes periods: a row whose regions report different periods
        # keeps its table (each cell with its period) and a warning, and draws no chart.
        if len(present) >= 2 and not row.periods_differ:
            row.chart = ranking_chart(f"compare-{row.indicator.slug}", row.indicator, present)
        rows.append(row)
    rows.sort(
        key=lambda r: (-sum(c is not None for c in r.cells), r.indicator.topic, r.indicator.order)
    )
    total_count = len(rows)
    common_count = sum(row.reported_by_all for row in rows)
    if only_common:
        rows = [row for row in rows if row.reported_by_all]
    sites = Site.objects.select_related("source").order_by("name_zh")
    if as_of:
        sites = sites.filter(source__published__lte=as_of)
    selected = (
        regions_with_brands(as_of, with_context=True)
        .filter(pk__in=ids)
        .prefetch_related(Prefetch("sites", queryset=sites))
    )
    by_pk = {r.pk: r for r in selected}
    for region in by_pk.values():
        region.featured_groups = featured_groups(region.featured_industries.all())
    overlaps = (
        [
            (zone, district)
            for zone in regions
            for district in zone.overlaps.all()
            if district.pk in ids
        ]
        if any(r.kind == RegionKind.ZONE for r in regions)
        else []
    )
    return {
        "regions": [by_pk[pk] for pk in ids],
        "rows": rows,
        "common_count": common_count,
        "total_count": total_count,
        "only_common": only_common,
        "overlaps": overlaps,
        "has_zone": any(r.kind == RegionKind.ZONE for r in regions),
        "context_regions": [r for r in regions if r.kind == RegionKind.CONTEXT],
    }


# --- Coverage -----------------------------------------------------------------------------------

# Regions per page: rows of the topics table, columns of one topic's table.
COVERAGE_ROWS = 100
COVERAGE_COLUMNS = 25
# Regions silent in a topic named below its table, at most (the rest are counted).
COVERAGE_SILENT_NAMED = 100


class YearOf(ExtractYear):
    """The year of a date as an integer, in the database's own SQL: Django's ExtractYear calls a
    Python function for every row on SQLite (seconds over a million figures), which keeps a
    date as ``YYYY-MM-DD`` text, so the year is its first four characters; on PostgreSQL,
    EXTRACT's numeric is cast to an integer, which groups a quarter faster."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f"({sql})::integer", params


@dataclass
class CoverageCell:
    """How many figures the sources give for one region and one topic (or indicator), and for
    which periods. ``count == 0`` is drawn as an empty cell, never as a figure of 0."""

    key: str = ""  # the column's topic or region slug, for the link to these figures on /data/
    count: int = 0
    periods: list = field(default_factory=list)  # years (topics) or period labels (indicators)


def year_spans(years) -> list[str]:
    """[2020, 2021, 2022, 2024] → ["2020–2022", "2024"]: runs of years written as a span."""
    spans: list[list[int]] = []
    for year in sorted(set(years)):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return [f"{a}" if a == b else f"{a}–{b}" for a, b in spans]


@dataclass
class PageLink:
    number: int | None  # None: the gap between far pages ("…")
    href: str = ""
    current: bool = False


@dataclass
class CoveragePaging:
    """Which regions one page of /coverage/ shows (``first``–``last`` of ``total``, counted
    from 1) and its links to the others; one page: nothing to draw."""

    number: int
    count: int
    first: int
    last: int
    total: int
    previous: str = ""
    next: str = ""
    links: list[PageLink] = field(default_factory=list)


def _coverage_paging(items: list, per_page: int, number: int, topic: str):
    """The page ``number`` of ``items`` (a page past the end is the last page, as on the
    site's tables) and its paging links, which keep ``topic``."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(number)
    base = reverse("pages:coverage")

    def href(n: int) -> str:
        query = urlencode(
            [*([("topic", topic)] if topic else []), *([("page", n)] if n > 1 else [])]
        )
        return f"{base}?{query}" if query else base

    links = [
        PageLink(None)
        if n == paginator.ELLIPSIS
        else PageLink(n, href(n), current=n == page.number)
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    paging = CoveragePaging(
        number=page.number,
        count=paginator.num_pages,
        first=page.start_index(),
        last=page.end_index(),
        total=paginator.count,
        previous=href(page.previous_page_number()) if page.has_previous() else "",
        next=href(page.next_page_number()) if page.has_next() else "",
        links=links,
    )
    return list(page.object_list), paging


def _group_coverage() -> dict:
    """Every region's figures counted per topic, with their years as spans: ``regions`` the
    ids of every region in the pages' order, ``cells`` for each region with figures a tuple
    of (count, year spans) per topic in Topic's order. Plain tuples, small to keep (about
    170 kB pickled for 3,000 regions)."""
    regions = tuple(Region.objects.order_by("order", "slug").values_list("pk", flat=True))
    by_topic: dict[str, list[int]] = defaultdict(list)
    for pk, topic in Indicator.objects.values_list("pk", "topic"):
        by_topic[topic].append(pk)
    # Grouped in the database by region, topic and year, with no join and no function of
    # Python: the topic is the position of the figure's indicator in Topic (a CASE over the
    # indicators' ids) and the year is plain SQL (YearOf). Integer keys group faster than the
    # join to the indicators' topic names: at 1.7 million figures about 0.7 s on PostgreSQL
    # instead of 1.1 s, and within a tenth of the join on SQLite (1.2–1.5 s); about 130,000
    # groups leave the database.
    topic_of = Case(
        *(
            When(indicator__in=by_topic[topic], then=Value(position))
            for position, topic in enumerate(Topic.values)
            if by_topic[topic]
        ),
        output_field=IntegerField(),
    )
    positions = range(len(Topic.values))
    counts = [defaultdict(int) for _position in positions]
    years = [defaultdict(set) for _position in positions]
    if by_topic:
        grouped = (
            Observation.objects.order_by()
            .annotate(topic=topic_of, year=YearOf("period_end"))
            .values_list("region_id", "topic", "year")
            .annotate(n=Count("pk"))
        )
        # Plain integers need none of the ORM's per-value converters (0.2 s of 130,000 rows).
        with connection.cursor() as cursor:
            cursor.execute(*grouped.query.sql_with_params())
            rows = cursor.fetchall()
        for region_id, position, year, n in rows:
            counts[position][region_id] += n
            years[position][region_id].add(int(year))
    spans: dict[frozenset, tuple] = {frozenset(): ()}  # each set of years written once, kept once
    cells = {}
    for region_id in regions:
        row = []
        for position in positions:
            found = frozenset(years[position].get(region_id, ()))
            if found not in spans:
                spans[found] = tuple(year_spans(found))
            row.append((counts[position].get(region_id, 0), spans[found]))
        if any(n for n, _years in row):
            cells[region_id] = tuple(row)
    return {"regions": regions, "cells": cells}


def coverage_by_topic() -> dict:
    """``_group_coverage``, once per data version (core.caching.cached_value): the grouping
    reads every figure (about a second at 1.7 million figures), so the first request after a
    data change pays for it and the others read the kept result."""
    return cached_value("pages:coverage-by-topic", _group_coverage)


def figure_coverage(topic: str = "", page: int = 1) -> dict:
    """What exists: for every region, how many figures each topic has and for which years; with
    ``topic``, the same for each indicator of that topic, with the periods in words.

    Figures are counted in the database, never loaded. The regions × topics counts are kept
    per data version (``coverage_by_topic``): the first request after a data change pays for
    grouping every figure (at 1.7 million, about 1.5 s on SQLite and 0.8 s on PostgreSQL), the
    others read the kept counts. A page shows ``COVERAGE_ROWS`` regions, or with ``topic``
    ``COVERAGE_COLUMNS`` of the regions with figures in it, whose figures are grouped for that
    page alone: a page costs the same with 3,000 regions as with 20.
    """
    grouped = coverage_by_topic()
    columns = list(Topic.choices)
    empty_row = ((0, ()),) * len(columns)
    if not topic:
        ids, paging = _coverage_paging(list(grouped["regions"]), COVERAGE_ROWS, page, topic)
        by_pk = Region.objects.in_bulk(ids)
        table = []
        for region_id in (pk for pk in ids if pk in by_pk):  # one deleted meanwhile: left out
            row = grouped["cells"].get(region_id, empty_row)
            cells = [
                CoverageCell(key=value, count=n, periods=list(spans))
                for (value, _label), (n, spans) in zip(columns, row, strict=True)
            ]
            table.append((by_pk[region_id], cells, sum(c.count for c in cells)))
        return {"topic": "", "columns": columns, "table": table, "paging": paging}

    position = Topic.values.index(topic)
    reporting, silent = [], []
    for region_id in grouped["regions"]:
        row = grouped["cells"].get(region_id, empty_row)
        (reporting if row[position][0] else silent).append(region_id)
    ids, paging = _coverage_paging(reporting, COVERAGE_COLUMNS, page, topic)
    named_silent = silent[:COVERAGE_SILENT_NAMED]
    by_pk = Region.objects.in_bulk([*ids, *named_silent])
    region_columns = [by_pk[pk] for pk in ids if pk in by_pk]
    ids = [r.pk for r in region_columns]
    indicators = list(Indicator.objects.filter(topic=topic).order_by("order", "slug"))
    counts = defaultdict(CoverageCell)
    figures = (
        Observation.objects.filter(region__in=ids, indicator__in=[i.pk for i in indicators])
        .values("region_id", "indicator_id", "granularity", "period_start", "period_end")
        .annotate(n=Count("pk"))
        .order_by("period_end", "period_start")
    )
    for row in figures:
        cell = counts[(row["indicator_id"], row["region_id"])]
        cell.count += row["n"]
        label = period_label(row["granularity"], row["period_start"], row["period_end"])
        if label not in cell.periods:
            cell.periods.append(label)
    for (_ind, region_id), cell in counts.items():
        cell.key = by_pk[region_id].slug
    table = [
        (ind, [counts.get((ind.pk, r.pk), CoverageCell(key=r.slug)) for r in region_columns])
        for ind in indicators
    ]
    return {
        "topic": topic,
        "topic_label": Topic(topic).label,
        "region_columns": region_columns,
        "silent_regions": [by_pk[pk] for pk in named_silent if pk in by_pk],
        "silent_unnamed": len(silent) - len(named_silent),
        "indicator_table": table,
        "columns": columns,
        "paging": paging,
    }
