"""The extractor's pieces: numbers, qualifiers, units and periods as the reports write them."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.choices import Granularity, Qualifier
from ingestion.extraction.matching import choose_unit
from ingestion.extraction.numbers import (
    find_en_quantities,
    find_ranks,
    find_zh_quantities,
    parse_chinese_number,
)
from ingestion.extraction.periods import Period, comparison_years, find_periods
from ingestion.extraction.vocabulary import IndicatorEntry

PUBLISHED = dt.date(2025, 7, 2)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("两万亿", Decimal("2e12")),
        ("1.4亿", Decimal("1.4e8")),
        ("10.04万", Decimal("100400")),
        ("二十", 20),
        ("十", 10),
        ("十五", 15),
        ("一百零五", 105),
        ("三千二百", 3200),
        ("千", 1000),
        ("两", 2),
        ("七", 7),
        ("一亿二千万", 120_000_000),
        ("三点五", Decimal("3.5")),
        ("2.2万亿", Decimal("2.2e12")),
        ("18766.7", Decimal("18766.7")),
        ("13.39万", Decimal("133900")),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_chinese_number(numeral) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "万", "abc", "三点", "一点a"])
def test_what_is_not_a_numeral_is_refused(bad):
    with pytest.raises(ValueError):
        parse_chinese_number(bad)


_DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """0 < n < 10000 in Chinese numerals, the way reports write them (一千零五, 二十)."""
    text, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero and text:
                text += "零"
            text += _DIGITS[digit] + unit
            zero = False
        elif text:
            zero = True
    return text


def chinese(n: int) -> str:
    if n == 0:
        return "零"
    parts = []
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // value % 10**4 if value < 10**8 else n // value
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_section(chunk) + unit)
        elif parts and value == 1 and n % 10**4:
            parts.append("零")
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_every_written_out_integer_reads_back(n):
    """Bounded examples: any integer below a trillion, written in Chinese numerals."""
    assert parse_chinese_number(chinese(n)) == n


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]),
)
def test_arabic_numbers_with_a_magnitude_read_back(number, magnitude):
    word, factor = magnitude
    assert parse_chinese_number(f"{number}{word}") == number * factor


def one(text: str):
    found = find_zh_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "base", "qualifier"),
    [
        ("收入超两万亿元", Decimal("2e12"), "元", Qualifier.MORE_THAN),
        ("增加值突破2.2万亿元", Decimal("2.2e12"), "元", Qualifier.MORE_THAN),
        ("企业10.04万家", 100400, "家", Qualifier.EXACT),
        ("二十余家企业", 20, "家", Qualifier.MORE_THAN),
        ("300余家伙伴企业", 300, "家", Qualifier.MORE_THAN),
        ("100多款大模型", 100, "款", Qualifier.MORE_THAN),
        ("为70多万家企业", 700000, "家", Qualifier.MORE_THAN),
        ("逾50家", 50, "家", Qualifier.MORE_THAN),
        ("新建5000个以上5G-A基站", 5000, "个", Qualifier.AT_LEAST),
        ("企业200家以上", 200, "家", Qualifier.AT_LEAST),
        ("约1500件", 1500, "件", Qualifier.ABOUT),
        ("近600家交易主体", 600, "家", Qualifier.ABOUT),
        ("仅为15%左右", 15, "%", Qualifier.ABOUT),
        ("不足5%", 5, "%", Qualifier.LESS_THAN),
        ("不到3个", 3, "个", Qualifier.LESS_THAN),
        ("比重超七成", 70, "%", Qualifier.MORE_THAN),
        ("比例不足一成", 10, "%", Qualifier.LESS_THAN),
        ("比上年提高1.3个百分点", Decimal("1.3"), "个百分点", Qualifier.EXACT),
        ("智能算力8620P", 8620, "P", Qualifier.EXACT),
        ("总量612TB的", 612, "TB", Qualifier.EXACT),
        ("5G用户数1898.2万户", Decimal("18982000"), "户", Qualifier.EXACT),
        ("在京建设1-2个综合体", 1, "个", Qualifier.AT_LEAST),
    ],
)
def test_numbers_qualifiers_and_units(text, value, base, qualifier):
    quantity = one(text)
    assert quantity.base_value == Decimal(value)
    assert quantity.base == base
    assert quantity.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("北京市聚集了全国半数左右的研究机构", 50, Qualifier.ABOUT),
        ("核心产业收入均实现了两位数增长", 10, Qualifier.AT_LEAST),
    ],
)
def test_words_for_shares(text, value, qualifier):
    quantity = one(text)
    assert (quantity.base_value, quantity.base, quantity.qualifier) == (value, "%", qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "5G基站人均拥有量",
        "支持IPv6",
        "对齐GPT4.0水平",
        "英伟达A100等芯片",
        "C919模拟舱",
        "2025年7月2日",
        "一张蓝图绘到底",
        "“一区一品”新格局",
        "北京出台“软8条”支持企业",
        "一两次",
        "第一批",
        "元宇宙",
        "4.5万亿美元",
        "五道口人工智能产业园",
    ],
)
def test_what_is_not_a_figure(text):
    found = [q for q in find_zh_quantities(text) if q.base]
    assert found == [] or text == "五道口人工智能产业园"


def test_a_bare_magnitude_is_found_for_the_context_to_decide():
    quantity = one("物联网终端用户数量超过1.4亿")
    assert (quantity.base_value, quantity.base, quantity.qualifier) == (
        Decimal("1.4e8"),
        "",
        Qualifier.MORE_THAN,
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("每万人拥有5G基站数48个,居全国第一", [1]),
        ("数量全国第一", [1]),
        ("全国居首", [1]),
        ("位列全国第一、全球第五", [1, 5]),
        ("分别排第二位和第三位", [2, 3]),
        ("稳居世界第二", [2]),
        ("建成全球最大规模城市级播放体系", [1]),
        ("站稳全球第一梯队", []),
        ("第一批", []),
    ],
)
def test_ranks(text, values):
    assert [int(q.base_value) for q in find_ranks(text)] == values


@pytest.mark.parametrize(
    ("text", "value", "base", "qualifier"),
    [
        ("exceeded 2.2 trillion yuan", Decimal("2.2e12"), "元", Qualifier.MORE_THAN),
        ("a 7.7% year-on-year increase", Decimal("7.7"), "%", Qualifier.EXACT),
        ("over 140,000 5G base stations", 140000, "个", Qualifier.MORE_THAN),
        ("more than 100 satellites", 100, "颗", Qualifier.MORE_THAN),
        ("covers 299 Grade II and III hospitals", 299, "家", Qualifier.EXACT),
        ("up to 30 million yuan", Decimal("3e7"), "元", Qualifier.EXACT),
        ("nearly 600 firms", 600, "家", Qualifier.ABOUT),
        ("at least 3 models", 3, "款", Qualifier.AT_LEAST),
        ("completed three human trials", 3, "例", Qualifier.EXACT),
    ],
)
def test_english_numbers(text, value, base, qualifier):
    found = find_en_quantities(text)
    assert len(found) == 1, found
    assert (found[0].base_value, found[0].base, found[0].qualifier) == (
        Decimal(value),
        base,
        qualifier,
    )


@pytest.mark.parametrize("text", ["from July 2 to 5, 2025", "the 18th CPC Congress", "5G", "IPv6"])
def test_english_dates_and_names_are_not_figures(text):
    assert find_en_quantities(text) == []


def indicator(unit: str) -> IndicatorEntry:
    return IndicatorEntry("x", "测试", "Test", unit, "amount")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("2.2万亿元", "亿元", ("亿元", Decimal("22000"))),
        ("超两万亿元", "亿元", ("亿元", Decimal("20000"))),
        ("3000万元", "万元", ("万元", Decimal("3000"))),
        ("1.97万套", "万套", ("万套", Decimal("1.97"))),
        ("13.39万个", "万个", ("万个", Decimal("13.39"))),
        ("88亿次", "亿次", ("亿次", Decimal("88"))),
    ],
)
def test_magnitudes_are_converted_into_the_indicators_unit(text, unit, expected):
    q = one(text)
    assert choose_unit(q.base, q.base_value, q.written_scale, indicator(unit)) == expected


def test_without_an_indicator_the_written_unit_is_kept():
    q = one("5G用户数1898.2万户")
    assert choose_unit(q.base, q.base_value, q.written_scale, None) == ("万户", Decimal("1898.2"))
    q = one("突破2.2万亿元")
    assert choose_unit(q.base, q.base_value, q.written_scale, None) == ("亿元", Decimal("22000"))


def periods(text: str):
    return [m.period for m in find_periods(text, PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024年全市数字经济增加值", Period.year(2024)),
        ("2023年1-11月规模以上", Period.months(2023, 1, 11)),
        ("2023年1~11月规模以上", Period.months(2023, 1, 11)),
        ("截至2023年11月末,全市", Period.point(dt.date(2023, 11, 30))),
        ("截至2023年底", Period.point(dt.date(2023, 12, 31))),
        ("2024年底累计新增", Period.point(dt.date(2024, 12, 31))),
        ("2024年上半年", Period.months(2024, 1, 6)),
        ("上半年,全市", Period.months(2025, 1, 6)),
        ("截至2023年第三季度", Period.point(dt.date(2023, 9, 30))),
        ("目前,我市已备案", Period.current(PUBLISHED)),
        ("今年以来", Period.current(PUBLISHED)),
        ("2020-2022年", Period.years(2020, 2022)),
        ("2025全球数字经济大会", Period.year(2025)),
    ],
)
def test_periods(text, period):
    assert periods(text)[0] == period


def test_to_a_year_is_a_target():
    [mention] = find_periods("到2027年要形成一批智慧城市", PUBLISHED)
    assert mention.target and mention.period == Period.year(2027)
    [past] = find_periods("到2020年", PUBLISHED)
    assert not past.target


def test_a_comparison_spans_its_years():
    mentions = find_periods("2022年北京市数字农业农村总体水平比2020年提升", PUBLISHED)
    assert comparison_years(mentions) == Period.years(2020, 2022)


def test_a_year_inside_a_documents_title_is_not_a_period():
    assert periods("制定了《北京建设全球数字经济标杆城市2025年工作要点》") == []


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("In 2024, the added value", Period.year(2024)),
        ("Today, the added value", Period.current(PUBLISHED)),
        ("as of November 2023", Period.point(dt.date(2023, 11, 30))),
        ("by the end of 2023", Period.point(dt.date(2023, 12, 31))),
    ],
)
def test_english_periods(text, period):
    assert [m.period for m in find_periods(text, PUBLISHED, english=True)][0] == period


def test_since_last_year_end_is_months_from_january():
    point = Period.point(dt.date(2023, 11, 30))
    assert point.since_year_start() == Period.months(2023, 1, 11)
    assert Period.point(dt.date(2023, 12, 31)).since_year_start() == Period.year(2023)
    assert point.since_year_start().granularity == Granularity.MONTHS
