"""The rules indicators/selectors.py promises, each pinned by a test that fails if the rule changes.

"How figures are chosen": a figure is (indicator, region, site, period, kind); each source's
statement of it is a statement. The statement of the most recently published source is shown (a
translation counts from its original's date); on the same day the reader's language, then the
more precise qualifier (exact, about, a bound), then the source's slug. Statements agreeing with
the shown one in value and qualifier are its citations; the others are earlier statements, and
then the figure is revised.

Every test builds its own small, clearly synthetic data (slugs start with ``test-``, names say
测试/Test) beside the loaded data release, so it does not depend on particular fixture rows.
The SQL twin of the rule (indicator_ranking) is checked against the Python rule on random data in
tests/indicators/test_ranking_sql.py.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from districts.models import Region, Site
from indicators.models import Indicator, Observation, period_label
from indicators.selectors import (
    RANKING_LIMIT,
    RankingPeriod,
    default_ranking_period,
    figures_by_indicator,
    indicator_ranking,
    latest,
    ranking,
    ranking_chart,
    ranking_periods,
    representatives,
    series_chart,
    series_of,
    stated_on,
    statement_order,
    statement_ordering_sql,
)
from sources.models import Source

pytestmark = pytest.mark.django_db


# --- Synthetic data ------------------------------------------------------------------------------


def make_source(slug, *, language="zh", published=dt.date(2025, 1, 1), translation_of=None):
    return Source.objects.create(
        slug=f"test-{slug}",
        title=f"测试来源 {slug}",
        title_en=f"Test source {slug}",
        publisher="测试出版社",
        published=published,
        language=language,
        kind="news",
        translation_of=translation_of,
    )


def make_region(slug, *, order, kind="district", parent=None):
    return Region.objects.create(
        slug=f"test-{slug}",
        name_zh=f"测试区{slug}",
        name_en=f"Test district {slug}",
        short_name_zh=f"测{slug}",
        short_name_en=f"T-{slug}",
        kind=kind,
        order=order,
        parent=parent,
    )


def make_indicator(slug="count", *, unit="家", value_type="count"):
    return Indicator.objects.create(
        slug=f"test-{slug}",
        name_zh=f"测试指标{slug}",
        name_en=f"Test indicator {slug}",
        unit=unit,
        topic="enterprises",
        nature="stock",
        value_type=value_type,
    )


def year(y):
    return {
        "granularity": "year",
        "period_start": dt.date(y, 1, 1),
        "period_end": dt.date(y, 12, 31),
    }


def years(first, last):
    return {
        "granularity": "years",
        "period_start": dt.date(first, 1, 1),
        "period_end": dt.date(last, 12, 31),
    }


def months(y, first, last, last_day):
    return {
        "granularity": "months",
        "period_start": dt.date(y, first, 1),
        "period_end": dt.date(y, last, last_day),
    }


def current(day):
    return {"granularity": "current", "period_start": day, "period_end": day}


def point(day):
    return {"granularity": "point", "period_start": day, "period_end": day}


def span(period):
    """(start, end) of a period made by year(), point()..., as ranking() takes it."""
    return (period["period_start"], period["period_end"])


def make_obs(indicator, region, source, value, *, period=None, **fields):
    values = {
        "indicator": indicator,
        "region": region,
        "source": source,
        "value": Decimal(value),
        "qualifier": "exact",
        "kind": "actual",
        "quote": f"测试引文{value}",
        **(period or year(2024)),
    }
    values.update(fields)
    return Observation.objects.create(**values)


def make_site(region, source):
    return Site.objects.create(
        slug="test-park",
        name_zh="测试园区",
        name_en="Test park",
        region=region,
        kind="park",
        source=source,
        quote="测试园区",
    )


def statements_of(indicator, *, as_of=None):
    """Every statement of ``indicator`` as pages load them, optionally as known on ``as_of``."""
    statements = Observation.objects.filter(indicator=indicator)
    if as_of is not None:
        statements = statements.as_of(as_of)
    return list(statements.with_related())


def shown(observations, lang):
    """The shown statement of observations that are all one figure."""
    (rep,) = representatives(observations, lang=lang)
    return rep


def python_ranking(indicator, period, *, lang, limit=RANKING_LIMIT, as_of=None):
    """What indicator_ranking() must equal: the rule applied in Python to every statement."""
    below_city = [o for o in statements_of(indicator, as_of=as_of) if o.region.kind != "city"]
    ranked, _ = ranking(representatives(below_city, lang), (period.start, period.end))
    return ranked[:limit]


def the_period(indicator, **kwargs):
    """The only period ``indicator`` is ranked in."""
    (period,) = ranking_periods(indicator, **kwargs)
    return period


@pytest.fixture
def ind():
    return make_indicator()


@pytest.fixture
def regions():
    """Three synthetic districts of a synthetic city, ordered a < b < c, and the city."""
    city = make_region("city", order=900, kind="city")
    return {
        "a": make_region("a", order=901, parent=city),
        "b": make_region("b", order=902, parent=city),
        "c": make_region("c", order=903, parent=city),
        "city": city,
    }


@pytest.fixture
def seven(regions):
    """Seven synthetic districts of the synthetic city, in this order."""
    return [make_region(f"d{i}", order=910 + i, parent=regions["city"]) for i in range(7)]


@pytest.fixture
def zh_early():
    return make_source("zh-early", language="zh", published=dt.date(2024, 3, 1))


@pytest.fixture
def zh_late():
    return make_source("zh-late", language="zh", published=dt.date(2025, 3, 1))


@pytest.fixture
def en_late():
    return make_source("en-late", language="en", published=dt.date(2025, 6, 1))


# --- representatives(): one figure, one shown statement ------------------------------------------


def test_one_representative_per_indicator_region_site_kind_and_period(
    ind, regions, zh_early, zh_late
):
    a, b = regions["a"], regions["b"]
    site = make_site(a, zh_early)
    other = make_indicator("other")
    observations = [
        make_obs(ind, a, zh_early, "10"),
        make_obs(ind, a, zh_late, "10"),  # the same figure, another source: a citation
        make_obs(other, a, zh_early, "10"),  # another indicator
        make_obs(ind, b, zh_early, "10"),  # another region
        make_obs(ind, a, zh_early, "3", site=site),  # a site's figure
        make_obs(ind, a, zh_early, "20", kind="target"),  # another kind
        make_obs(ind, a, zh_early, "9", period=year(2023)),  # another period
    ]
    reps = representatives(observations, lang="zh")
    keys = [(o.indicator_id, o.region_id, o.site_id, o.kind, o.period_start) for o in reps]
    assert len(reps) == 6
    assert len(set(keys)) == 6
    (merged,) = [o for o in reps if len(o.citations) > 1]
    assert (merged.region, merged.site, merged.kind, merged.period_start.year) == (
        a,
        None,
        "actual",
        2024,
    )
    assert [c.source for c in merged.citations] == [zh_late, zh_early]  # newest first
    assert not any(r.revised for r in reps)


def test_every_shown_statement_is_its_own_first_citation(ind, regions, zh_early, zh_late, en_late):
    observations = [
        make_obs(ind, regions["a"], zh_late, "11"),
        make_obs(ind, regions["a"], en_late, "11"),
        make_obs(ind, regions["a"], zh_early, "11"),
    ]
    for lang in ("zh", "en"):
        rep = shown(observations, lang)
        assert rep.citations[0] is rep
        assert sorted(o.pk for o in rep.citations) == sorted(o.pk for o in observations)
        assert rep.earlier == []
        assert rep.revised is False


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("given", ["oldest-first", "newest-first"])
def test_a_later_source_with_another_value_revises_the_figure(
    ind, regions, zh_early, zh_late, lang, given
):
    old = make_obs(ind, regions["a"], zh_early, "10")
    new = make_obs(ind, regions["a"], zh_late, "12")
    rep = shown([old, new] if given == "oldest-first" else [new, old], lang)
    assert rep == new
    assert rep.value == Decimal("12")
    assert rep.citations == [new]
    assert rep.earlier == [old]
    assert rep.revised is True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_newest_source_is_shown_whatever_the_readers_language(
    ind, regions, zh_early, zh_late, en_late, lang
):
    # For a Chinese reader the English source wins only because it is the newest.
    zh_old = make_obs(ind, regions["a"], zh_early, "10")
    zh_new = make_obs(ind, regions["a"], zh_late, "11")
    en_newest = make_obs(ind, regions["a"], en_late, "12")
    for observations in ([zh_old, zh_new, en_newest], [en_newest, zh_new, zh_old]):
        rep = shown(observations, lang)
        assert rep == en_newest
        assert rep.earlier == [zh_new, zh_old]


def test_agreeing_statements_are_citations_not_revisions(ind, regions, zh_early, zh_late, en_late):
    observations = [
        make_obs(ind, regions["a"], zh_early, "10"),
        make_obs(ind, regions["a"], en_late, "10"),
        make_obs(ind, regions["a"], zh_late, "10"),
    ]
    rep = shown(observations, "zh")
    assert rep.source == en_late
    assert [c.source for c in rep.citations] == [en_late, zh_late, zh_early]
    assert rep.earlier == []
    assert rep.revised is False


@pytest.mark.parametrize(
    "old_qualifier,new_qualifier", [("exact", "about"), ("more_than", "exact")]
)
def test_the_same_value_with_another_qualifier_is_a_revision(
    ind, regions, zh_early, zh_late, old_qualifier, new_qualifier
):
    old = make_obs(ind, regions["a"], zh_early, "10", qualifier=old_qualifier)
    new = make_obs(ind, regions["a"], zh_late, "10", qualifier=new_qualifier)
    rep = shown([old, new], "zh")
    assert rep == new
    assert rep.citations == [new]
    assert rep.earlier == [old]
    assert rep.revised is True


def test_earlier_statements_are_listed_newest_first(ind, regions):
    region = regions["a"]
    by_year = {
        y: make_source(f"s{y}", published=dt.date(y, 6, 1)) for y in (2021, 2022, 2023, 2024)
    }
    oldest_agreeing = make_obs(ind, region, by_year[2021], "4")
    s2022 = make_obs(ind, region, by_year[2022], "1")
    s2023 = make_obs(ind, region, by_year[2023], "3")
    s2024 = make_obs(ind, region, by_year[2024], "4")
    rep = shown([s2022, s2024, oldest_agreeing, s2023], "zh")
    assert rep == s2024
    # An agreeing statement is a citation however old; a differing one is an earlier statement.
    assert rep.citations == [s2024, oldest_agreeing]
    assert rep.earlier == [s2023, s2022]
    assert rep.revised is True


def test_a_revision_back_to_an_earlier_value_cites_both_agreeing_sources(ind, regions):
    first = make_source("first", published=dt.date(2024, 1, 1))
    second = make_source("second", published=dt.date(2024, 6, 1))
    third = make_source("third", published=dt.date(2025, 1, 1))
    s1 = make_obs(ind, regions["a"], first, "10")
    s2 = make_obs(ind, regions["a"], second, "12")
    s3 = make_obs(ind, regions["a"], third, "10")
    rep = shown([s1, s2, s3], "zh")
    assert rep == s3
    assert rep.citations == [s3, s1]
    assert rep.earlier == [s2]
    assert rep.revised is True


# --- representatives(): same-day ties -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_the_same_day_the_readers_language_is_shown(ind, regions, lang):
    day = dt.date(2025, 5, 1)
    other = "en" if lang == "zh" else "zh"
    # The other language's slug sorts first, so only the language can decide.
    readers = make_source(f"z-{lang}", language=lang, published=day)
    others = make_source(f"a-{other}", language=other, published=day)
    readers_obs = make_obs(ind, regions["a"], readers, "20")
    others_obs = make_obs(ind, regions["a"], others, "21")
    for observations in ([readers_obs, others_obs], [others_obs, readers_obs]):
        rep = shown(observations, lang)
        assert rep == readers_obs
        assert rep.earlier == [others_obs]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_the_same_day_language_comes_before_precision(ind, regions, lang):
    day = dt.date(2025, 5, 1)
    other = "en" if lang == "zh" else "zh"
    readers = make_source(f"z-{lang}", language=lang, published=day)
    others = make_source(f"a-{other}", language=other, published=day)
    approximate = make_obs(ind, regions["a"], readers, "20", qualifier="about")
    exact = make_obs(ind, regions["a"], others, "21")
    assert shown([exact, approximate], lang) == approximate


def test_the_active_language_decides_a_same_day_tie_when_none_is_given(ind, regions):
    day = dt.date(2025, 5, 1)
    zh_obs = make_obs(ind, regions["a"], make_source("zh", language="zh", published=day), "10")
    en_obs = make_obs(ind, regions["a"], make_source("en", language="en", published=day), "12")
    with translation.override("en"):
        assert representatives([zh_obs, en_obs])[0] == en_obs
    with translation.override("zh-hans"):
        assert representatives([en_obs, zh_obs])[0] == zh_obs


@pytest.mark.parametrize(
    "precise,vague",
    [
        ("exact", "about"),
        ("exact", "more_than"),
        ("exact", "less_than"),
        ("about", "at_least"),
        ("about", "more_than"),
        ("about", "less_than"),
    ],
)
def test_on_the_same_day_in_one_language_the_more_precise_qualifier_is_shown(
    ind, regions, precise, vague
):
    day = dt.date(2025, 5, 1)
    # The vague statement's slug sorts first, so only the precision can decide.
    precise_obs = make_obs(
        ind, regions["a"], make_source("z", published=day), "10", qualifier=precise
    )
    vague_obs = make_obs(ind, regions["a"], make_source("a", published=day), "11", qualifier=vague)
    for lang in ("zh", "en"):
        for observations in ([precise_obs, vague_obs], [vague_obs, precise_obs]):
            rep = shown(observations, lang)
            assert rep == precise_obs
            assert rep.earlier == [vague_obs]


@pytest.mark.parametrize("first,second", [("at_least", "more_than"), ("less_than", "at_least")])
def test_bounds_are_equally_precise_so_the_slug_decides_last(ind, regions, first, second):
    day = dt.date(2025, 5, 1)
    a_obs = make_obs(ind, regions["a"], make_source("a", published=day), "10", qualifier=first)
    b_obs = make_obs(ind, regions["a"], make_source("b", published=day), "11", qualifier=second)
    assert shown([b_obs, a_obs], "zh") == a_obs
    assert shown([a_obs, b_obs], "en") == a_obs


# --- representatives(): translations --------------------------------------------------------------


def test_a_translation_counts_from_its_originals_publication_date():
    original = make_source("original", language="zh", published=dt.date(2025, 3, 1))
    english = make_source(
        "translation", language="en", published=dt.date(2025, 7, 1), translation_of=original
    )
    assert stated_on(english) == dt.date(2025, 3, 1)
    assert stated_on(original) == dt.date(2025, 3, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_later_translation_does_not_beat_a_source_newer_than_its_original(ind, regions, lang):
    original = make_source("original", language="zh", published=dt.date(2025, 3, 1))
    newer = make_source("newer", language="zh", published=dt.date(2025, 5, 1))
    # Published after `newer`, but it says what the original said on 1 March.
    english = make_source(
        "translation", language="en", published=dt.date(2025, 7, 1), translation_of=original
    )
    original_obs = make_obs(ind, regions["a"], original, "10")
    newer_obs = make_obs(ind, regions["a"], newer, "12")
    english_obs = make_obs(ind, regions["a"], english, "10")
    rep = shown([english_obs, original_obs, newer_obs], lang)
    assert rep == newer_obs
    assert rep.revised is True
    # The original and its translation share a date: the reader's language lists first.
    assert rep.earlier == (
        [original_obs, english_obs] if lang == "zh" else [english_obs, original_obs]
    )


def test_a_translation_restating_the_same_value_is_a_citation_not_a_revision(ind, regions):
    # Report 003 is the English version of 000, published five days later.
    original = make_source("original", language="zh", published=dt.date(2025, 7, 2))
    english = make_source(
        "translation", language="en", published=dt.date(2025, 7, 7), translation_of=original
    )
    zh_obs = make_obs(ind, regions["a"], original, "45")
    en_obs = make_obs(ind, regions["a"], english, "45")

    zh_rep = shown([en_obs, zh_obs], "zh")
    assert zh_rep == zh_obs
    assert zh_rep.citations == [zh_obs, en_obs]
    assert zh_rep.revised is False

    en_rep = shown([zh_obs, en_obs], "en")
    assert en_rep == en_obs
    assert en_rep.citations == [en_obs, zh_obs]
    assert en_rep.revised is False


def test_a_translations_later_date_never_makes_it_win_for_the_originals_readers(ind, regions):
    # Ordered by their own dates the translation (7 July) would win for everyone; as the
    # original's statement (2 July) it is a same-day tie that the reader's language decides.
    original = make_source("z-original", language="zh", published=dt.date(2025, 7, 2))
    english = make_source(
        "a-translation", language="en", published=dt.date(2025, 7, 7), translation_of=original
    )
    zh_obs = make_obs(ind, regions["a"], original, "45")
    en_obs = make_obs(ind, regions["a"], english, "46")  # a slip in translation: still one figure
    assert len(representatives([zh_obs, en_obs], lang="zh")) == 1
    assert shown([en_obs, zh_obs], "zh") == zh_obs
    assert shown([zh_obs, en_obs], "en") == en_obs


def test_another_source_on_another_date_is_not_a_translation(ind, regions, zh_early, en_late):
    # Same value, but en_late is not a translation of zh_early: two statements, two periods.
    observations = [
        make_obs(ind, regions["a"], zh_early, "45", period=current(dt.date(2025, 7, 2))),
        make_obs(ind, regions["a"], en_late, "45", period=current(dt.date(2025, 7, 7))),
    ]
    reps = representatives(observations, lang="en")
    assert len(reps) == 2
    assert all(len(r.citations) == 1 for r in reps)


def test_different_periods_stay_separate_figures(ind, regions, zh_early, zh_late):
    observations = [
        make_obs(ind, regions["a"], zh_early, "9", period=year(2023)),
        make_obs(ind, regions["a"], zh_late, "9", period=year(2024)),
        make_obs(ind, regions["a"], zh_late, "7", period=point(dt.date(2024, 6, 30))),
        # Ends with the year 2024 but starts later: 截至2024年末 is not the year 2024.
        make_obs(ind, regions["a"], zh_early, "8", period=point(dt.date(2024, 12, 31))),
    ]
    reps = representatives(observations, lang="zh")
    assert [(r.period_start, r.period_end) for r in reps] == [
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        (dt.date(2024, 6, 30), dt.date(2024, 6, 30)),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        (dt.date(2024, 12, 31), dt.date(2024, 12, 31)),
    ]
    assert all(len(r.citations) == 1 and not r.revised for r in reps)


def test_one_source_giving_the_same_value_for_two_periods_keeps_both(ind, regions, zh_early):
    # Once a bug: statements were grouped by value and source before period, so these collapsed.
    y2023 = make_obs(ind, regions["a"], zh_early, "9", period=year(2023))
    y2024 = make_obs(ind, regions["a"], zh_early, "9", period=year(2024))
    reps = representatives([y2024, y2023], lang="zh")
    assert reps == [y2023, y2024]
    assert [r.citations for r in reps] == [[y2023], [y2024]]


def test_nothing_is_filled_in_for_regions_without_figures(ind, regions, zh_early):
    observations = [make_obs(ind, regions["a"], zh_early, "10")]
    reps = representatives(observations, lang="zh")
    assert [r.region for r in reps] == [regions["a"]]
    ranked, _ = ranking(reps)
    assert [r.region for r in ranked] == [regions["a"]]
    assert Observation.objects.filter(indicator=ind).count() == 1  # nothing was written either


def test_real_release_2024_value_added_shows_xinhua_with_its_translation():
    """The city's 2024 value added: four reports state it. Xinhua (2 July) and its English
    telegraph (7 July, counted from 2 July) are the newest; the press conference agrees (超2万亿);
    China City News (1 July) gave it as an exact figure, an earlier statement."""
    observations = Observation.objects.filter(
        indicator__slug="digital-economy-value-added", region__slug="beijing"
    ).with_related()
    by_lang = {}
    for lang in ("zh", "en"):
        (y2024,) = [
            r for r in representatives(observations, lang=lang) if r.period_start.year == 2024
        ]
        by_lang[lang] = y2024
        assert y2024.citations[0] is y2024
        assert len(y2024.citations) + len(y2024.earlier) == 4
        assert {c.source.slug for c in y2024.citations} == {
            "xinhua-2025-07-02",
            "xinhua-telegraph-2025-07-07",
            "press-conference-2025-03-20",
        }
        assert [e.source.slug for e in y2024.earlier] == ["china-city-news-2025-07"]
        assert y2024.revised is True
    assert by_lang["zh"].source.slug == "xinhua-2025-07-02"
    assert by_lang["en"].source.slug == "xinhua-telegraph-2025-07-07"


# --- statement_ordering_sql(): the database's twin of statement_order() ---------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sql_order_of_statements_is_the_python_order(ind, regions, lang):
    day, later = dt.date(2025, 3, 1), dt.date(2025, 6, 1)
    original = make_source("m-original", language="zh", published=day)
    sources_and_statements = [
        (original, "exact"),
        (
            make_source("n-translation", language="en", published=later, translation_of=original),
            "exact",
        ),
        (make_source("a-zh-about", language="zh", published=day), "about"),
        (make_source("b-zh-bound", language="zh", published=day), "more_than"),
        (make_source("c-zh-bound", language="zh", published=day), "at_least"),
        (make_source("d-en-exact", language="en", published=day), "exact"),
        (make_source("e-en-bound", language="en", published=day), "less_than"),
        (make_source("f-zh-later", language="zh", published=later), "about"),
        (make_source("g-en-later", language="en", published=later), "exact"),
        (make_source("h-zh-earlier", language="zh", published=dt.date(2024, 1, 1)), "exact"),
    ]
    for i, (source, qualifier) in enumerate(sources_and_statements):
        make_obs(ind, regions["a"], source, str(i), qualifier=qualifier)
    in_sql = Observation.objects.filter(indicator=ind).order_by(*statement_ordering_sql(lang))
    in_python = sorted(statements_of(ind), key=statement_order(lang))
    assert [o.source.slug for o in in_sql.select_related("source")] == [
        o.source.slug for o in in_python
    ]
    expected_head = ["test-g-en-later", "test-f-zh-later"]  # 1 June, by language
    if lang == "zh":
        expected_head.reverse()
    assert [o.source.slug for o in in_python][:2] == expected_head


# --- as_of: the figures as known on a day --------------------------------------------------------


def test_as_of_shows_the_figure_as_known_before_and_after_a_revision(
    ind, regions, zh_early, zh_late
):
    old = make_obs(ind, regions["a"], zh_early, "10")  # published 2024-03-01
    new = make_obs(ind, regions["a"], zh_late, "12")  # published 2025-03-01
    assert representatives(statements_of(ind, as_of=dt.date(2024, 2, 29)), lang="zh") == []
    for day in (dt.date(2024, 3, 1), dt.date(2025, 2, 28)):
        before = shown(statements_of(ind, as_of=day), "zh")
        assert before == old
        assert before.value == Decimal("10")
        assert before.revised is False
    for day in (dt.date(2025, 3, 1), dt.date(2030, 1, 1), None):
        after = shown(statements_of(ind, as_of=day), "zh")
        assert after == new
        assert [e.pk for e in after.earlier] == [old.pk]
        assert after.revised is True


def test_as_of_leaves_out_a_translation_published_after_the_day(ind, regions):
    original = make_source("original", language="zh", published=dt.date(2025, 3, 1))
    english = make_source(
        "translation", language="en", published=dt.date(2025, 7, 1), translation_of=original
    )
    zh_obs = make_obs(ind, regions["a"], original, "10")
    en_obs = make_obs(ind, regions["a"], english, "10")
    before = shown(statements_of(ind, as_of=dt.date(2025, 5, 1)), "en")
    assert before == zh_obs
    assert [c.pk for c in before.citations] == [zh_obs.pk]
    after = shown(statements_of(ind, as_of=dt.date(2025, 7, 1)), "en")
    assert after == en_obs
    assert [c.pk for c in after.citations] == [en_obs.pk, zh_obs.pk]


# --- latest() ------------------------------------------------------------------------------------


def test_latest_is_the_latest_period_of_the_kind(ind, regions, zh_early):
    region = regions["a"]
    observations = [
        make_obs(ind, region, zh_early, "10", period=year(2023)),
        make_obs(ind, region, zh_early, "12", period=year(2024)),
        make_obs(ind, region, zh_early, "11", period=year(2022)),
    ]
    assert latest(observations).value == Decimal("12")


@pytest.mark.parametrize("order", ["year-first", "point-first"])
def test_latest_breaks_a_tie_on_period_end_by_the_later_start(ind, regions, zh_early, order):
    whole_year = make_obs(ind, regions["a"], zh_early, "10", period=year(2024))
    year_end = make_obs(ind, regions["a"], zh_early, "11", period=point(dt.date(2024, 12, 31)))
    observations = [whole_year, year_end] if order == "year-first" else [year_end, whole_year]
    assert latest(observations) == year_end


def test_latest_is_none_when_there_is_no_figure_of_that_kind(ind, regions, zh_early):
    observations = [make_obs(ind, regions["a"], zh_early, "10")]
    assert latest(observations, "target") is None
    assert latest([]) is None


def test_latest_actual_ignores_a_later_target(ind, regions, zh_early):
    actual = make_obs(ind, regions["a"], zh_early, "10", period=year(2024))
    target = make_obs(ind, regions["a"], zh_early, "20", period=year(2025), kind="target")
    assert latest([actual, target]) == actual
    assert latest([actual, target], "target") == target


# --- figures_by_indicator() and series_of() ------------------------------------------------------


def test_series_holds_actuals_only_sorted_by_period(ind, regions, zh_early):
    region = regions["a"]
    y2024 = make_obs(ind, region, zh_early, "12", period=year(2024))
    y2022 = make_obs(ind, region, zh_early, "10", period=year(2022))
    y2023 = make_obs(ind, region, zh_early, "11.5", period=year(2023))
    target = make_obs(ind, region, zh_early, "20", period=year(2025), kind="target")
    expected = make_obs(ind, region, zh_early, "15", period=year(2025), kind="expected")

    (figures,) = figures_by_indicator([y2024, target, y2022, expected, y2023])
    assert figures.indicator == ind
    assert figures.series == [y2022, y2023, y2024]
    assert figures.latest_actual == y2024
    assert figures.has_series


def test_a_series_never_joins_a_newer_point_to_years(ind, regions, zh_early):
    region = regions["a"]
    y2022 = make_obs(ind, region, zh_early, "10", period=year(2022))
    y2023 = make_obs(ind, region, zh_early, "11", period=year(2023))
    mid2024 = make_obs(ind, region, zh_early, "7", period=point(dt.date(2024, 6, 30)))
    (figures,) = figures_by_indicator([y2022, mid2024, y2023])
    assert figures.latest_actual == mid2024
    assert figures.series == [mid2024]
    assert not figures.has_series


def test_a_series_never_joins_an_older_point_to_years(ind, regions, zh_early):
    region = regions["a"]
    y2022 = make_obs(ind, region, zh_early, "10", period=year(2022))
    mid2023 = make_obs(ind, region, zh_early, "7", period=point(dt.date(2023, 6, 30)))
    y2024 = make_obs(ind, region, zh_early, "12", period=year(2024))
    (figures,) = figures_by_indicator([mid2023, y2024, y2022])
    assert figures.series == [y2022, y2024]
    assert series_of([mid2023, y2024, y2022], mid2023) == [mid2023]


def test_a_series_joins_points_with_current_figures_and_years_with_months(ind, regions, zh_early):
    region = regions["a"]
    end2023 = make_obs(ind, region, zh_early, "5", period=point(dt.date(2023, 12, 31)))
    now = make_obs(ind, region, zh_early, "6", period=current(dt.date(2025, 7, 2)))
    y2022 = make_obs(ind, region, zh_early, "10", period=year(2022))
    first_half = make_obs(ind, region, zh_early, "4", period=months(2024, 1, 6, 30))
    plan = make_obs(ind, region, zh_early, "30", period=years(2021, 2025))
    observations = [now, y2022, first_half, end2023, plan]
    assert series_of(observations, now) == [end2023, now]
    assert series_of(observations, first_half) == [y2022, first_half, plan]


def test_a_series_never_joins_a_target_or_an_expectation_with_actuals(ind, regions, zh_early):
    region = regions["a"]
    y2023 = make_obs(ind, region, zh_early, "10", period=year(2023))
    y2024 = make_obs(ind, region, zh_early, "12", period=year(2024))
    target = make_obs(ind, region, zh_early, "11", period=year(2023), kind="target")
    expected = make_obs(ind, region, zh_early, "13", period=year(2024), kind="expected")
    observations = [target, y2024, expected, y2023]
    assert series_of(observations, y2024) == [y2023, y2024]
    assert series_of(observations, None) == []
    (figures,) = figures_by_indicator([target, expected])
    assert figures.latest_actual is None
    assert figures.latest_target == target
    assert figures.series == []


def test_latest_target_is_the_latest_target(ind, regions, zh_early):
    region = regions["a"]
    actual = make_obs(ind, region, zh_early, "10", period=year(2024))
    t2025 = make_obs(ind, region, zh_early, "20", period=year(2025), kind="target")
    t2027 = make_obs(ind, region, zh_early, "30", period=year(2027), kind="target")
    t2026 = make_obs(ind, region, zh_early, "25", period=year(2026), kind="target")
    (figures,) = figures_by_indicator([t2025, t2027, actual, t2026])
    assert figures.latest_target == t2027
    assert figures.latest_actual == actual


def test_a_series_needs_two_actual_points(ind, regions, zh_early):
    region = regions["a"]
    one = make_obs(ind, region, zh_early, "10", period=year(2024))
    target = make_obs(ind, region, zh_early, "20", period=year(2025), kind="target")
    (figures,) = figures_by_indicator([one, target])
    assert figures.series == [one]
    assert not figures.has_series  # a target is not a second point

    two = make_obs(ind, region, zh_early, "9", period=year(2023))
    (figures,) = figures_by_indicator([one, target, two])
    assert figures.has_series


def test_figures_are_grouped_by_indicator(ind, regions, zh_early):
    other = make_indicator("other")
    observations = [
        make_obs(ind, regions["a"], zh_early, "10"),
        make_obs(other, regions["a"], zh_early, "5"),
        make_obs(ind, regions["a"], zh_early, "9", period=year(2023)),
    ]
    groups = {f.indicator.slug: len(f.observations) for f in figures_by_indicator(observations)}
    assert groups == {"test-count": 2, "test-other": 1}


# --- ranking() -----------------------------------------------------------------------------------


def test_ranking_keeps_only_actual_region_figures_of_the_latest_period(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    site = make_site(a, zh_early)
    ranked_a = make_obs(ind, a, zh_early, "10")
    ranked_b = make_obs(ind, b, zh_early, "20")
    observations = [
        ranked_a,
        ranked_b,
        make_obs(ind, c, zh_early, "99", period=year(2023)),  # an older period
        make_obs(ind, c, zh_early, "98", kind="target", period=year(2025)),  # a later target
        make_obs(ind, c, zh_early, "97", kind="expected"),  # not actual
        make_obs(ind, a, zh_early, "96", site=site),  # a site, not the region
    ]
    ranked, mixes = ranking(observations)
    assert ranked == [ranked_b, ranked_a]
    assert mixes is False


def test_ranking_of_a_given_period_never_mixes_periods(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    a2023 = make_obs(ind, a, zh_early, "10", period=year(2023))
    b2023 = make_obs(ind, b, zh_early, "30", period=year(2023))
    c2023 = make_obs(ind, c, zh_early, "20", period=year(2023))
    a2024 = make_obs(ind, a, zh_early, "50", period=year(2024))
    observations = [a2023, a2024, b2023, c2023]
    assert ranking(observations) == ([a2024], False)
    assert ranking(observations, span(year(2024))) == ([a2024], False)
    assert ranking(observations, span(year(2023))) == ([b2023, c2023, a2023], False)
    assert ranking(observations, list(span(year(2023))))[0] == [b2023, c2023, a2023]
    assert ranking(observations, span(year(2022))) == ([], False)


def test_ranking_never_mixes_a_year_with_a_point_at_its_end(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    a_year = make_obs(ind, a, zh_early, "10", period=year(2024))
    b_year = make_obs(ind, b, zh_early, "20", period=year(2024))
    c_end = make_obs(ind, c, zh_early, "30", period=point(dt.date(2024, 12, 31)))
    observations = [a_year, b_year, c_end]
    assert ranking(observations, span(year(2024)))[0] == [b_year, a_year]
    assert ranking(observations, span(point(dt.date(2024, 12, 31))))[0] == [c_end]


def test_ranking_defaults_to_the_period_that_ends_last(ind, regions, zh_early):
    # Once a bug: the default was max((start, end)), so a point in mid-2024 beat the year 2024.
    a_year = make_obs(ind, regions["a"], zh_early, "10", period=year(2024))
    b_mid = make_obs(ind, regions["b"], zh_early, "20", period=point(dt.date(2024, 6, 30)))
    assert latest([a_year, b_mid]) == a_year
    assert ranking([b_mid, a_year])[0] == [a_year]


def test_ranking_breaks_equal_values_by_region_order(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    obs_c = make_obs(ind, c, zh_early, "10")
    obs_b = make_obs(ind, b, zh_early, "30")
    obs_a = make_obs(ind, a, zh_early, "10")
    ranked, _ = ranking([obs_c, obs_b, obs_a])
    assert ranked == [obs_b, obs_a, obs_c]


def test_ranking_of_nothing_is_empty(ind, regions, zh_early):
    target = make_obs(ind, regions["a"], zh_early, "10", kind="target")
    assert ranking([]) == ([], False)
    assert ranking([target]) == ([], False)


@pytest.mark.parametrize(
    "qualifier,mixes",
    [
        ("more_than", True),
        ("at_least", True),
        ("less_than", True),
        ("about", False),  # 约 is an estimate, not a bound
        ("exact", False),
    ],
)
def test_ranking_mixes_bounds_only_with_a_bound_qualifier(ind, regions, zh_early, qualifier, mixes):
    observations = [
        make_obs(ind, regions["a"], zh_early, "10"),
        make_obs(ind, regions["b"], zh_early, "20", qualifier=qualifier),
    ]
    assert ranking(observations)[1] is mixes


def test_a_bound_outside_the_ranked_period_does_not_mix(ind, regions, zh_early):
    observations = [
        make_obs(ind, regions["a"], zh_early, "10"),
        make_obs(ind, regions["b"], zh_early, "20"),
        make_obs(ind, regions["b"], zh_early, "30", qualifier="more_than", period=year(2023)),
    ]
    ranked, mixes = ranking(observations)
    assert len(ranked) == 2
    assert mixes is False
    assert ranking(observations, span(year(2023)))[1] is True


# --- ranking_periods() and default_ranking_period() ----------------------------------------------


def test_one_newer_figure_does_not_move_the_default_ranking_period(
    ind, regions, seven, zh_early, zh_late, en_late
):
    for i, district in enumerate(seven):
        make_obs(ind, district, zh_early, str(10 + i), period=year(2023))
        if i % 2:  # more sources for a region are not more regions
            make_obs(ind, district, zh_late, str(20 + i), period=year(2023))
            make_obs(ind, district, en_late, str(20 + i), period=year(2023))
    make_obs(ind, seven[3], zh_late, "99", period=year(2024))  # the one 2024 figure
    # Not counted: the city, a site, a target.
    make_obs(ind, regions["city"], zh_late, "1000", period=year(2024))
    make_obs(ind, regions["city"], zh_late, "900", period=year(2023))
    make_obs(ind, seven[0], zh_late, "5", period=year(2024), site=make_site(seven[0], zh_early))
    make_obs(ind, seven[1], zh_late, "50", period=year(2024), kind="target")
    make_obs(ind, seven[2], zh_late, "60", period=year(2025), kind="target")

    periods = ranking_periods(ind)
    assert [(p.start.year, p.granularity, p.regions) for p in periods] == [
        (2024, "year", 1),
        (2023, "year", 7),
    ]
    default = default_ranking_period(periods)
    assert (default.start, default.end, default.regions) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
        7,
    )
    ranked, _ = indicator_ranking(ind, default, lang="zh")
    assert len({o.region_id for o in ranked}) == 7
    assert {(o.period_start, o.period_end) for o in ranked} == {span(year(2023))}
    assert ranked[0].region == seven[5]  # 25, its newest source's value
    (only,) = indicator_ranking(ind, periods[0], lang="zh")[0]
    assert (only.region, only.value, only.period_start.year) == (seven[3], Decimal("99"), 2024)


def test_default_ranking_period_is_the_one_with_most_regions_ties_the_latest():
    def period(y, regions):
        return RankingPeriod(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", regions)

    p2022, p2023, p2024 = period(2022, 5), period(2023, 3), period(2024, 3)
    assert default_ranking_period([p2024, p2023, p2022]) == p2022
    assert default_ranking_period([p2023, p2024]) == p2024
    assert default_ranking_period([p2024, p2023]) == p2024
    # The same end: the later start (the point at the year's end) is the later period.
    end = RankingPeriod(dt.date(2024, 12, 31), dt.date(2024, 12, 31), "point", 3)
    assert default_ranking_period([end, p2024]) == end
    assert default_ranking_period([p2024, end]) == end
    assert default_ranking_period([]) is None


def test_ranking_period_key_and_label():
    period = RankingPeriod(dt.date(2023, 1, 1), dt.date(2023, 11, 30), "months", 7)
    assert period.key == "2023-01-01_2023-11-30"
    with translation.override("zh-hans"):
        assert period.label == "2023年1-11月"
    with translation.override("en"):
        assert period.label == "Jan–Nov 2023"


def test_ranking_periods_are_newest_first(ind, regions, zh_early):
    a, b = regions["a"], regions["b"]
    make_obs(ind, a, zh_early, "1", period=year(2022))
    make_obs(ind, a, zh_early, "2", period=year(2024))
    make_obs(ind, b, zh_early, "3", period=point(dt.date(2024, 12, 31)))
    make_obs(ind, b, zh_early, "4", period=months(2024, 1, 6, 30))
    assert [(p.start, p.end, p.regions) for p in ranking_periods(ind)] == [
        (dt.date(2024, 12, 31), dt.date(2024, 12, 31), 1),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), 1),
        (dt.date(2024, 1, 1), dt.date(2024, 6, 30), 1),
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), 1),
    ]


def test_ranking_periods_as_of_a_day_count_only_sources_published_by_then(
    ind, regions, zh_early, zh_late
):
    a, b = regions["a"], regions["b"]
    make_obs(ind, a, zh_early, "10", period=year(2023))  # published 2024-03-01
    make_obs(ind, b, zh_late, "20", period=year(2023))  # published 2025-03-01
    make_obs(ind, a, zh_late, "30", period=year(2024))
    assert ranking_periods(ind, as_of=dt.date(2024, 2, 29)) == []
    assert [
        (p.start.year, p.regions) for p in ranking_periods(ind, as_of=dt.date(2024, 12, 31))
    ] == [(2023, 1)]
    assert [(p.start.year, p.regions) for p in ranking_periods(ind, as_of=dt.date(2025, 3, 1))] == [
        (2024, 1),
        (2023, 2),
    ]


def test_ranking_periods_of_an_indicator_without_figures_is_empty(ind, regions, zh_early):
    make_obs(ind, regions["city"], zh_early, "10")  # the city is never ranked
    assert ranking_periods(ind) == []
    assert default_ranking_period(ranking_periods(ind)) is None


def test_ranking_periods_list_each_period_once_whatever_its_granularity(ind, regions, zh_early):
    # Once a bug: grouped by granularity too, a point and a "current" figure on one day were two
    # options with one key, each counting part of the regions that key's ranking showed.
    a, b, c = regions["a"], regions["b"], regions["c"]
    day = dt.date(2024, 12, 31)
    make_obs(ind, a, zh_early, "10", period=point(day))
    make_obs(ind, b, zh_early, "20", period=current(day))
    make_obs(ind, a, zh_early, "30", period=year(2023))
    make_obs(ind, b, zh_early, "40", period=months(2023, 1, 12, 31))  # 2023年1-12月
    make_obs(ind, c, zh_early, "50", period=year(2023))
    periods = ranking_periods(ind)
    assert [(p.key, p.regions) for p in periods] == [
        ("2024-12-31_2024-12-31", 2),
        ("2023-01-01_2023-12-31", 3),
    ]
    for period in periods:
        assert period.regions == len(indicator_ranking(ind, period)[0])


# --- indicator_ranking() -------------------------------------------------------------------------


def test_indicator_ranking_leaves_out_the_city(ind, regions, zh_early):
    make_obs(ind, regions["city"], zh_early, "1000")
    make_obs(ind, regions["a"], zh_early, "10")
    make_obs(ind, regions["b"], zh_early, "20")
    period = the_period(ind)
    assert period.regions == 2
    ranked, mixes = indicator_ranking(ind, period)
    assert [o.region for o in ranked] == [regions["b"], regions["a"]]
    assert mixes is False


def test_indicator_ranking_ranks_only_the_given_period(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    make_obs(ind, a, zh_early, "10")
    make_obs(ind, b, zh_early, "30")
    make_obs(ind, c, zh_early, "99", period=year(2023))
    make_obs(ind, a, zh_early, "50", period=year(2025), kind="target")
    make_obs(ind, a, zh_early, "5", site=make_site(a, zh_early))
    p2024, p2023 = ranking_periods(ind)
    assert [(o.region, o.period_start.year) for o in indicator_ranking(ind, p2024)[0]] == [
        (b, 2024),
        (a, 2024),
    ]
    assert [(o.region, o.period_start.year) for o in indicator_ranking(ind, p2023)[0]] == [
        (c, 2023)
    ]


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 6])
def test_indicator_ranking_limit_gives_that_many_regions_however_many_statements_each(
    ind, seven, limit
):
    sources = [
        make_source(f"s{i}", language="zh" if i % 2 else "en", published=dt.date(2024, 1 + i, 1))
        for i in range(4)
    ]
    districts = seven[:6]
    for i, district in enumerate(districts):
        # Three or four statements per region, some agreeing, some revising.
        for j, source in enumerate(sources[: 3 + i % 2]):
            make_obs(ind, district, source, str(10 * (i + 1) + (j % 2)))
    period = the_period(ind)
    assert period.regions == 6
    ranked, _ = indicator_ranking(ind, period, limit=limit, lang="zh")
    assert len(ranked) == limit
    assert len({o.region_id for o in ranked}) == limit
    assert ranked == python_ranking(ind, period, lang="zh", limit=limit)
    assert [o.region for o in ranked] == list(reversed(districts))[:limit]


def test_indicator_ranking_fills_its_limit_whatever_the_number_of_citations(ind, regions):
    # Once a bug: only limit * 2 statements were read, so a region cited by many sources
    # crowded the others out.
    sources = [make_source(f"s{i}", published=dt.date(2024, 1, i + 1)) for i in range(5)]
    for source in sources:
        make_obs(ind, regions["a"], source, "30")
    make_obs(ind, regions["b"], sources[0], "20")
    make_obs(ind, regions["c"], sources[0], "10")
    period = the_period(ind)
    assert period.regions == 3
    ranked, _ = indicator_ranking(ind, period, limit=2)
    assert [o.region for o in ranked] == [regions["a"], regions["b"]]
    assert len(ranked[0].citations) == 5


def test_indicator_ranking_ranks_a_region_by_its_shown_statement(ind, regions, zh_early, zh_late):
    a, b = regions["a"], regions["b"]
    make_obs(ind, a, zh_early, "100")
    revised = make_obs(ind, a, zh_late, "5")  # revised down: 5 is shown, not 100
    make_obs(ind, b, zh_early, "50")
    period = the_period(ind)
    ((top,), _) = indicator_ranking(ind, period, limit=1, lang="zh")
    assert top.region == b
    ranked, _ = indicator_ranking(ind, period, lang="zh")
    assert [(o.region, o.value) for o in ranked] == [(b, Decimal("50")), (a, Decimal("5"))]
    assert ranked[1] == revised
    assert ranked[1].revised is True
    assert [e.value for e in ranked[1].earlier] == [Decimal("100")]


@pytest.mark.parametrize("lang,top", [("zh", "b"), ("en", "a")])
def test_indicator_ranking_follows_the_readers_language_on_a_same_day_tie(ind, regions, lang, top):
    day = dt.date(2025, 5, 1)
    zh = make_source("z-zh", language="zh", published=day)
    en = make_source("z-en", language="en", published=day)
    make_obs(ind, regions["a"], zh, "10")
    make_obs(ind, regions["a"], en, "30")
    make_obs(ind, regions["b"], zh, "20")
    period = the_period(ind)
    ((first,), _) = indicator_ranking(ind, period, limit=1, lang=lang)
    assert first.region == regions[top]
    assert indicator_ranking(ind, period, lang=lang)[0] == python_ranking(ind, period, lang=lang)
    with translation.override("en" if lang == "en" else "zh-hans"):
        assert indicator_ranking(ind, period, limit=1)[0][0].region == regions[top]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_ranking_counts_a_translation_from_its_originals_date(ind, regions, lang):
    a, b = regions["a"], regions["b"]
    original = make_source("original", language="zh", published=dt.date(2024, 1, 1))
    newer = make_source("newer", language="en", published=dt.date(2025, 1, 1))
    english = make_source(
        "translation", language="en", published=dt.date(2025, 6, 1), translation_of=original
    )
    make_obs(ind, a, original, "10")
    shown_for_a = make_obs(ind, a, newer, "40")
    make_obs(ind, a, english, "10")
    make_obs(ind, b, original, "20")
    period = the_period(ind)
    ((first,), _) = indicator_ranking(ind, period, limit=1, lang=lang)
    assert first == shown_for_a
    assert indicator_ranking(ind, period, lang=lang)[0] == python_ranking(ind, period, lang=lang)


def test_indicator_ranking_prefers_the_more_precise_qualifier_on_a_same_day_tie(ind, regions):
    day = dt.date(2025, 5, 1)
    make_obs(ind, regions["a"], make_source("z", published=day), "10")
    make_obs(ind, regions["a"], make_source("a", published=day), "40", qualifier="about")
    make_obs(ind, regions["b"], make_source("b", published=day), "20")
    period = the_period(ind)
    ((first,), mixes) = indicator_ranking(ind, period, limit=1, lang="zh")
    assert (first.region, first.value) == (regions["b"], Decimal("20"))
    ranked, _ = indicator_ranking(ind, period, lang="zh")
    assert [(o.region, o.value, o.qualifier) for o in ranked] == [
        (regions["b"], Decimal("20"), "exact"),
        (regions["a"], Decimal("10"), "exact"),
    ]


def test_indicator_ranking_as_of_before_and_after_a_revision(ind, regions, zh_early, zh_late):
    a, b = regions["a"], regions["b"]
    old = make_obs(ind, a, zh_early, "10")
    new = make_obs(ind, a, zh_late, "30")  # published 2025-03-01
    b_obs = make_obs(ind, b, zh_early, "20")
    before = dt.date(2025, 2, 28)
    period = the_period(ind, as_of=before)
    assert indicator_ranking(ind, period, as_of=before, lang="zh")[0] == [b_obs, old]
    assert not indicator_ranking(ind, period, as_of=before, lang="zh")[0][1].revised
    for after in (dt.date(2025, 3, 1), None):
        ranked, _ = indicator_ranking(ind, period, as_of=after, lang="zh")
        assert ranked == [new, b_obs]
        assert ranked[0].revised is True
        ((top,), _) = indicator_ranking(ind, period, limit=1, as_of=after, lang="zh")
        assert top == new


@pytest.mark.parametrize("qualifier,mixes", [("more_than", True), ("about", False)])
def test_indicator_ranking_says_when_bounds_are_mixed_in(ind, regions, zh_early, qualifier, mixes):
    make_obs(ind, regions["a"], zh_early, "10", qualifier=qualifier)
    make_obs(ind, regions["b"], zh_early, "20")
    assert indicator_ranking(ind, the_period(ind))[1] is mixes


def test_indicator_ranking_of_a_period_without_figures_is_empty(ind):
    nothing = RankingPeriod(dt.date(2030, 1, 1), dt.date(2030, 12, 31), "year", 0)
    assert indicator_ranking(ind, nothing) == ([], False)


def test_real_release_rankings_are_the_rule_in_sql_without_the_city_and_highest_first():
    ranked_any = False
    for indicator in Indicator.objects.all():
        for period in ranking_periods(indicator):
            for lang in ("zh", "en"):
                ranked, _ = indicator_ranking(indicator, period, lang=lang)
                assert ranked == python_ranking(indicator, period, lang=lang)
                assert all(o.region.kind != "city" for o in ranked)
                assert [o.value for o in ranked] == sorted((o.value for o in ranked), reverse=True)
                assert {(o.period_start, o.period_end) for o in ranked} <= {
                    (period.start, period.end)
                }
                assert len(ranked) == min(period.regions, RANKING_LIMIT)
                ranked_any = ranked_any or len(ranked) >= 2
    assert ranked_any


def test_real_release_core_industries_revenue_ranks_seven_districts_in_jan_nov_2023():
    indicator = Indicator.objects.get(slug="core-industries-revenue")
    default = default_ranking_period(ranking_periods(indicator))
    assert (default.key, default.granularity, default.regions) == (
        "2023-01-01_2023-11-30",
        "months",
        7,
    )


# --- period_label() ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "granularity,start,end,zh,en",
    [
        ("year", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024年", "2024"),
        ("years", dt.date(2020, 1, 1), dt.date(2022, 12, 31), "2020-2022年", "2020–2022"),
        ("months", dt.date(2023, 1, 1), dt.date(2023, 11, 30), "2023年1-11月", "Jan–Nov 2023"),
        ("months", dt.date(2023, 11, 1), dt.date(2023, 11, 30), "2023年11月", "Nov 2023"),
        (
            "point",
            dt.date(2023, 11, 30),
            dt.date(2023, 11, 30),
            "截至2023年11月末",
            "end of Nov 2023",
        ),
        ("point", dt.date(2023, 12, 31), dt.date(2023, 12, 31), "截至2023年末", "end of 2023"),
        (
            "point",
            dt.date(2024, 6, 15),
            dt.date(2024, 6, 15),
            "截至2024年6月15日",
            "as of 2024-06-15",
        ),
        (
            "current",
            dt.date(2025, 7, 2),
            dt.date(2025, 7, 2),
            "目前（2025年7月报道）",
            "current (reported Jul 2025)",
        ),
    ],
)
def test_period_label_in_each_language(granularity, start, end, zh, en):
    assert period_label(granularity, start, end, "zh-hans") == zh
    assert period_label(granularity, start, end, "en") == en
    with translation.override("en"):
        assert period_label(granularity, start, end) == en
    with translation.override("zh-hans"):
        assert period_label(granularity, start, end) == zh


# --- series_chart() and ranking_chart() ----------------------------------------------------------


def test_series_chart_labels_points_and_table_rows(ind, regions, zh_early):
    region = regions["a"]
    series = [
        make_obs(ind, region, zh_early, "10", period=year(2022)),
        make_obs(ind, region, zh_early, "12", period=year(2023), qualifier="more_than"),
        make_obs(ind, region, zh_early, "14", period=year(2024), qualifier="about"),
    ]
    with translation.override("zh-hans"):
        chart = series_chart("test-series", ind, series)
    assert chart["id"] == "chart-data-test-series"  # never the id of a heading
    assert chart["type"] == "line"
    assert chart["title"] == "测试指标count"
    assert chart["labels"] == ["2022年", "2023年", "2024年"]
    (dataset,) = chart["datasets"]
    assert [p["y"] for p in dataset["points"]] == [10.0, 12.0, 14.0]
    assert [p["text"] for p in dataset["points"]] == ["10家", "超12家", "约14家"]
    assert [p["bound"] for p in dataset["points"]] == ["", ">", ""]
    assert chart["has_bounds"] is True
    assert chart["highlight"] == [False, False, False]
    # The table under the chart holds exactly the chart's data.
    assert chart["rows"] == [
        {"label": label, "text": p["text"]}
        for label, p in zip(chart["labels"], dataset["points"], strict=True)
    ]


def test_series_chart_in_english(ind, regions, zh_early):
    series = [
        make_obs(ind, regions["a"], zh_early, "10", period=year(2023), qualifier="at_least"),
        make_obs(ind, regions["a"], zh_early, "12", period=year(2024), qualifier="less_than"),
    ]
    with translation.override("en"):
        chart = series_chart("test-series", ind, series)
    assert chart["title"] == "Test indicator count"
    assert chart["unit"] == "firms"
    assert chart["rows"] == [
        {"label": "2023", "text": "≥ 10 firms"},
        {"label": "2024", "text": "< 12 firms"},
    ]
    assert [p["bound"] for p in chart["datasets"][0]["points"]] == ["≥", "<"]


def test_a_chart_without_bounds_says_so(ind, regions, zh_early):
    series = [
        make_obs(ind, regions["a"], zh_early, "10", period=year(2023), qualifier="about"),
        make_obs(ind, regions["a"], zh_early, "12", period=year(2024)),
    ]
    chart = series_chart("test-series", ind, series)
    assert chart["has_bounds"] is False
    assert [p["bound"] for p in chart["datasets"][0]["points"]] == ["", ""]


def test_ranking_chart_highlights_only_the_given_region(ind, regions, zh_early):
    a, b, c = regions["a"], regions["b"], regions["c"]
    ranked, _ = ranking(
        [
            make_obs(ind, a, zh_early, "10"),
            make_obs(ind, b, zh_early, "30", qualifier="more_than"),
            make_obs(ind, c, zh_early, "20"),
        ]
    )
    with translation.override("en"):
        chart = ranking_chart("test-ranking", ind, ranked, highlight=c)
        plain = ranking_chart("test-ranking", ind, ranked)
    assert chart["id"] == "chart-data-test-ranking"
    assert chart["type"] == "bar"
    assert chart["labels"] == ["T-b", "T-c", "T-a"]
    assert chart["highlight"] == [False, True, False]
    assert plain["highlight"] == [False, False, False]
    assert [p["bound"] for p in chart["datasets"][0]["points"]] == [">", "", ""]
    assert chart["rows"] == [
        {"label": "T-b", "text": "> 30 firms"},
        {"label": "T-c", "text": "20 firms"},
        {"label": "T-a", "text": "10 firms"},
    ]
    with translation.override("zh-hans"):
        assert ranking_chart("test-ranking", ind, ranked)["labels"] == ["测b", "测c", "测a"]
