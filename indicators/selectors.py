"""Reads that assemble figures for a page: the rule for which statement is shown, rankings by
period, series and charts.

**How figures are chosen** (README, same heading). A *figure* is (indicator, region, site,
period, kind); each source's statement of it is a *statement*. The page shows the statement of
the most recently published source — a translation counts as its original (its date is the
original's) — and on the same day prefers the reader's language, then the more precise qualifier
(exact, then about, then a bound). When the statements disagree in value or qualifier the figure
is *revised*, and every other statement is listed as an earlier statement with its value,
qualifier, source and quote; statements that agree with the shown one are further citations.
Missing figures are simply absent: nothing here ever fills a gap with 0.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from districts.models import RegionKind
from indicators.choices import POINT_LIKE, Qualifier, ValueType
from indicators.formatting import format_number, format_value
from indicators.models import (
    BOUND_QUALIFIERS,
    QUALIFIER_SIGNS,
    Indicator,
    Kind,
    Observation,
    Topic,
    period_label,
)
from indicators.units import unit_label

# The more precise qualifier wins a same-day tie: an exact figure, then an approximate one, then
# a bound.
QUALIFIER_PRECISION = {
    Qualifier.EXACT: 0,
    Qualifier.ABOUT: 1,
    Qualifier.AT_LEAST: 2,
    Qualifier.MORE_THAN: 2,
    Qualifier.LESS_THAN: 2,
}


def _lang(lang: str | None = None) -> str:
    return "en" if (lang or get_language() or "zh-hans").startswith("en") else "zh"


def stated_on(source):
    """The date a statement counts from: a translation counts as its original."""
    return source.translation_of.published if source.translation_of_id else source.published


def statement_order(lang: str):
    """Sort key for the statements of one figure: the shown one first (the rule above)."""

    def key(obs: Observation):
        return (
            -stated_on(obs.source).toordinal(),
            obs.source.language != lang,
            QUALIFIER_PRECISION[obs.qualifier],
            obs.source_id,
        )

    return key


def statement_ordering_sql(lang: str) -> list:
    """The same order as statement_order(), for the database (rankings at scale)."""
    return [
        Coalesce(F("source__translation_of__published"), F("source__published")).desc(),
        Case(
            When(source__language=lang, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        Case(
            *(When(qualifier=q, then=Value(rank)) for q, rank in QUALIFIER_PRECISION.items()),
            output_field=IntegerField(),
        ).asc(),
        # The last tie-break by id, not slug: no collation can order ids differently.
        F("source_id").asc(),
    ]


def figure_key(obs: Observation) -> tuple:
    return (
        obs.indicator_id,
        obs.region_id,
        obs.site_id,
        obs.kind,
        obs.period_start,
        obs.period_end,
    )


def representatives(observations, lang: str | None = None) -> list[Observation]:
    """One shown statement per figure, chosen by the rule above.

    Each returned observation gets ``citations`` (the statements agreeing with it, itself
    first), ``earlier`` (the statements that differ in value or qualifier, newest first) and
    ``revised`` (whether there are any). Observations need ``source`` and its ``translation_of``
    loaded (``with_related()``).
    """
    order = statement_order(_lang(lang))
    figures: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        figures[figure_key(obs)].append(obs)
    result = []
    for statements in figures.values():
        statements.sort(key=order)
        shown = statements[0]
        same = (shown.value, shown.qualifier)
        shown.citations = [o for o in statements if (o.value, o.qualifier) == same]
        shown.earlier = [o for o in statements if (o.value, o.qualifier) != same]
        shown.revised = bool(shown.earlier)
        result.append(shown)
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
        newest = latest(group, Kind.ACTUAL)
        out.append(
            IndicatorFigures(
                indicator=group[0].indicator,
                observations=group,
                latest_actual=newest,
                latest_target=latest(group, Kind.TARGET),
                series=series_of(group, newest),
            )
        )
    out.sort(key=lambda f: (f.indicator.topic, f.indicator.order, f.indicator.slug))
    return out


def series_of(observations, newest: Observation | None) -> list[Observation]:
    """The figures one line may join: actual values only (never a target or an expectation),
    and either all points in time (stocks: 截至…末, 目前) or all periods (flows: a year, months),
    like the newest one. A line never joins a total at a date to an amount over a period."""
    if newest is None:
        return []
    point = newest.granularity in POINT_LIKE
    joined = [
        o for o in observations if o.kind == Kind.ACTUAL and (o.granularity in POINT_LIKE) == point
    ]
    return sorted(joined, key=lambda o: (o.period_end, o.period_start))


def by_topic(figures: list[IndicatorFigures]) -> list[tuple[str, list[IndicatorFigures]]]:
    """[(topic label, figures)] in the topics' order."""
    groups: dict[str, list[IndicatorFigures]] = defaultdict(list)
    for fig in figures:
        groups[fig.indicator.topic].append(fig)
    return [(topic.label, groups[topic.value]) for topic in Topic if topic.value in groups]


