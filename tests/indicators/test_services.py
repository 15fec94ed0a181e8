"""The one write path for figures: its hard rules, its warnings, and what a write carries along."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import data_version
from districts.models import Region
from indicators import services
from indicators.models import Indicator, Observation
from sources.models import Source

pytestmark = pytest.mark.django_db


def new_figure(**overrides) -> Observation:
    fields = {
        "indicator": Indicator.objects.get(slug="core-industries-revenue"),
        "region": Region.objects.get(slug="daxing"),
        "value": Decimal("1200"),
        "qualifier": "more_than",
        "kind": "actual",
        "granularity": "year",
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 12, 31),
        "source": Source.objects.get(slug="china-city-news-2025-07"),
        "quote": "大兴区数字经济核心产业收入超1200亿元",
    }
    fields.update(overrides)
    return Observation(**fields)


def test_a_valid_figure_is_written_with_its_history_and_a_new_data_version():
    user = get_user_model().objects.create_user("writer", password="x-Long-pass-7")
    before = data_version()
    obs = services.save_figure(new_figure(), unit="亿元", reason="据报告录入", user=user)
    assert obs.pk is not None
    record = obs.history.first()
    assert (record.history_change_reason, record.history_user) == ("据报告录入", user)
    assert data_version() > before


def test_the_data_version_moves_in_the_same_transaction_as_the_write():
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_figure(new_figure(), unit="亿元")
        raise RuntimeError("the caller's transaction fails after the write")
    assert data_version() == before
    assert not Observation.objects.filter(region__slug="daxing").exists()


@pytest.mark.parametrize(
    ("overrides", "unit", "field"),
    [
        ({"value": Decimal("-1")}, "亿元", "value"),
        ({"period_end": dt.date(2024, 12, 31)}, "亿元", "period_end"),
        ({"quote": "  "}, "亿元", "quote"),
        ({"period_start": dt.date(2025, 2, 1)}, "亿元", "period_start"),
        ({}, "万元", "unit"),
        ({}, "", "unit"),
        (
            {
                "indicator": "digital-economy-gdp-share",  # looked up below
                "value": Decimal("120"),
                "qualifier": "exact",
                "quote": "占比120%",
            },
            "%",
            "value",
        ),
    ],
)
def test_a_broken_hard_rule_writes_nothing(overrides, unit, field):
    if isinstance(overrides.get("indicator"), str):
        overrides["indicator"] = Indicator.objects.get(slug=overrides["indicator"])
    before = (Observation.objects.count(), data_version())
    with pytest.raises(ValidationError) as excinfo:
        services.save_figure(new_figure(**overrides), unit=unit, confirmed=True)
    assert field in excinfo.value.message_dict
    assert (Observation.objects.count(), data_version()) == before


def test_a_duplicate_of_an_existing_figure_is_refused():
    existing = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    copy = Observation(
        **{
            f.attname: getattr(existing, f.attname)
            for f in Observation._meta.concrete_fields
            if not f.primary_key
        }
    )
    with pytest.raises(ValidationError, match="不要重复录入"):
        services.save_figure(copy, unit="亿元", confirmed=True)


def test_a_quote_without_the_number_needs_confirmation():
    figure = new_figure(quote="大兴区数字经济核心产业收入超一千二百亿元")
    with pytest.raises(services.WarningsNotConfirmed) as excinfo:
        services.save_figure(figure, unit="亿元")
    assert "引文中没有找到数字 1200" in excinfo.value.warnings[0]
    assert figure.pk is None
    services.save_figure(figure, unit="亿元", confirmed=True)
    assert figure.pk is not None


@pytest.mark.parametrize("quote", ["收入超1200亿元", "收入超1,200亿元", "收入超0.12万亿元"])
def test_the_number_in_digits_in_any_spelling_needs_no_confirmation(quote):
    assert services.check_figure(new_figure(quote=quote), unit="亿元") == []


def test_a_target_dated_before_its_source_needs_confirmation_but_a_later_one_does_not():
    early = new_figure(
        kind="target", period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31)
    )
    assert any("早于来源发布日期" in w for w in services.check_figure(early, unit="亿元"))
    later = new_figure(kind="target")
    assert services.check_figure(later, unit="亿元") == []
    actual_early = new_figure(period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31))
    assert services.check_figure(actual_early, unit="亿元") == []


def test_without_database_checks_the_database_still_refuses_a_duplicate():
    existing = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    copy = Observation(
        **{
            f.attname: getattr(existing, f.attname)
            for f in Observation._meta.concrete_fields
            if not f.primary_key
        }
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        services.save_figure(copy, unit="亿元", confirmed=True, check_database=False)


def test_the_unit_may_be_written_in_english():
    assert services.unit_error(new_figure(), "100 million yuan") is None
    assert services.unit_error(new_figure(), "yuan") is not None
