"""full_clean() explains a bad figure in words an editor understands, before anything is saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Observation
from tests.indicators.test_constraints import make_observation

pytestmark = pytest.mark.django_db


def messages(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def test_share_above_100_is_explained(source, indicators):
    errors = messages(
        make_observation(source, indicators["share"], value=Decimal("120"), quote="120%")
    )
    assert errors["value"] == ["占比必须在 0 到 100 之间。"]


def test_negative_count_is_explained(source, indicators):
    errors = messages(make_observation(source, indicators["count"], value=Decimal("-3")))
    assert errors["value"] == ["数量和金额不能为负数。"]


def test_period_ending_before_start_is_explained(source, indicators):
    obs = make_observation(
        source,
        indicators["count"],
        period_start=dt.date(2024, 12, 31),
        period_end=dt.date(2024, 1, 1),
    )
    assert "截止日期不能早于起始日期。" in messages(obs)["period_end"]


def test_missing_quote_is_explained(source, indicators):
    errors = messages(make_observation(source, indicators["count"], quote="  "))
    assert any("原文引文" in m for m in errors["quote"])


def test_year_that_is_not_a_calendar_year_is_explained(source, indicators):
    obs = make_observation(source, indicators["count"], period_end=dt.date(2024, 11, 30))
    assert "“全年”的时期应从 1 月 1 日到同年 12 月 31 日。" in messages(obs)["period_start"]


def test_duplicate_figure_is_explained(source, indicators):
    make_observation(source, indicators["count"]).save()
    errors = messages(make_observation(source, indicators["count"], value=Decimal("99")))
    assert any("不要重复录入" in m for m in errors["__all__"])


def test_good_figure_passes_and_is_saved(source, indicators):
    obs = make_observation(source, indicators["count"])
    obs.full_clean()
    obs.save()
    assert Observation.objects.filter(source=source).count() == 1
