"""A published release's data as model instances, for pages drawn from it (embeds).

The release's JSON document holds its tables (releases/tables.py). Its rows become unsaved
Indicator, Region, Site, Source and Observation instances, so the site's own rules and charts
(indicators/selectors.py: which statement is shown, series, rankings) apply to the frozen data
exactly as they do to the live data. Nothing here touches the live tables.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from districts.models import Region, RegionKind, Site
from indicators.models import Indicator, Kind, Observation
from indicators.selectors import (
    RANKING_LIMIT,
    latest,
    ranking,
    ranking_chart,
    representatives,
    series_chart,
    series_of,
)
from releases.models import Release
from releases.services import release_document
from sources.models import Source


class NotInRelease(Exception):
    """The release holds nothing for what was asked (an unknown slug, an empty chart)."""


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _numbered(rows):
    return {row["slug"]: (number, row) for number, row in enumerate(rows, start=1)}


@dataclass
class Frozen:
    """The frozen rows one chart needs, as instances (pks are positions in the release)."""

    release: Release
    indicator: Indicator
    regions: dict[str, Region]
    statements: list[Observation]

    def region(self, slug: str) -> Region:
        try:
            return self.regions[slug]
        except KeyError:
            raise NotInRelease(f"no region {slug!r} in release {self.release.number}") from None


def frozen(release: Release, indicator_slug: str) -> Frozen:
    """One indicator's statements in ``release``, with the regions, sites and sources."""
    document = release_document(release)
    indicators = _numbered(document["indicators"])
    if indicator_slug not in indicators:
        raise NotInRelease(f"no indicator {indicator_slug!r} in release {release.number}")
    pk, row = indicators[indicator_slug]
    indicator = Indicator(
        pk=pk,
        **{
            k: row[k]
            for k in ("slug", "name_zh", "name_en", "unit", "topic", "nature", "value_type")
        },
        definition_zh=row["definition_zh"],
        definition_en=row["definition_en"],
        order=row["order"],
    )

    region_rows = _numbered(document["regions"])
    regions = {
        slug: Region(
            pk=pk,
            slug=slug,
            kind=row["kind"],
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            short_name_zh=row["short_name_zh"],
            short_name_en=row["short_name_en"],
            aliases="\n".join(a for a in row["aliases"].split(" | ") if a),
            order=row["order"],
        )
        for slug, (pk, row) in region_rows.items()
    }
    for slug, (_pk, row) in region_rows.items():
        if row["parent"] in regions:
            regions[slug].parent = regions[row["parent"]]

    source_rows = _numbered(document["sources"])
    sources = {
        slug: Source(
            pk=pk,
            **{
                k: row[k]
                for k in (
                    "slug",
                    "title",
                    "title_en",
                    "publisher",
                    "publisher_en",
                    "published_precision",
                    "language",
                    "kind",
                    "url",
                )
            },
            published=_date(row["published"]),
        )
        for slug, (pk, row) in source_rows.items()
    }
    for slug, (_pk, row) in source_rows.items():
        if row["translation_of"] in sources:
            sources[slug].translation_of = sources[row["translation_of"]]

    site_rows = _numbered(document["sites"])
    sites = {
        slug: Site(
            pk=pk,
            slug=slug,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            region=regions[row["region"]],
            kind=row["kind"],
        )
        for slug, (pk, row) in site_rows.items()
        if row["region"] in regions
    }

    statements = []
    for number, row in enumerate(document["statements"], start=1):
        if row["indicator"] != indicator_slug:
            continue
        statements.append(
            Observation(
                pk=number,
                indicator=indicator,
                region=regions[row["region"]],
                site=sites.get(row["site"]) if row["site"] else None,
                value=Decimal(row["value"]),
                qualifier=row["qualifier"],
                kind=row["kind"],
                period_start=_date(row["period_start"]),
                period_end=_date(row["period_end"]),
                granularity=row["granularity"],
                source=sources[row["source"]],
                quote=row["quote"],
                note=row["note"],
            )
        )
    return Frozen(release, indicator, regions, statements)


# --- The charts an embed shows: the same builders as the live pages ----------------------------


def series_embed(data: Frozen, region_slug: str, site_slug: str = "") -> tuple[dict, list]:
    """A region's (or one of its sites') line of actual figures over time."""
    region = data.region(region_slug)
    own = [
        o
        for o in data.statements
        if o.region is region and ((o.site.slug if o.site else "") == site_slug)
    ]
    shown = representatives(own)
    series = series_of(shown, latest(shown))
    if not series:
        raise NotInRelease("no actual figures to draw")
    chart = series_chart(f"embed-series-{data.indicator.slug}", data.indicator, series)
    return chart, series


def ranking_embed(data: Frozen, period: tuple, highlight_slug: str = "") -> tuple[dict, list]:
    """Districts and zones on one indicator in one period, as the indicator's page ranks them."""
    highlight = data.region(highlight_slug) if highlight_slug else None
    statements = [
        o
        for o in data.statements
        if o.site is None
        and o.kind == Kind.ACTUAL
        and o.region.kind != RegionKind.CITY
        and (o.period_start, o.period_end) == period
    ]
    ranked, _mixes = ranking(representatives(statements), period)
    ranked = ranked[:RANKING_LIMIT]
    if not ranked:
        raise NotInRelease("no figures for that period")
    chart = ranking_chart(
        f"embed-ranking-{data.indicator.slug}", data.indicator, ranked, highlight=highlight
    )
    return chart, ranked


def compare_embed(data: Frozen, region_slugs: list[str]) -> tuple[dict | None, list]:
    """Each region's latest actual figure; a chart only when they share one period."""
    regions = [data.region(slug) for slug in region_slugs]
    shown = representatives(
        [o for o in data.statements if o.site is None and o.kind == Kind.ACTUAL]
    )
    cells = [latest([o for o in shown if o.region is region]) for region in regions]
    present = [c for c in cells if c is not None]
    if not present:
        raise NotInRelease("none of these regions reports the indicator")
    same_period = len({(c.period_start, c.period_end) for c in present}) == 1
    chart = (
        ranking_chart(f"embed-compare-{data.indicator.slug}", data.indicator, present)
        if len(present) >= 2 and same_period
        else None
    )
    return chart, present
