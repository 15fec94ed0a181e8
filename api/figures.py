"""Figures for the API: which figures a query selects, a page of them, and each as JSON.

A figure is (indicator, region, site, period, kind); its statements are the sources' statements
of it. The filters of /data/ (indicators/filters.py, the same FilterSet) select statements; a
figure is selected when any of its statements is, and then always comes with *every* statement
(as known on ``as_of``), the shown one chosen by the site's rule (indicators.selectors.
representatives) and the others marked as agreeing or earlier.

Figures are ordered by their ids' parts — indicator slug, region slug, site slug, period start,
period end, kind — in the database, and paged by cursor: a page is "the next N figures after
this one", so pages stay consistent while the data changes and cost the same at any depth. The
database sorts the statements of a few indicators at a time, not all of them (page_of_keys).
"""

from collections import defaultdict
from functools import reduce

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from api.serializers import absolute
from core.caching import cached_value
from indicators.formatting import format_value, plain_number
from indicators.models import Indicator, Observation, period_label
from indicators.selectors import representatives
from releases.identity import FigureKey, observation_figure_id, observation_figure_key

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


# A page of figures is looked for among the statements of a few indicators at a time (in slug
# order, the order's first part): the database sorts at most about CHUNK_STATEMENTS statements
# per query instead of every statement there is (seconds at a million figures). After
# MAX_CHUNKS such queries (a filter that selects few statements), the rest is one query.
CHUNK_STATEMENTS = 5000
MAX_CHUNKS = 2


def _indicators() -> list[tuple[str, int, int]]:
    """(slug, id, number of statements) of every indicator, in slug order. The indicators are
    read each time (a small table); their statements are counted once per data version
    (core.caching.cached_value) and only decide how many go in one query."""
    counts = cached_value(
        "api:indicator-statements",
        lambda: dict(
            Observation.objects.order_by().values_list("indicator").annotate(n=Count("id"))
        ),
    )
    return [
        (slug, pk, counts.get(pk, 0))
        for pk, slug in Indicator.objects.order_by("slug").values_list("pk", "slug")
    ]


def _chunks(indicators: list[tuple[str, int, int]]):
    """Lists of (slug, id) of indicators, each with about CHUNK_STATEMENTS statements (at least
    one indicator); after MAX_CHUNKS of them, one list of all that remain."""
    chunk, statements, made = [], 0, 0
    for position, (slug, pk, n) in enumerate(indicators):
        if chunk and statements + n > CHUNK_STATEMENTS:
            yield chunk
            made += 1
            chunk, statements = [], 0
            if made == MAX_CHUNKS:
                yield [(s, p) for s, p, _n in indicators[position:]]
                return
        chunk.append((slug, pk))
        statements += n
    if chunk:
        yield chunk


def _of(selected, chunk: list[tuple[str, int]], rest: bool):
    """The statements of these indicators. A chunk also names the range of its slugs, so that a
    database walking indicators in slug order reads only that range; the rest does not (its
    query comes only after a filter selected few statements: the filter's index leads)."""
    selected = selected.filter(indicator__in=[pk for _slug, pk in chunk])
    if rest:
        return selected
    slugs = [slug for slug, _pk in chunk]
    return selected.filter(indicator__slug__gte=min(slugs), indicator__slug__lte=max(slugs))


def page_of_keys(selected, size: int, after: FigureKey | None, before: FigureKey | None):
    """(keys of the page, whether there are more after them, whether there are some before)."""
    descending = before is not None
    cursor = before if descending else after
    indicators = _indicators()
    if descending:
        indicators = indicators[::-1]
    if cursor is not None:
        indicators = [
            row
            for row in indicators
            if (row[0] <= cursor.indicator if descending else row[0] >= cursor.indicator)
        ]
    order = [f"-{n}" for n in ORDER] if descending else list(ORDER)
    found: list[FigureKey] = []
    for number, chunk in enumerate(_chunks(indicators)):
        rows = keyed(_of(selected, chunk, rest=number == MAX_CHUNKS)).values(*ORDER).distinct()
        if cursor is not None:
            rows = rows.filter(_after(cursor, descending))
        found += [_key(r) for r in rows.order_by(*order)[: size + 1 - len(found)]]
        if len(found) > size:
            break
    if descending:
        return list(reversed(found[:size])), True, len(found) > size
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
        key = observation_figure_key(obs)
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
    fid = observation_figure_id(shown)
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