def ranking(observations, period: tuple | None = None) -> tuple[list[Observation], bool]:
    """Region-level actual representatives for one period, best first: the highest value first,
    except for a rank indicator (value type "rank", 全国第一 → 1), where the lowest comes first.

    ``period`` is (period_start, period_end); by default the latest period among them. A ranking
    never mixes periods. Returns the ranked observations and whether the ranking mixes bounds
    with exact values (then the order among bounded values is not known, and pages say so).
    """
    actual = [o for o in observations if o.kind == Kind.ACTUAL and o.site_id is None]
    if not actual:
        return [], False
    if period is None:
        latest_one = max(actual, key=lambda o: (o.period_end, o.period_start))
        period = (latest_one.period_start, latest_one.period_end)
    ranked = [o for o in actual if (o.period_start, o.period_end) == tuple(period)]
    lower_is_better = bool(ranked) and ranked[0].indicator.value_type == ValueType.RANK
    ranked.sort(key=lambda o: (o.value if lower_is_better else -o.value, o.region.order))
    mixes = any(o.qualifier in BOUND_QUALIFIERS for o in ranked)
    return ranked, mixes


RANKING_LIMIT = 50


@dataclass(frozen=True)
class RankingPeriod:
    """A period some regions report an indicator for, with how many regions do."""

    start: object
    end: object
    granularity: str
    regions: int

    @property
    def key(self) -> str:
        """How the period is written in the address: ?period=2023-01-01_2023-11-30."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        return period_label(self.granularity, self.start, self.end)


def _ranked_statements(indicator: Indicator, as_of=None):
    """Actual, region-level statements about regions below the city (districts and zones):
    never the city itself, nor the context regions (全国, 上海市) the sources set beside it."""
    base = Observation.objects.filter(
        indicator=indicator, site__isnull=True, kind=Kind.ACTUAL
    ).exclude(region__kind__in=[RegionKind.CITY, RegionKind.CONTEXT])
    return base.as_of(as_of) if as_of else base


def ranking_periods(indicator: Indicator, *, as_of=None) -> list[RankingPeriod]:
    """Every period with region-level figures, newest first, with how many regions each covers."""
    rows = (
        _ranked_statements(indicator, as_of)
        .values("period_start", "period_end")
        # One option per period, however its figures are labelled (a point and "current" on
        # one day, a year and 1-12月): any of its granularities names it.
        .annotate(regions=Count("region", distinct=True), granularity=Max("granularity"))
        .order_by("-period_end", "-period_start")
    )
    return [
        RankingPeriod(r["period_start"], r["period_end"], r["granularity"], r["regions"])
        for r in rows
    ]


def default_ranking_period(periods: list[RankingPeriod]) -> RankingPeriod | None:
    """The period covering the most regions; ties go to the latest."""
    return max(periods, key=lambda p: (p.regions, p.end, p.start), default=None)


def indicator_ranking(
    indicator: Indicator,
    period: RankingPeriod,
    *,
    limit: int = RANKING_LIMIT,
    as_of=None,
    lang: str | None = None,
) -> tuple[list[Observation], bool]:
    """The top ``limit`` regions on one indicator in one period, chosen in the database.

    Each region counts once, by the value of its shown statement (the rule above, in SQL), so a
    ranking limited to N regions shows N regions however many sources state each figure. Only
    those regions' statements leave the database, whatever the number of regions. Returns the
    ranked representatives and whether bounds are mixed in.
    """
    at = _ranked_statements(indicator, as_of).filter(
        period_start=period.start, period_end=period.end
    )
    shown_value = Subquery(
        at.filter(region=OuterRef("region"))
        .order_by(*statement_ordering_sql(_lang(lang)))
        .values("value")[:1]
    )
    top_regions = (
        at.values("region")
        .annotate(shown=shown_value, n=Count("id"))
        .order_by(
            "shown" if indicator.value_type == ValueType.RANK else "-shown",
            "region__order",
            "region",
        )
        .values_list("region", flat=True)[:limit]
    )
    statements = at.filter(region__in=list(top_regions)).with_related()
    ranked, mixes_bounds = ranking(representatives(statements, lang), (period.start, period.end))
    return ranked[:limit], mixes_bounds


# --- Charts -------------------------------------------------------------------------------------
# Series are built here and handed to the page with json_script; static/js/charts.js draws them.


def _point(obs: Observation, lang: str) -> dict:
    """One value of a chart: ``y`` as drawn, ``text`` as written in the table and the tooltip,
    ``bound`` the bound's sign (>, ≥, <) and ``mark`` how the chart's axis names it in the
    reader's language (超/以上/不足 in Chinese, >/≥/< in English).

    A change (value type "change": 增速, 变化) states its direction: +20% or −20%, the sign as
    stored, so a rise is never read as a fall or the other way round."""
    unit, qualifier = obs.indicator.unit, obs.qualifier
    text = format_value(obs.value, unit, qualifier, lang)
    if obs.indicator.value_type == ValueType.CHANGE and obs.value:
        number = format_number(abs(obs.value), unit, lang)
        sign = "+" if obs.value > 0 else "\u2212"
        text = format_value(abs(obs.value), unit, qualifier, lang).replace(number, sign + number, 1)
    bound = qualifier in BOUND_QUALIFIERS
    zh_sign, en_sign = QUALIFIER_SIGNS[qualifier]
    if _lang(lang) == "en":
        mark = en_sign
    else:
        mark = "以上" if qualifier == Qualifier.AT_LEAST else zh_sign
    return {
        "y": float(obs.value),
        "text": text,
        "bound": en_sign if bound else "",
        "mark": mark if bound else "",
    }


def _chart(
    chart_id: str, chart_type: str, indicator: Indicator, observations, labels, highlight
) -> dict:
    """The payload static/js/charts.js draws, with the same data as rows for the table beside it."""
    lang = get_language() or "zh-hans"
    points = [_point(o, lang) for o in observations]
    return {
        # Prefixed so a chart's data never shares an id with a heading or another element.
        "id": f"chart-data-{chart_id}",
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
        # Bars and lines alike: a value axis that does not start at zero exaggerates differences.
        "begin_at_zero": True,
    }


def series_chart(chart_id: str, indicator: Indicator, series: list[Observation]) -> dict:
    """A line chart of one indicator over time, one point per period.

    Time is proportional: each point's ``x`` is the middle of its period as a year and fraction
    (2024年 → 2024.5, 2023年1-11月 → 2023.46, 截至2023年末 → 2024.0), so unequal gaps between
    periods are drawn unequal; the axis is labelled with the periods' own labels."""
    labels = [o.period_label for o in series]
    chart = _chart(chart_id, "line", indicator, series, labels, [False] * len(series))
    for point, obs in zip(chart["datasets"][0]["points"], series, strict=True):
        point["x"] = _year_fraction(obs.period_start, obs.period_end)
    return chart


def _year_fraction(start, end) -> float:
    """The middle of the days ``start``..``end`` (both whole days) as a year and fraction."""
    middle = (start.toordinal() + end.toordinal() + 1) / 2
    year = date.fromordinal(int(middle)).year
    first = date(year, 1, 1).toordinal()
    days = date(year + 1, 1, 1).toordinal() - first
    return round(year + (middle - first) / days, 4)


def ranking_chart(
    chart_id: str, indicator: Indicator, ranked: list[Observation], highlight=None
) -> dict:
    """A bar chart of regions on one indicator; bounds are drawn lighter and labelled > or <."""
    labels = [o.region.short_name for o in ranked]
    marked = [highlight is not None and o.region_id == highlight.pk for o in ranked]
    return _chart(chart_id, "bar", indicator, ranked, labels, marked)
