"""A figure's id: its identity (indicators.models.FIGURE_IDENTITY less the source) as one string.

``<indicator>.<region>.<site>.<period_start>.<period_end>.<kind>``, slugs and ISO dates, the site
empty for a region-level figure: ``digital-economy-value-added.beijing..2024-01-01.2024-12-31.actual``.
Slugs hold no dot, so the id splits back unambiguously. The API's /figures/<id>/, the release
files' ``figure_id`` column and the changelog all use it.
"""

import datetime as dt
import re
from dataclasses import dataclass

from indicators.models import Kind

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class FigureKey:
    indicator: str
    region: str
    site: str  # "" for the region itself
    period_start: dt.date
    period_end: dt.date
    kind: str

    @property
    def id(self) -> str:
        return ".".join(
            [
                self.indicator,
                self.region,
                self.site,
                self.period_start.isoformat(),
                self.period_end.isoformat(),
                self.kind,
            ]
        )


def figure_id(indicator: str, region: str, site: str | None, start, end, kind: str) -> str:
    return FigureKey(indicator, region, site or "", start, end, kind).id


def observation_figure_key(obs) -> FigureKey:
    """The figure an Observation (with indicator, region and site loaded) states."""
    return FigureKey(
        obs.indicator.slug,
        obs.region.slug,
        obs.site.slug if obs.site_id else "",
        obs.period_start,
        obs.period_end,
        obs.kind,
    )


def observation_figure_id(obs) -> str:
    """The id of the figure an Observation (with indicator, region and site loaded) states."""
    return observation_figure_key(obs).id


def parse_figure_id(text: str) -> FigureKey | None:
    """The key a figure id names, or None when the text is not one."""
    parts = (text or "").split(".")
    if len(parts) != 6:
        return None
    indicator, region, site, start, end, kind = parts
    if not (_SLUG.match(indicator) and _SLUG.match(region) and (site == "" or _SLUG.match(site))):
        return None
    if kind not in Kind.values:
        return None
    try:
        period_start, period_end = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    if len(start) != 10 or len(end) != 10:
        return None
    return FigureKey(indicator, region, site, period_start, period_end, kind)
