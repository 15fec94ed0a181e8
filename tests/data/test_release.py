"""Data release 2: every figure the reports state, and nothing placed by guesswork.

These hold the release to its rules: a featured industry's role is the source's word, no site is
placed in a district the sources do not name, the context regions (全国, 上海市) stay out of
everything that lists or ranks Beijing's districts, and every district 002 gives a brand has one.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.models import Reading
from core.quotes import check_quotes
from districts.models import (
    Brand,
    FeaturedIndustry,
    Industry,
    IndustryRole,
    Placement,
    Region,
    RegionKind,
    Site,
)
from indicators.models import Indicator, Observation, ValueType
from indicators.selectors import indicator_ranking, ranking, ranking_periods
from pages.selectors import choosable_regions, overview
from sources.models import Source
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

BASSS = "basss-report-2023"


# --- the role word ------------------------------------------------------------------------------


def bad_leading_row() -> FeaturedIndustry:
    """Xicheng's digital finance labelled 主导产业, from a quote that never says 主导.

    Written with create(), which skips clean(): the way a bulk load or a careless script could
    put it in the database, and what verify_quotes must catch.
    """
    return FeaturedIndustry.objects.create(
        region=Region.objects.get(slug="xicheng"),
        industry=Industry.objects.get(slug="artificial-intelligence"),
        role=IndustryRole.LEADING,
        source=Source.objects.get(slug=BASSS),
        quote="西城区数字金融持续领跑",
    )


def test_role_word_check_fails_on_a_hand_made_bad_row():
    row = bad_leading_row()
    checked, problems = check_quotes(SEEDS, records=[row])
    assert checked == 1
    # The quote itself is verbatim; only the role word is missing.
    assert len(problems) == 1
    assert "主导" in problems[0].reason


def test_verify_quotes_command_fails_on_the_bad_row_and_says_why(capsys):
    bad_leading_row()
    with pytest.raises(CommandError, match="failed verification"):
        call_command("verify_quotes", str(SEEDS))
    assert "主导" in capsys.readouterr().err


def test_a_future_role_needs_the_word_future():
    row = FeaturedIndustry.objects.create(
        region=Region.objects.get(slug="haidian"),
        industry=Industry.objects.get(slug="internet-3"),
        role=IndustryRole.FUTURE,
        source=Source.objects.get(slug=BASSS),
        quote="海淀区、朝阳区、顺义区分别针对人工智能、互联网 3.0",
    )
    _, problems = check_quotes(SEEDS, records=[row])
    assert [p.reason for p in problems] == ["its role needs the word '未来' in the quote"]


def test_the_editor_form_refuses_a_role_its_quote_does_not_state():
    row = FeaturedIndustry(
        region=Region.objects.get(slug="xicheng"),
        industry=Industry.objects.get(slug="digital-healthcare"),
        role=IndustryRole.LEADING,
        source=Source.objects.get(slug=BASSS),
        quote="西城区数字金融持续领跑",
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "role" in error.value.message_dict


def test_the_release_passes_verify_quotes_with_the_role_words(capsys):
    call_command("verify_quotes", str(SEEDS))
    assert "quotes verified" in capsys.readouterr().out


def test_a_leading_or_future_role_is_only_where_the_quote_says_so():
    for featured in FeaturedIndustry.objects.all():
        quote = "".join(featured.quote.split())
        if featured.role == IndustryRole.LEADING:
            assert "主导" in quote, featured
        if featured.role == IndustryRole.FUTURE:
            assert "未来" in quote, featured
    # The five once labelled 主导产业 without the word are featured now.
    for region, industry in [
        ("haidian", "artificial-intelligence"),
        ("haidian", "integrated-circuits"),
        ("haidian", "basic-software-cybersecurity"),
        ("dongcheng", "culture-technology"),
        ("yizhuang", "autonomous-driving"),
    ]:
        row = FeaturedIndustry.objects.get(
            region__slug=region, industry__slug=industry, source__slug=BASSS
        )
        assert row.role == IndustryRole.FEATURED


# --- placement ----------------------------------------------------------------------------------


def test_no_site_is_unplaced_outside_the_city():
    unplaced = Site.objects.filter(placement=Placement.UNPLACED)
    assert unplaced.exists()
    assert not unplaced.exclude(region__kind=RegionKind.CITY).exists()


def test_every_site_filed_under_the_city_says_it_is_unplaced():
    at_city = Site.objects.filter(region__kind=RegionKind.CITY)
    assert not at_city.exclude(placement=Placement.UNPLACED).exists()


def test_an_unplaced_site_in_a_district_is_refused():
    site = Site.objects.get(slug="798-art-zone")
    site.region = Region.objects.get(slug="chaoyang")
    with pytest.raises(ValidationError) as error:
        site.full_clean()
    assert "placement" in error.value.message_dict


def test_sites_placed_from_general_knowledge_are_back_at_the_city():
    for slug in ("798-art-zone", "beijing-fang", "data-systems-pilot-zone"):
        site = Site.objects.get(slug=slug)
        assert site.region.kind == RegionKind.CITY and site.is_unplaced, slug


def test_computing_centres_carry_no_invented_names():
    centres = Site.objects.filter(slug__contains="computing-centre")
    assert centres.count() == 9
    assert set(centres.values_list("name_zh", flat=True)) == {"智能算力中心", "公共算力中心"}
    assert not Site.objects.filter(name_zh__in=["朝阳智能算力中心", "海淀公共算力中心"]).exists()


def test_the_city_level_expansion_is_not_placed_in_the_zone():
    obs = Observation.objects.get(indicator__slug="ad-zone-expansion-area")
    assert obs.region.slug == "beijing" and obs.site is None


def test_unplaced_sites_say_so_on_the_pages_they_appear(client):
    html = client.get("/districts/beijing/").content.decode()
    assert (
        html.count("所在区未见于来源") >= Site.objects.filter(placement=Placement.UNPLACED).count()
    )
    # The overview's target table names the pilot zone beside its 2025 target.
    assert "所在区未见于来源" in client.get("/").content.decode()


# --- readings -----------------------------------------------------------------------------------


def test_word_order_pairings_are_marked_and_explained():
    paired = FeaturedIndustry.objects.filter(reading=Reading.WORD_ORDER)
    assert {(f.region.slug, f.industry.slug) for f in paired} == {
        ("tongzhou", "metaverse"),
        ("mentougou", "uhd-video"),
    }
    assert all(f.note for f in paired)


@pytest.mark.parametrize(
    "path",
    [
        "/districts/tongzhou/",
        "/industries/metaverse/",
        "/industries/",
        "/compare/?regions=tongzhou,mentougou",
    ],
)
def test_the_word_order_badge_shows_wherever_the_pairing_does(client, path):
    assert "据行文顺序对应" in client.get(path).content.decode()


def test_a_reading_without_a_note_is_refused():
    row = FeaturedIndustry.objects.get(region__slug="tongzhou", industry__slug="metaverse")
    row.note = ""
    with pytest.raises(ValidationError):
        row.full_clean()


# --- brands -------------------------------------------------------------------------------------

# Every district 002 gives a line under 一区一品 (sections 七 and 八).
BRANDED_BY_002 = [
    "haidian",
    "chaoyang",
    "shunyi",
    "tongzhou",
    "mentougou",
    "fengtai",
    "dongcheng",
    "xicheng",
    "shijingshan",
    "changping",
    "yizhuang",
]


@pytest.mark.parametrize("slug", BRANDED_BY_002)
def test_every_district_has_a_brand_if_002_gives_one(slug):
    assert Brand.objects.filter(region__slug=slug, source__slug=BASSS).exists()


@pytest.mark.parametrize("slug", ["shunyi", "tongzhou", "mentougou", "fengtai"])
def test_their_profiles_no_longer_say_the_sources_hold_no_brand(client, slug):
    html = client.get(f"/districts/{slug}/").content.decode()
    assert "来源中暂无该区的定位" not in html


# --- context regions ----------------------------------------------------------------------------


def test_the_context_regions_are_china_and_shanghai_without_a_parent():
    context = Region.objects.filter(kind=RegionKind.CONTEXT)
    assert set(context.values_list("slug", flat=True)) == {"china", "shanghai"}
    assert not context.exclude(parent=None).exists()
    assert Region.objects.get(slug="shanghai").code == "310000"
    china = Region.objects.get(slug="china")
    assert china.code == ""
    china.full_clean()  # no code demanded


def test_context_regions_hold_only_what_the_reports_state_about_them():
    figures = Observation.objects.filter(region__kind=RegionKind.CONTEXT)
    assert figures.filter(region__slug="shanghai").count() == 6  # table 2, Shanghai's columns
    assert figures.filter(region__slug="china").count() == 14
    assert not Brand.objects.filter(region__kind=RegionKind.CONTEXT).exists()
    assert not Site.objects.filter(region__kind=RegionKind.CONTEXT).exists()


def test_context_regions_never_appear_in_the_districts_table(client):
    response = client.get("/districts/", {"_export": "csv", "per_page": "100"})
    names = {row[0] for row in list(csv.reader(io.StringIO(response.content.decode())))[1:]}
    assert len(names) == 18
    assert "全国" not in names and "上海市" not in names
    # The district filter does not offer them at all: asking for them is a 400 naming the choices.
    response = client.get("/districts/", {"kind": "context"})
    assert response.status_code == 400
    assert "对比地区" not in response.content.decode().split('name="kind"', 1)[1].split("</select>")[0]


def test_context_regions_never_enter_a_ranking_of_districts():
    indicators = Indicator.objects.filter(observations__region__kind=RegionKind.CONTEXT).distinct()
    assert indicators.exists()
    for indicator in indicators:
        for period in ranking_periods(indicator):
            ranked, _ = indicator_ranking(indicator, period)
            assert all(o.region.kind not in ("context", "city") for o in ranked), indicator


def test_the_indicator_page_ranks_no_context_region(client):
    html = client.get("/indicators/core-digital-enterprises/").content.decode()
    ranking_section = html.split('id="ranking"', 1)[1].split('id="city"', 1)[0]
    assert "上海市" not in ranking_section and "全国" not in ranking_section
    # Shanghai's figure is still listed among every statement, with its source.
    assert "上海市" in html.split('id="all"', 1)[1]


def test_the_overview_cards_are_beijings_districts_and_zone_only(client):
    cards = list(overview()["cards"])
    assert len(cards) == 17
    assert not [r for r in cards if r.kind == RegionKind.CONTEXT]
    html = client.get("/").content.decode()
    assert "/districts/shanghai/" not in html and "/districts/china/" not in html


def test_a_context_profile_says_it_is_context_for_comparison(client):
    html = client.get("/districts/shanghai/").content.decode()
    assert "对比地区" in html
    assert "不是北京的区或功能区" in html
    assert "来源中暂无该区的定位" not in html  # not a district: no brand section at all
    assert "191078" in html or "19.11万家" in html


def test_compare_offers_context_regions_only_beside_the_city():
    assert not choosable_regions(["haidian", "chaoyang"]).filter(kind=RegionKind.CONTEXT).exists()
    beside_city = choosable_regions(["beijing", "shanghai"])
    assert set(beside_city.filter(kind=RegionKind.CONTEXT).values_list("slug", flat=True)) == {
        "china",
        "shanghai",
    }


def test_compare_marks_a_context_region(client):
    html = client.get("/compare/", {"regions": "beijing,shanghai"}).content.decode()
    assert "来源为与北京对比而列出的地区" in html


# --- rankings as figures ------------------------------------------------------------------------


def test_rank_indicators_are_in_the_rank_unit_and_hold_places():
    ranks = Indicator.objects.filter(value_type=ValueType.RANK)
    assert ranks.count() == 16
    assert set(ranks.values_list("unit", flat=True)) == {"名次"}
    for indicator in ranks:
        assert "比较范围" in indicator.definition_zh or "来源只写" in indicator.definition_zh
    values = Observation.objects.filter(indicator__value_type=ValueType.RANK)
    assert values.exists()
    assert all(v.value >= 1 and v.value == v.value.to_integral_value() for v in values)


def test_a_rank_ranking_puts_the_lowest_place_first(empty_db):
    source = Source.objects.create(
        slug="s",
        title="t",
        publisher="p",
        published=dt.date(2025, 1, 1),
        language="zh",
        kind="news",
    )
    city = Region.objects.create(
        slug="city", code="110000", kind="city", name_zh="市", short_name_zh="市", short_name_en="C"
    )
    a, b = (
        Region.objects.create(
            slug=slug,
            code=code,
            kind="district",
            name_zh=slug,
            short_name_zh=slug,
            short_name_en=slug,
            parent=city,
            order=order,
        )
        for slug, code, order in (("a", "110101", 1), ("b", "110102", 2))
    )
    indicator = Indicator.objects.create(
        slug="rank", name_zh="名次", unit="名次", topic="scale", nature="stock", value_type="rank"
    )
    common = {
        "indicator": indicator,
        "source": source,
        "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31),
        "granularity": "year",
        "quote": "q",
    }
    third = Observation.objects.create(region=a, value=Decimal(3), **common)
    first = Observation.objects.create(region=b, value=Decimal(1), **common)
    observations = list(Observation.objects.with_related())
    assert ranking(observations)[0] == [first, third]


def test_a_range_is_kept_as_its_lower_bound_with_a_note():
    obs = Observation.objects.get(indicator__slug="metaverse-complexes")
    assert (obs.value, obs.qualifier, obs.kind) == (Decimal(1), "at_least", "target")
    assert "1-2个" in obs.quote and "1-2个" in obs.note
