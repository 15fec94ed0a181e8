import datetime as dt
from decimal import Decimal

import pytest

from indicators.formatting import format_value
from indicators.models import period_label
from indicators.units import UNIT_INFO, Unit


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "zh", "en"),
    [
        ("18766.7", "亿元", "exact", "1.88万亿元", "1.88 trillion yuan"),
        ("20000", "亿元", "more_than", "超2万亿元", "> 2 trillion yuan"),
        ("3000", "亿元", "more_than", "超3000亿元", "> 300 billion yuan"),
        ("5000", "个", "at_least", "5000个以上", "≥ 5,000"),
        ("13.39", "万个", "exact", "13.39万个", "133,900"),
        ("14000", "家", "more_than", "超1.4万家", "> 14,000 firms"),
        ("12152", "家", "exact", "12152家", "12,152 firms"),
        ("45000", "P", "more_than", "超4.5万P", "> 45,000 PFLOPS"),
        ("600", "家", "about", "约600家", "≈ 600 firms"),
        ("5", "%", "less_than", "不足5%", "< 5%"),
        ("14000", "万户", "more_than", "超1.4亿户", "> 140 million users"),
        ("2100", "万元", "more_than", "超2100万元", "> 21 million yuan"),
    ],
)
def test_figures_are_written_with_magnitude_unit_and_qualifier(value, unit, qualifier, zh, en):
    assert format_value(Decimal(value), unit, qualifier, lang="zh-hans") == zh
    assert format_value(Decimal(value), unit, qualifier, lang="en") == en


@pytest.mark.parametrize(
    ("granularity", "start", "end", "zh", "en"),
    [
        ("year", (2024, 1, 1), (2024, 12, 31), "2024年", "2024"),
        ("months", (2023, 1, 1), (2023, 11, 30), "2023年1-11月", "Jan–Nov 2023"),
        ("point", (2023, 11, 30), (2023, 11, 30), "截至2023年11月末", "end of Nov 2023"),
        (
            "current",
            (2025, 7, 2),
            (2025, 7, 2),
            "目前（2025年7月报道）",
            "current (reported Jul 2025)",
        ),
        ("years", (2020, 1, 1), (2022, 12, 31), "2020-2022年", "2020–2022"),
    ],
)
def test_periods_are_labelled_in_words(granularity, start, end, zh, en):
    start, end = dt.date(*start), dt.date(*end)
    assert period_label(granularity, start, end, "zh-hans") == zh
    assert period_label(granularity, start, end, "en") == en


def test_every_unit_an_indicator_can_have_knows_how_to_be_written():
    assert set(UNIT_INFO) == set(Unit.values)
    for unit in Unit.values:
        assert format_value(Decimal("12345"), unit, "exact", lang="zh-hans")
        assert format_value(Decimal("12345"), unit, "exact", lang="en")
