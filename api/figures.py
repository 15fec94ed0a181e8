"""Figures for the API: which figures a query selects, a page of them, and each as JSON.

A figure is (indicator, region, site, period, kind); its statements are the sources' statements
of it. The filters of /data/ (indicators/filters.py, the same FilterSet) select statements; a
figure is selected when any of its statements is, and then always comes with *every* statement
(as known on ``as_of``), the shown one chosen by the site's rule (indicators.selectors.
representatives) and the others marked as agreeing or earlier.

Figures are ordered by their ids' parts — indicator slug, region slug, site slug, period start,
period end, kind — in the database, and paged by cursor: a page is "the next N figures after
this one", so pages stay consistent while the data changes and cost the same at any depth.
"""

from collections import defaultdict
from functools import reduce

from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from api.serializers import absolute
from indicators.formatting import format_value, plain_number
from indicators.models import Observation, period_label
from indicators.selectors import representatives
from releases.identity import FigureKey, figure_id

ORDER = ("_indicator", "_region", "_site", "period_start", "period_end", "kind")


def keyed(statements):
    """Statements annotated with the parts of their figure's id, in the figures' order."""
    return statements.annotate(
        _indicator=F("indicator__slug"),
        _region=F("region__slug"),
        _site=Coalesce(F("site__slug"), Value("")),
    )


def _after(key: FigureKey, descending: bool = False) -> Q:
    """Figures after ``key`` in ORDER (before it when ``descending``): a lexicographic test."""
    values = [key.indicator, key.region, key.site, key.period_start, key.period_end, key.kind]
    op = "lt" if descending else "gt"
    alternatives = []
    for i, name in enumerate(ORDER):
        equal = {ORDER[j]: values[j] for j in range(i)}
        alternatives.append(Q(**equal, **{f"{name}__{op}": values[i]}))
    return reduce(lambda a, b: a | b, alternatives)


def _key(row: dict) -> FigureKey:
    return FigureKey(
        row["_indicator"],
        row["_region"],
        row["_site"],
        row["period_start"],
        row["period_end"],
        row["kind"],
    )


def page_of_keys(selected, size: int, after: FigureKey | None, before: FigureKey | None):
    """(keys of the page, whether there are more after them, whether there are some before)."""
    rows = keyed(selected).values(*ORDER).distinct()
    if before is not None:
        rows = rows.filter(_after(before, descending=True)).order_by(*(f"-{n}" for n in ORDER))
        found = [_key(r) for r in rows[: size + 1]]
        has_before = len(found) > size
        return list(reversed(found[:size])), True, has_before
    if after is not None:
        rows = rows.filter(_after(after))
    found = [_key(r) for r in rows.order_by(*ORDER)[: size + 1]]
    return found[:size], len(found) > size, after is not None


def statements_of(keys: list[FigureKey], as_of=None) -> dict[FigureKey, list[Observation]]:
    """Every statement of these figures (as known on ``as_of``), by figure."""
    if not keys:
        return {}
    statements = Observation.objects.with_related().filter(
        indicator__slug__in={k.indicator for k in keys},
        region__slug__in={k.region for k in keys},
        period_end__in={k.period_end for k in keys},
    )
    if as_of:
        statements = statements.as_of(as_of)
    wanted = set(keys)
    grouped: dict[FigureKey, list[Observation]] = defaultdict(list)
    for obs in statements:
        key = FigureKey(
            obs.indicator.slug,
            obs.region.slug,
            obs.site.slug if obs.site_id else "",
            obs.period_start,
            obs.period_end,
            obs.kind,
        )
        if key in wanted:
            grouped[key].append(obs)
    return grouped


def figure_statements(key: FigureKey, as_of=None) -> list[Observation]:
    return statements_of([key], as_of).get(key, [])


# --- JSON ---------------------------------------------------------------------------------------


def _source(source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "title_en": source.title_en,
        "publisher": source.publisher,
        "publisher_en": source.publisher_en,
        "published": source.published.isoformat(),
        "published_precision": source.published_precision,
        "language": source.language,
        "document_url": source.url,
    }


def _statement(obs: Observation, role: str) -> dict:
    unit = obs.indicator.unit
    return {
        "id": obs.pk,
        "role": role,
        "value": plain_number(obs.value),
        "qualifier": obs.qualifier,
        "kind": obs.kind,
        "period_start": obs.period_start.isoformat(),
        "period_end": obs.period_end.isoformat(),
        "granularity": obs.granularity,
        "display_zh": format_value(obs.value, unit, obs.qualifier, "zh-hans"),
        "display_en": format_value(obs.value, unit, obs.qualifier, "en"),
        "source": _source(obs.source),
        "quote": obs.quote,
        "note": obs.note,
    }


def _named(obj) -> dict:
    return {"slug": obj.slug, "name_zh": obj.name_zh, "name_en": obj.name_en}


def figure_json(shown: Observation, request, citation_text: str) -> dict:
    """One figure: the shown statement (from ``representatives``) with all of its statements."""
    fid = figure_id(
        shown.indicator.slug,
        shown.region.slug,
        shown.site.slug if shown.site_id else "",
        shown.period_start,
        shown.period_end,
        shown.kind,
    )
    agreeing = [o for o in shown.citations if o.pk != shown.pk]
    statements = [
        _statement(shown, "shown"),
        *(_statement(o, "agrees") for o in agreeing),
        *(_statement(o, "earlier") for o in shown.earlier),
    ]
    url = absolute(request, reverse("api:figure", args=[fid]))
    return {
        "id": fid,
        "url": url,
        "indicator": {
            **_named(shown.indicator),
            "unit": shown.indicator.unit,
            "topic": shown.indicator.topic,
        },
        "region": {**_named(shown.region), "kind": shown.region.kind},
        "site": _named(shown.site) if shown.site_id else None,
        "kind": shown.kind,
        "period": {
            "start": shown.period_start.isoformat(),
            "end": shown.period_end.isoformat(),
            "granularity": shown.granularity,
            "label_zh": period_label(shown.granularity, shown.period_start, shown.period_end, "zh"),
            "label_en": period_label(shown.granularity, shown.period_start, shown.period_end, "en"),
        },
        "revised": shown.revised,
        "shown": statements[0],
        "statements": statements,
        "citation": {
            "text": citation_text,
            "bibtex": absolute(request, reverse("api:figure-cite", args=[fid, "bib"])),
            "ris": absolute(request, reverse("api:figure-cite", args=[fid, "ris"])),
            "csl_json": absolute(request, reverse("api:figure-cite", args=[fid, "json"])),
        },
    }


def shown_of(statements: list[Observation], lang: str) -> Observation:
    """The figure's shown statement, with ``citations``, ``earlier`` and ``revised`` set."""
    return representatives(statements, lang)[0]
