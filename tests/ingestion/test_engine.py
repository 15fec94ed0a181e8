"""The extractor on sentences and on the reports: region, period, kind, quote and offsets."""

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import pytest

from core.quotes import occurs_in
from ingestion.extraction.engine import DocumentContext, extract
from ingestion.extraction.vocabulary import Vocabulary
from tests.conftest import ROOT, SEEDS

VOCABULARY = Vocabulary.from_fixtures(ROOT / "fixtures")
NEWS = DocumentContext(dt.date(2025, 7, 2), "zh", "新闻")


def run(text: str, context: DocumentContext = NEWS):
    return extract(text, context, VOCABULARY)


def only(text: str, context: DocumentContext = NEWS):
    found = run(text, context)
    assert len(found) == 1, [(p.value, p.region, p.quote) for p in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("海淀区规模以上数字经济核心产业收入超两万亿元。", "haidian"),
        ("经开区新增智能算力2300P。", "yizhuang"),
        ("亦庄新增智能算力2300P。", "yizhuang"),
        ("北京经济技术开发区新增智能算力2300P。", "yizhuang"),
        ("本市智能算力规模超过2.2万P。", "beijing"),
        ("数字经济核心产业收入超过4000亿元。", "beijing"),  # no region named: the city
    ],
)
def test_region_by_any_name_or_alias(text, region):
    assert only(text).region == region


def test_english_aliases():
    context = DocumentContext(dt.date(2025, 7, 7), "en", "")
    found = run("In E-Town, average vehicle speeds have increased by 15%.", context)
    assert [p.region for p in found] == ["yizhuang"]


def test_a_list_of_regions_gives_one_candidate_each():
    found = run("东城、西城、石景山、昌平规模以上数字经济核心产业收入超过千亿元。")
    assert sorted(p.region for p in found) == ["changping", "dongcheng", "shijingshan", "xicheng"]
    assert {p.value for p in found} == {Decimal("1000")}


def test_the_subject_is_carried_to_its_clauses():
    found = run("海淀区数字经济规模全市领先,2023年1~11月规模以上数字经济核心产业收入超两万亿元。")
    assert [p.region for p in found] == ["haidian"]  # 全市领先 compares; it is not the subject


def test_a_counted_list_is_not_the_subject():
    found = run(
        "北京市海淀、朝阳、门头沟、石景山、经开区等5个智能算力中心启动建设,预计新增2300P算力规模。"
    )
    assert {p.region for p in found} == {"beijing"}


def test_a_place_outside_the_site_gives_no_candidate():
    assert run("美国企业数量达9914家,占比约为33%。") == []
    assert run("全球人工智能市场收入达5132亿美元,同比增长20.7%。") == []


def test_an_article_about_another_province_gives_none():
    text = (
        "江苏力争服务贸易高质量发展\n\n■中国城市报记者 某某\n\n全省服务贸易规模将达到6000亿元。\n"
    )
    assert run(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("全市数字经济增加值突破2.2万亿元。", "actual"),
        ("全力实现全年数字经济增加值增长8%的目标。", "target"),
        ("我们将新建5000个以上5G-A基站。", "target"),
        ("力争智能算力供给规模突破4.5万P。", "target"),
        ("到2030年,服务贸易规模将达到6000亿元。", "target"),
        ("预计新增2300P算力规模。", "expected"),
    ],
)
def test_kind(text, kind):
    assert only(text).kind == kind


def test_a_plan_announced_with_we_will_covers_its_paragraph():
    found = run("二是夯实基础设施新底座。我们将加快部署。在先行区落地数据要素企业200家以上。")
    assert [(p.kind, p.qualifier) for p in found] == [("target", "at_least")]


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("2024年全市数字经济增加值突破2.2万亿元。", "2024-01-01", "2024-12-31", "year"),
        ("2023年1-11月海淀区收入超两万亿元。", "2023-01-01", "2023-11-30", "months"),
        ("截至2023年11月末,全市累计建设5G基站10.6万个。", "2023-11-30", "2023-11-30", "point"),
        ("目前,我市已备案105款大模型产品。", "2025-07-02", "2025-07-02", "current"),
        ("全市已备案105款大模型产品。", "2025-07-02", "2025-07-02", "current"),  # a news item
        (
            "2022年北京市数字农业农村总体水平比2020年提升5.33个百分点。",
            "2020-01-01",
            "2022-12-31",
            "years",
        ),
        ("到2025年,新建5000个5G-A基站。", "2025-01-01", "2025-12-31", "year"),
    ],
)
def test_period(text, start, end, granularity):
    p = only(text)
    assert (p.period_start.isoformat(), p.period_end.isoformat(), p.granularity) == (
        start,
        end,
        granularity,
    )


