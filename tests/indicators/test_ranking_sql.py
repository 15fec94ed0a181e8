"""indicator_ranking() chooses its top regions in SQL (statement_ordering_sql()); on any data it
must agree with the rule applied in Python: ranking(representatives(every statement), period)
cut to the limit. Hypothesis builds the data: districts of a test city, sources published on few
enough days that ties are common (some of them translations), values and qualifiers per region
and source, a reader's language, a limit and sometimes an as_of day.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.models import Observation
from indicators.selectors import (
    RankingPeriod,
    indicator_ranking,
    ranking,
    ranking_periods,
    representatives,
)
from tests.indicators.test_selectors import (
    make_indicator,
    make_obs,
    make_region,
    make_source,
    year,
)

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2024, 1, 1)
VALUES = ["1", "2", "2.5", "3", "10", "10.0001"]  # few, so equal values are common
QUALIFIERS = ["exact", "about", "more_than", "at_least", "less_than"]
YEARS = (2023, 2024)


@st.composite
def scenarios(draw):
    n_regions = draw(st.integers(3, 8))
    # Region order need not follow creation (primary key) order.
    orders = draw(st.permutations(range(n_regions)))
    n_sources = draw(st.integers(2, 5))
    # Slugs need not follow creation order either.
    slugs = draw(st.permutations("abcde"[:n_sources]))
    sources = []
    for i in range(n_sources):
        originals = [j for j, s in enumerate(sources) if s["translation_of"] is None]
        translation_of = None
        if originals and draw(st.booleans()):
            translation_of = draw(st.sampled_from(originals))
        if translation_of is None:
            day = draw(st.integers(0, 3))
        else:  # published on its original's day or later
            day = sources[translation_of]["day"] + draw(st.integers(0, 3))
        sources.append(
            {
                "slug": slugs[i],
                "day": day,
                "language": draw(st.sampled_from(["zh", "en"])),
                "translation_of": translation_of,
            }
        )
    statement = st.none() | st.tuples(st.sampled_from(VALUES), st.sampled_from(QUALIFIERS))
    statements = {
        (r, s, y): said
        for r in range(n_regions)
        for s in range(n_sources)
        for y in YEARS
        if (said := draw(statement)) is not None
    }
    return {
        "orders": orders,
        "sources": sources,
        "statements": statements,
        "year": draw(st.sampled_from(YEARS)),
        "lang": draw(st.sampled_from(["zh", "en"])),
        "limit": draw(st.integers(1, n_regions + 1)),
        "as_of": draw(st.none() | st.integers(0, 6).map(lambda d: FIRST_DAY + dt.timedelta(d))),
    }


def build(scenario):
    indicator = make_indicator("ranked")
    city = make_region("city", order=900, kind="city")
    regions = [
        make_region(f"d{i}", order=901 + order, parent=city)
        for i, order in enumerate(scenario["orders"])
    ]
    sources = []
    for spec in scenario["sources"]:
        original = None if spec["translation_of"] is None else sources[spec["translation_of"]]
        sources.append(
            make_source(
                f"src-{spec['slug']}",
                language=spec["language"],
                published=FIRST_DAY + dt.timedelta(spec["day"]),
                translation_of=original,
            )
        )
    for (r, s, y), (value, qualifier) in scenario["statements"].items():
        make_obs(indicator, regions[r], sources[s], value, qualifier=qualifier, period=year(y))
    # The city's figure is never ranked, however large.
    make_obs(indicator, city, sources[0], "1000", period=year(scenario["year"]))
    return indicator


def in_python(indicator, period, *, lang, limit, as_of):
    statements = Observation.objects.filter(indicator=indicator).exclude(region__kind="city")
    if as_of is not None:
        statements = statements.as_of(as_of)
    ranked, _ = ranking(representatives(statements.with_related(), lang), period)
    return ranked[:limit]


def pks(observations):
    return [o.pk for o in observations]


@settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(scenario=scenarios())
def test_the_ranking_chosen_in_sql_is_the_rule_applied_in_python(db, scenario):
    with transaction.atomic():
        try:
            indicator = build(scenario)
            lang, limit, as_of = scenario["lang"], scenario["limit"], scenario["as_of"]
            periods = ranking_periods(indicator, as_of=as_of)
            for period in periods:
                assert period.regions == len(
                    in_python(
                        indicator, (period.start, period.end), lang=lang, limit=99, as_of=as_of
                    )
                )
            y = scenario["year"]
            # The drawn year, or a period nobody states (as known then): both rank nothing.
            period = next(
                (p for p in periods if p.start.year == y),
                RankingPeriod(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", 0),
            )
            expected = in_python(
                indicator, (period.start, period.end), lang=lang, limit=limit, as_of=as_of
            )
            ranked, mixes = indicator_ranking(
                indicator, period, limit=limit, as_of=as_of, lang=lang
            )
            assert [o.region_id for o in ranked] == [o.region_id for o in expected]
            assert pks(ranked) == pks(expected)  # the same shown statement for each region
            assert [pks(o.citations) for o in ranked] == [pks(o.citations) for o in expected]
            assert [pks(o.earlier) for o in ranked] == [pks(o.earlier) for o in expected]
            assert mixes is any(o.is_bound for o in expected)
            assert len(ranked) == min(limit, period.regions)
            assert all(isinstance(o.value, Decimal) for o in ranked)
        finally:
            transaction.set_rollback(True)
