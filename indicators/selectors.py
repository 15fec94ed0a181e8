"""Reads that assemble figures for a page.

Several reports often state one figure: the 2024 value added has four citations, and report 003 is
the English version of 000. A page shows one *representative* per figure and period, chosen in
the reader's language where one exists (else the earliest source, the original statement), and
keeps the others as further citations. Missing figures are simply absent: nothing here ever fills
a gap with 0.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import get_language

from districts.models import RegionKind
from indicators.formatting import format_value
from indicators.models import BOUND_QUALIFIERS, QUALIFIER_SIGNS, Indicator, Kind, Observation, Topic
from indicators.units import unit_label


def _lang(lang: str | None = None) -> str:
    return "en" if (lang or get_language() or "zh-hans").startswith("en") else "zh"


def _preference(lang: str):
    def key(obs: Observation):
        return (obs.source.language != lang, obs.source.published, obs.source.slug)

    return key


def representatives(observations, lang: str | None = None) -> list[Observation]:
    """One observation per indicator, region, site, kind and period; the rest become citations.

    Each returned observation gets ``citations``: every observation standing for the same figure,
    itself first. Observations need ``source`` loaded (``with_related()``).
    """
    lang = _lang(lang)
    prefer = _preference(lang)
    # A translation restates its original: the same figure with another "current" date.
    facts: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        root = obs.source.translation_of_id or obs.source_id
        facts[
            (obs.indicator_id, obs.region_id, obs.site_id, obs.kind, obs.value, obs.qualifier, root)
        ].append(obs)
    periods: dict[tuple, list[Observation]] = defaultdict(list)
    for group in facts.values():
        chosen = min(group, key=prefer)
        chosen._twins = group
        periods[
            (
                chosen.indicator_id,
                chosen.region_id,
                chosen.site_id,
                chosen.kind,
                chosen.period_start,
                chosen.period_end,
            )
        ].append(chosen)
    result = []
    for group in periods.values():
        chosen = min(group, key=prefer)
        citations = [o for g in group for o in g._twins]
        citations.sort(key=lambda o: (o is not chosen, prefer(o)))
        chosen.citations = citations
        result.append(chosen)
    result.sort(
        key=lambda o: (
            o.indicator.topic,
            o.indicator.order,
            o.indicator.slug,
            o.period_end,
            o.period_start,
        )
    )
    return result


def latest(observations, kind: str = Kind.ACTUAL) -> Observation | None:
    """The representative of ``kind`` with the latest period, or None."""
    candidates = [o for o in observations if o.kind == kind]
    return max(candidates, key=lambda o: (o.period_end, o.period_start), default=None)


@dataclass
class IndicatorFigures:
    """One indicator's figures for one region (or site): the series, the latest, the targets."""

    indicator: Indicator
    observations: list[Observation]
    latest_actual: Observation | None = None
    latest_target: Observation | None = None
    series: list[Observation] = field(default_factory=list)

    @property
    def has_series(self) -> bool:
        return len(self.series) >= 2


def figures_by_indicator(observations) -> list[IndicatorFigures]:
    """Group representatives by indicator, each with its latest actual, latest target and series."""
    grouped: dict[int, list[Observation]] = defaultdict(list)
    for obs in observations:
        grouped[obs.indicator_id].append(obs)
    out = []
    for group in grouped.values():
        actual = [o for o in group if o.kind == Kind.ACTUAL]
        out.append(
            IndicatorFigures(
                indicator=group[0].indicator,
                observations=group,
                latest_actual=latest(group, Kind.ACTUAL),
                latest_target=latest(group, Kind.TARGET),
                series=sorted(actual, key=lambda o: (o.period_end, o.period_start)),
            )
        )
    out.sort(key=lambda f: (f.indicator.topic, f.indicator.order, f.indicator.slug))
    return out