def test_a_reports_year_is_the_period_of_its_undated_figures():
    report = DocumentContext(
        dt.date(2024, 1, 1), "zh", "2023年北京全球数字经济标杆城市建设发展报告"
    )
    p = only("引导数据资产登记中心发放27张数据资产登记凭证。", report)
    assert (p.period_start, p.granularity) == (dt.date(2023, 1, 1), "year")


def test_a_period_is_carried_to_the_later_sentences_of_its_paragraph():
    found = run("2024年,北京圆满完成任务。全市人工智能企业超2400家。")
    assert found[0].period_start == dt.date(2024, 1, 1)


def test_a_list_item_inherits_the_period_of_the_paragraph_that_introduces_it():
    text = (
        "2024年,北京推动标杆城市建设取得新进展。\n一是建成数据训练基地,引入100余个高质量数据集。\n"
    )
    [p] = run(text)
    assert (p.period_start, p.qualifier) == (dt.date(2024, 1, 1), "more_than")


def test_up_on_last_year_end_is_the_months_since_january():
    found = run("截至2023年11月末,千兆用户数累计达到221.7万户,比上年末增加87.3万户。")
    assert [(p.value, p.granularity, p.period_start.isoformat()) for p in found] == [
        (Decimal("221.7000"), "point", "2023-11-30"),
        (Decimal("87.3000"), "months", "2023-01-01"),
    ]


def test_indicator_suggestion_and_unit_conversion():
    p = only("2024年全市数字经济增加值突破2.2万亿元。")
    assert (p.indicator, p.unit, p.value, p.qualifier) == (
        "digital-economy-value-added",
        "亿元",
        Decimal("22000.0000"),
        "more_than",
    )


def test_a_figure_no_indicator_fits_proposes_a_new_one():
    p = only("全市共建成智慧停车泊位1200个。")
    assert p.indicator is None and p.new_indicator_name


def test_quote_and_offsets_point_into_the_text():
    text = "第一段。\n\n2024年,全市数字经济增加值突破2.2万亿元,同比增长7.7%。\n"
    found = run(text)
    for p in found:
        assert text[p.start : p.end] == p.quote
        assert text[p.number_start : p.number_end] == p.number_text
        assert p.start <= p.number_start < p.number_end <= p.end
    assert [p.number_text for p in found] == ["突破2.2万亿元", "7.7%"]


def test_one_figure_per_thing_a_clause_lists():
    found = run("市民热线“12345”问题解决率和满意率均超97%。")
    assert len(found) == 2
    assert {p.value for p in found} == {Decimal("97.0000")}


def test_tables_give_figures_of_the_regions_in_their_columns():
    text = (
        "表 1 中央网信办大模型产品备案数量\n\n单位:款\n\n"
        "| 批次 | 北京 | 全国 |\n|---|---|---|\n| 第一批 | 5 | 8 |\n| 第二批 | 10 | 11 |\n"
    )
    found = run(text, DocumentContext(dt.date(2024, 1, 1), "zh", "2023年报告"))
    assert sorted((p.region, int(p.value), p.unit) for p in found) == [
        ("beijing", 5, "款"),
        ("beijing", 10, "款"),
        ("china", 8, "款"),
        ("china", 11, "款"),
    ]
    assert all(occurs_in(p.quote, text) for p in found)


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def test_the_english_article_003():
    found = run(seed("003"), DocumentContext(dt.date(2025, 7, 7), "en", "How to Build…"))
    by_value = {(p.value, p.unit): p for p in found}
    value_added = by_value[(Decimal("22000.0000"), "亿元")]
    assert (value_added.qualifier, value_added.period_start, value_added.region) == (
        "more_than",
        dt.date(2024, 1, 1),
        "beijing",
    )
    stations = next(p for p in found if "140,000" in p.number_text)
    assert (stations.value, stations.unit, stations.qualifier) == (
        Decimal("14.0000"),
        "万个",
        "more_than",
    )
    assert stations.granularity == "current"
    speed = next(p for p in found if p.value == 15 and p.unit == "%")
    assert speed.region == "yizhuang"  # "In the Beijing Economic-Technological Development Area"


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_quote_of_every_seed_is_verbatim(number):
    """verify_quotes' own rule: every proposed quote occurs in the report (whitespace aside)."""
    text = seed(number)
    found = run(text, DocumentContext(dt.date(2025, 7, 2), "", ""))
    assert found
    for p in found:
        assert occurs_in(p.quote, text), p.quote
        assert text[p.number_start : p.number_end] == p.number_text


def test_report_002_is_read_in_well_under_two_seconds():
    text = seed("002")
    started = time.perf_counter()
    run(
        text,
        DocumentContext(dt.date(2024, 1, 1), "zh", "2023年北京全球数字经济标杆城市建设发展报告"),
    )
    assert time.perf_counter() - started < 2


def test_seeds_are_where_the_tests_expect_them():
    assert Path(SEEDS).is_dir()
