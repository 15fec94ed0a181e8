"""The database itself refuses rows that would make a figure lie, whatever path they come by."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from districts.models import Region, Site
from indicators.models import Indicator, Observation

pytestmark = pytest.mark.django_db


def make_observation(source, indicator, **overrides):
    fields = {
        "indicator": indicator,
        "region": Region.objects.get(slug="haidian"),
        "value": Decimal("12"),
        "qualifier": "exact",
        "kind": "actual",
        "granularity": "year",
        "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31),
        "source": source,
        "quote": "测试引文12家",
    }
    fields.update(overrides)
    return Observation(**fields)


def assert_refused(obj, constraint_name):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        obj.save()
    # SQLite names the failing CHECK constraint; PostgreSQL names every constraint.
    message = str(excinfo.value)
    assert constraint_name in message or "UNIQUE" in message or "unique" in message


def test_database_refuses_period_ending_before_it_starts(source, indicators):
    obs = make_observation(
        source,
        indicators["count"],
        period_start=dt.date(2024, 12, 31),
        period_end=dt.date(2024, 1, 1),
    )
    assert_refused(obs, "observation_period_ordered")


def test_database_refuses_a_figure_without_quote(source, indicators):
    assert_refused(
        make_observation(source, indicators["count"], quote=""), "observation_quote_required"
    )


def test_database_refuses_a_point_in_time_spanning_days(source, indicators):
    obs = make_observation(source, indicators["count"], granularity="point")
    assert_refused(obs, "observation_point_is_one_day")


def test_database_refuses_an_unknown_qualifier(source, indicators):
    assert_refused(
        make_observation(source, indicators["count"], qualifier="roughly"),
        "observation_qualifier_valid",
    )


def test_database_refuses_a_duplicate_figure(source, indicators):
    make_observation(source, indicators["count"]).save()
    duplicate = make_observation(source, indicators["count"], value=Decimal("13"))
    assert_refused(duplicate, "observation_unique_figure")


def test_same_figure_from_another_source_is_a_second_citation(source, indicators):
    make_observation(source, indicators["count"]).save()
    other = source
    other.pk = None
    other.slug = "test-source-2"
    other.save()
    make_observation(other, indicators["count"]).save()
    assert Observation.objects.filter(indicator=indicators["count"]).count() == 2


def test_database_refuses_a_duplicate_site_figure(source, indicators):
    site = Site.objects.get(slug="wudaokou-ai-park")
    make_observation(source, indicators["count"], site=site).save()
    assert_refused(
        make_observation(source, indicators["count"], site=site), "observation_unique_site_figure"
    )


def test_database_refuses_an_unknown_unit():
    indicator = Indicator(
        slug="bad-unit",
        name_zh="坏单位",
        name_en="Bad unit",
        unit="斤",
        topic="scale",
        nature="flow",
        value_type="amount",
    )
    assert_refused(indicator, "indicator_unit_known")


def test_database_refuses_a_share_not_in_percent():
    indicator = Indicator(
        slug="bad-share",
        name_zh="坏占比",
        name_en="Bad share",
        unit="家",
        topic="scale",
        nature="flow",
        value_type="share",
    )
    assert_refused(indicator, "indicator_share_in_percent")


def test_database_refuses_a_code_on_a_functional_zone():
    zone = Region.objects.get(slug="yizhuang")
    zone.code = "110199"
    assert_refused(zone, "region_zone_has_no_code")


def test_database_refuses_two_regions_with_one_code():
    region = Region(
        slug="copy",
        code="110108",
        kind="district",
        name_zh="复制区",
        name_en="Copy District",
        short_name_zh="复制",
        short_name_en="Copy",
    )
    assert_refused(region, "region_code_unique")