def by_topic(figures: list[IndicatorFigures]) -> list[tuple[str, list[IndicatorFigures]]]:
    """[(topic label, figures)] in the topics' order."""
    groups: dict[str, list[IndicatorFigures]] = defaultdict(list)
    for fig in figures:
        groups[fig.indicator.topic].append(fig)
    return [(topic.label, groups[topic.value]) for topic in Topic if topic.value in groups]


def ranking(observations) -> tuple[list[Observation], bool]:
    """Region-level actual representatives for one indicator's latest period, highest first.

    Returns the ranked observations and whether the ranking mixes bounds with exact values
    (then the order among bounded values is not known, and pages say so).
    """
    actual = [o for o in observations if o.kind == Kind.ACTUAL and o.site_id is None]
    if not actual:
        return [], False
    period = max((o.period_end, o.period_start) for o in actual)
    ranked = [o for o in actual if (o.period_end, o.period_start) == period]
    ranked.sort(key=lambda o: (-o.value, o.region.order))
    mixes = any(o.qualifier in BOUND_QUALIFIERS for o in ranked)
    return ranked, mixes


RANKING_LIMIT = 50


def indicator_ranking(indicator: Indicator, limit: int = RANKING_LIMIT):
    """The top regions on one indicator in its latest period, computed in the database.

    Returns (ranked representatives, whether bounds are mixed in, how many regions report that
    period). Only the top ``limit`` rows leave the database, whatever the number of regions.
    """
    base = Observation.objects.filter(
        indicator=indicator, site__isnull=True, kind=Kind.ACTUAL
    ).exclude(region__kind=RegionKind.CITY)
    latest_period = (
        base.order_by("-period_end", "-period_start")
        .values_list("period_start", "period_end")
        .first()
    )
    if latest_period is None:
        return [], False, 0
    at = base.filter(period_start=latest_period[0], period_end=latest_period[1])
    total = at.values("region").distinct().count()
    mixes_bounds = at.filter(qualifier__in=BOUND_QUALIFIERS).exists()
    top = representatives(at.with_related().order_by("-value", "region__order")[: limit * 2])
    ranked, _ = ranking(top)
    return ranked[:limit], mixes_bounds, total


# --- Charts -------------------------------------------------------------------------------------
# Series are built here and handed to the page with json_script; static/js/charts.js draws them.


def _point(obs: Observation, lang: str) -> dict:
    return {
        "y": float(obs.value),
        "text": format_value(obs.value, obs.indicator.unit, obs.qualifier, lang),
        "bound": QUALIFIER_SIGNS[obs.qualifier][1] if obs.qualifier in BOUND_QUALIFIERS else "",
    }


def _chart(
    chart_id: str, chart_type: str, indicator: Indicator, observations, labels, highlight
) -> dict:
    """The payload static/js/charts.js draws, with the same data as rows for the table beside it."""
    lang = get_language() or "zh-hans"
    points = [_point(o, lang) for o in observations]
    return {
        "id": chart_id,
        "type": chart_type,
        "title": indicator.name,
        "unit": unit_label(indicator.unit, lang),
        "labels": labels,
        "highlight": highlight,
        "datasets": [{"label": indicator.name, "points": points}],
        "rows": [
            {"label": label, "text": p["text"]} for label, p in zip(labels, points, strict=True)
        ],
        "has_bounds": any(p["bound"] for p in points),
    }


def series_chart(chart_id: str, indicator: Indicator, series: list[Observation]) -> dict:
    """A line chart of one indicator over time, one point per period."""
    labels = [o.period_label for o in series]
    return _chart(chart_id, "line", indicator, series, labels, [False] * len(series))


def ranking_chart(
    chart_id: str, indicator: Indicator, ranked: list[Observation], highlight=None
) -> dict:
    """A bar chart of regions on one indicator; bounds are drawn lighter and labelled > or <."""
    labels = [o.region.short_name for o in ranked]
    marked = [highlight is not None and o.region_id == highlight.pk for o in ranked]
    return _chart(chart_id, "bar", indicator, ranked, labels, marked)
