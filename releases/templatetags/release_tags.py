"""{% chart_embed chart as embed %}: the <iframe> snippet that embeds a page's chart, pinned to the
latest release (releases/views.py, embed_chart).

A chart's payload says what it draws by its id (indicators/selectors.py: ``series-``, ``trend-``
and ``city-`` lines, ``ranking-`` and ``compare-`` bars, each followed by the indicator's slug);
the page's own context says for which region, period or regions. A chart this cannot place gets
no embed link rather than a wrong one (tests/releases/test_embeds.py checks that every chart on
the public pages gets one).
"""

from django import template
from django.utils.html import format_html

from indicators.chart_html import chart_html, png_name
from releases.views import embed_url

register = template.Library()

LINE_PREFIXES = ("series", "trend", "city")


def _series_observations(context, kind):
    if kind == "city":
        figures = context.get("city")
        return getattr(figures, "series", None)
    figures = context.get("fig")
    return getattr(figures, "series", None)


def _spec(context, chart) -> tuple[str, str, dict] | None:
    chart_id = str(chart.get("id", "")).removeprefix("chart-data-")
    prefix, _sep, indicator = chart_id.partition("-")
    if not indicator:
        return None
    if prefix in LINE_PREFIXES:
        series = _series_observations(context, prefix)
        if not series:
            return None
        first = series[0]
        site = first.site.slug if first.site_id else ""
        return "series", indicator, {"region": first.region.slug, "site": site}
    if prefix == "ranking":
        fig = context.get("fig")
        ranked = getattr(fig, "ranking", None) or context.get("ranked")
        if not ranked:
            return None
        first = ranked[0]
        period = f"{first.period_start.isoformat()}_{first.period_end.isoformat()}"
        profile = context.get("profile")
        highlight = profile.region.slug if getattr(fig, "ranking", None) and profile else ""
        return "ranking", indicator, {"period": period, "highlight": highlight}
    if prefix == "compare":
        regions = context.get("regions")
        if not regions:
            return None
        return "compare", indicator, {"regions": ",".join(r.slug for r in regions)}
    return None


@register.simple_tag(takes_context=True)
def chart_embed(context, chart):
    """{"url", "snippet", "release"} for the chart, or None (no release yet, or not placeable)."""
    release_info = context.get("data_release")
    request = context.get("request")
    latest = getattr(release_info, "latest", None)
    if latest is None or request is None or not chart:
        return None
    spec = _spec(context, chart)
    if spec is None:
        return None
    kind, indicator, query = spec
    url = request.build_absolute_uri(embed_url(latest.number, kind, indicator, **query))
    title = chart.get("title", "")
    snippet = format_html(
        '<iframe src="{}" title="{}" width="640" height="480" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        url,
        title,
    )
    return {"url": url, "snippet": str(snippet), "release": latest.number}


@register.simple_tag(takes_context=True)
def chart_block(context, chart):
    """{% chart_block chart %}: the chart's figure element (indicators/chart_html.py), with the
    PNG's name from the page's region or regions and the embed code (chart_embed)."""
    embedded = bool(context.get("embedded"))
    profile = context.get("profile")
    png = png_name(
        chart,
        region_slug=profile.region.slug if profile else "",
        selected_slugs=context.get("selected_slugs") or (),
    )
    embed = None if embedded else chart_embed(context, chart)
    return chart_html(chart, embedded=embedded, png=png, embed=embed)
