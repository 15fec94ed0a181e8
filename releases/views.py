"""/releases/, /releases/N/ with its downloads, and /embed/N/chart/… drawn from release N."""

import datetime as dt

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from core.parameters import accepts
from core.responses import bad_request
from releases.context_processors import current_release
from releases.frozen import (
    NotInRelease,
    compare_embed,
    frozen,
    ranking_embed,
    series_embed,
)
from releases.models import Release, ReleaseFile

# How many changelog rows a release page lists per kind of change (the JSON has them all).
CHANGELOG_ROWS = 500


@accepts()
def release_list(request):
    releases = Release.objects.order_by("-number").only(
        "number", "published_at", "note", "counts", "data_version"
    )
    return render(request, "releases/release_list.html", {"releases": releases})


@accepts()
def release_detail(request, number):
    release = get_object_or_404(Release, number=number)
    files = release.files.only("name", "media_type", "sha256", "size", "release_id").order_by(
        "order", "name"
    )
    log = release.changelog or {}
    latest = current_release()
    context = {
        "release": release,
        "files": files,
        "previous": log.get("previous"),
        "added": log.get("added", [])[:CHANGELOG_ROWS],
        "changed": log.get("changed", [])[:CHANGELOG_ROWS],
        "removed": log.get("removed", [])[:CHANGELOG_ROWS],
        "counts": {k: len(log.get(k, [])) for k in ("added", "changed", "removed")},
        "limit": CHANGELOG_ROWS,
        "latest": latest,
        "is_latest": latest is not None and latest.number == release.number,
    }
    return render(request, "releases/release_detail.html", context)


def release_file(request, number, name):
    """A release's file, byte for byte as published (never regenerated)."""
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    stored = get_object_or_404(
        ReleaseFile.objects.select_related("release"), release__number=number, name=name
    )
    etag = f'"{stored.sha256}"'
    if etag in [t.strip() for t in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(bytes(stored.content), content_type=stored.media_type)
        response["Content-Length"] = str(stored.size)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Access-Control-Allow-Origin"] = "*"
    response["Digest"] = f"sha-256={stored.sha256}"
    disposition = "inline" if name.endswith(".json") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


# --- Embeds --------------------------------------------------------------------------------------

EMBED_KINDS = ("series", "ranking", "compare")
MAX_EMBED_REGIONS = 8


def _period(text: str) -> tuple[dt.date, dt.date] | None:
    start, sep, end = (text or "").partition("_")
    if not sep:
        return None
    try:
        period = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return None
    return period if len(start) == len(end) == 10 else None


def embed_url(number: int, kind: str, indicator: str, **query) -> str:
    address = reverse("releases:embed", args=[number, kind, indicator])
    query = {k: v for k, v in query.items() if v}
    return f"{address}?{urlencode(query)}" if query else address


def _live_address(kind, indicator, region="", period="", regions="") -> str:
    """The live page the embedded chart comes from."""
    if kind == "series":
        return reverse("pages:region", args=[region])
    if kind == "ranking":
        address = reverse("indicators:detail", args=[indicator])
        return f"{address}?{urlencode({'period': period})}" if period else address
    return f"{reverse('pages:compare')}?{urlencode({'regions': regions, 'indicator': indicator})}"


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@accepts("region", "site", "period", "highlight", "regions")
def embed_chart(request, number, kind, indicator):
    """One chart and its data table as release ``number`` froze them, for an <iframe>.

    Any site may frame it (no X-Frame-Options, CSP frame-ancestors *), unlike every other page.
    An embed of an older release, or of a release the data has been edited since, says that
    newer data exists, with a link to the live page.
    """
    if kind not in EMBED_KINDS:
        raise Http404
    release = get_object_or_404(Release, number=number)
    query = request.GET
    region, site = query.get("region", "").strip(), query.get("site", "").strip()
    period_text, highlight = query.get("period", "").strip(), query.get("highlight", "").strip()
    regions_text = query.get("regions", "").strip()
    problems = []
    if kind == "series" and not region:
        problems.append(_("series 图需要 region 参数（区域标识）。"))
    period = None
    if kind == "ranking":
        period = _period(period_text)
        if period is None:
            problems.append(
                _(
                    "ranking 图需要 period 参数，写成 YYYY-MM-DD_YYYY-MM-DD，例如 2023-01-01_2023-12-31。"
                )
            )
    region_slugs = [s.strip() for s in regions_text.split(",") if s.strip()]
    if kind == "compare" and not (1 <= len(region_slugs) <= MAX_EMBED_REGIONS):
        problems.append(
            _("compare 图需要 regions 参数：1 到 %(max)d 个区域标识，用逗号分隔。")
            % {"max": MAX_EMBED_REGIONS}
        )
    if problems:
        return bad_request(request, problems)
    try:
        data = frozen(release, indicator)
        if kind == "series":
            chart, shown = series_embed(data, region, site)
        elif kind == "ranking":
            chart, shown = ranking_embed(data, period, highlight)
        else:
            chart, shown = compare_embed(data, region_slugs)
    except NotInRelease as exc:
        raise Http404(str(exc)) from exc

    latest = current_release()
    sources = sorted(
        {o.source.slug: o.source for o in shown}.values(), key=lambda s: (s.published, s.slug)
    )
    live = _live_address(
        kind, indicator, region=region, period=period_text, regions=",".join(region_slugs)
    )
    newer = latest is not None and (latest.number > release.number or latest.edited_since)
    context = {
        "release": release,
        "chart": chart,
        "shown": shown,
        "indicator": data.indicator,
        "sources": sources,
        "latest": latest,
        "newer": newer,
        "newer_release": latest.number if latest and latest.number > release.number else None,
        "live_url": live,
        "embedded": True,
        "kind": kind,
    }
    response = render(request, "releases/embed.html", context)
    response["Cache-Control"] = "public, max-age=300"
    return response
