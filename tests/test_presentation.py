"""Charts that do not mislead, Chinese typography, the order things are listed in, and what a
page says about itself (meta description, icon)."""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from districts.models import Region
from indicators.choices import Topic
from indicators.models import Indicator, Observation
from indicators.selectors import ranking_chart, series_chart

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def chart_payloads(html: str) -> dict[str, dict]:
    return {
        m.group(1).removeprefix("chart-data-"): json.loads(m.group(2))
        for m in re.finditer(
            r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


def statement(indicator, value, start, end, granularity, qualifier="exact", region=None):
    """An unsaved figure: the chart payloads read only its fields."""
    return Observation(
        indicator=indicator,
        region=region or Region.objects.city(),
        value=Decimal(value),
        qualifier=qualifier,
        granularity=granularity,
        period_start=start,
        period_end=end,
    )


def months(year, first, last):
    end = dt.date(year, last + 1, 1) - dt.timedelta(days=1) if last < 12 else dt.date(year, 12, 31)
    return dt.date(year, first, 1), end


def a_year(year):
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@pytest.fixture
def revenue():
    return Indicator.objects.get(slug="core-industries-revenue")


@pytest.fixture
def change():
    return Indicator.objects.get(slug="traffic-volume-change")


# --- Charts --------------------------------------------------------------------------------------


def test_bars_and_lines_both_begin_at_zero(client):
    charts = chart_payloads(client.get("/").content.decode())
    charts |= chart_payloads(client.get("/districts/haidian/").content.decode())
    assert {c["type"] for c in charts.values()} == {"bar", "line"}
    assert all(c["begin_at_zero"] is True for c in charts.values())
    script = (CSS.parent.parent / "js" / "charts.js").read_text(encoding="utf-8")
    assert "chart.begin_at_zero" in script  # the drawing reads it


def test_line_points_sit_at_the_middle_of_their_periods(revenue):
    series = [
        statement(revenue, "20000", *months(2023, 1, 11), "months"),
        statement(revenue, "22000", *a_year(2024), "year"),
        statement(revenue, "23000", dt.date(2025, 6, 30), dt.date(2025, 6, 30), "point"),
    ]
    with translation.override("zh-hans"):
        chart = series_chart("t", revenue, series)
    assert chart["labels"] == ["2023年1-11月", "2024年", "截至2025年6月末"]
    xs = [p["x"] for p in chart["datasets"][0]["points"]]
    assert xs[1] == 2024.5  # a whole year: its middle
    assert xs[0] == pytest.approx(2023 + 167 / 365, abs=1e-4)  # January–November: mid-June
    assert xs[2] == pytest.approx(2025 + 180.5 / 365, abs=1e-4)  # a day: its middle
    # Not one unit apart: the gaps are as long as the time between the periods.
    assert xs[1] - xs[0] == pytest.approx(1.0425, abs=1e-3)
    assert xs[2] - xs[1] == pytest.approx(0.9945, abs=1e-3)
    assert xs == sorted(xs)


def test_bars_carry_no_x(revenue):
    region = Region.objects.get(slug="haidian")
    chart = ranking_chart(
        "t", revenue, [statement(revenue, "1", *a_year(2024), "year", region=region)]
    )
    assert "x" not in chart["datasets"][0]["points"][0]


@pytest.mark.parametrize(
    "qualifier,zh,en",
    [("more_than", "超", ">"), ("at_least", "以上", "≥"), ("less_than", "不足", "<")],
)
def test_bound_marks_are_words_in_chinese_and_signs_in_english(revenue, qualifier, zh, en):
    series = [
        statement(revenue, "100", *a_year(2023), "year", qualifier=qualifier),
        statement(revenue, "120", *a_year(2024), "year"),
    ]
    with translation.override("zh-hans"):
        zh_chart = series_chart("t", revenue, series)
    with translation.override("en"):
        en_chart = series_chart("t", revenue, series)
    assert [p["mark"] for p in zh_chart["datasets"][0]["points"]] == [zh, ""]
    assert [p["mark"] for p in en_chart["datasets"][0]["points"]] == [en, ""]
    # The kind of bound stays the same sign in both languages.
    assert zh_chart["datasets"][0]["points"][0]["bound"] == en


def test_profile_ranking_marks_bounds_in_chinese(client):
    chart = chart_payloads(client.get("/districts/haidian/").content.decode())[
        "ranking-core-industries-revenue"
    ]
    assert {p["mark"] for p in chart["datasets"][0]["points"]} == {"超"}
    chart = chart_payloads(client.get("/en/districts/haidian/").content.decode())[
        "ranking-core-industries-revenue"
    ]
    assert {p["mark"] for p in chart["datasets"][0]["points"]} == {">"}


@pytest.mark.parametrize(
    "value,qualifier,zh,en",
    [
        ("20", "exact", "+20%", "+20%"),
        ("-20", "exact", "\u221220%", "\u221220%"),
        ("5", "about", "约+5%", "≈ +5%"),
        ("0", "exact", "0%", "0%"),
    ],
)
def test_a_change_states_its_direction(change, value, qualifier, zh, en):
    yizhuang = Region.objects.get(slug="yizhuang")
    figure = statement(change, value, *a_year(2024), "year", qualifier=qualifier, region=yizhuang)
    with translation.override("zh-hans"):
        zh_chart = ranking_chart("t", change, [figure])
    with translation.override("en"):
        en_chart = ranking_chart("t", change, [figure])
    assert zh_chart["rows"][0]["text"] == zh
    assert en_chart["rows"][0]["text"] == en
    assert zh_chart["datasets"][0]["points"][0]["y"] == float(value)  # drawn as stored


def test_a_count_is_not_signed(revenue):
    chart = series_chart(
        "t",
        revenue,
        [
            statement(revenue, "100", *a_year(2023), "year"),
            statement(revenue, "120", *a_year(2024), "year"),
        ],
    )
    assert not any(p["text"].startswith("+") for p in chart["datasets"][0]["points"])


def test_the_bounds_note_matches_the_chart(client):
    profile = client.get("/districts/haidian/").content.decode()  # a ranking: bars
    assert "浅色柱表示来源只给出了上限或下限" in profile
    home = client.get("/").content.decode()  # series with bounds: lines
    assert "空心点表示来源只给出了上限或下限" in home
    assert "浅色柱" not in home


# --- Chinese typography --------------------------------------------------------------------------


def _rules(css: str):
    for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", css):
        yield m.group(1).strip(), m.group(2)


def test_nothing_set_in_italics_for_missing_or_empty():
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    for selector, body in _rules(css):
        if "italic" in body:
            assert ".missing" not in selector and ".empty-state" not in selector, selector
    assert "italic" not in css


def test_chinese_interface_text_uses_full_width_punctuation(client):
    html = client.get("/compare/?regions=haidian,chaoyang,yizhuang").content.decode()
    assert "定位（一区一品）" in html
    assert "比较时请注意" not in html or "（见各格的时期），因此不画图；" in html
    footer = client.get("/").content.decode()
    assert "并附原文引文；来源未披露的数字显示为“未披露”，不作 0 处理。" in footer
    assert re.search(r"本站显示第 \d+ 版数据（[\d-]+ 发布）", footer)
    # English keeps its own punctuation.
    english = client.get("/en/").content.decode()
    assert "with its verbatim quote;" in english


# --- Order ---------------------------------------------------------------------------------------


def test_indicators_list_topics_in_their_order_scale_first(client):
    response = client.get("/indicators/")
    labels = [label for label, _ in response.context["topics"]]
    assert labels[0] == Topic.SCALE.label
    expected = [t.label for t in Topic if Indicator.objects.filter(topic=t.value).exists()]
    assert labels == expected
    html = response.content.decode()
    assert html.index("<h2>数字经济规模</h2>") < html.index("<h2>人工智能</h2>")


def test_home_cards_follow_the_official_order(client):
    cards = list(client.get("/").context["cards"])
    city = Region.objects.city()
    expected = list(Region.objects.filter(parent=city).order_by("order", "slug"))
    assert [r.slug for r in cards] == [r.slug for r in expected]
    assert [r.slug for r in cards] != sorted(r.slug for r in cards)  # not pinyin order
    assert cards[0].slug == "dongcheng"


# --- What a page says about itself ---------------------------------------------------------------


def _description(html: str) -> str:
    m = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert m, "no meta description"
    return m.group(1)


@pytest.mark.parametrize(
    "path,expected",
    [
        ("/", "一区一品"),
        ("/districts/haidian/", "海淀区的数字经济定位（一区一品）：人工智能产业高地"),
        ("/indicators/core-industries-revenue/", "规模以上数字经济核心产业收入（"),
        ("/compare/?regions=haidian,chaoyang,yizhuang", "海淀、朝阳、经开区"),
        ("/data/", "下载 CSV 或 XLSX"),
        ("/sources/", "全部来源文献"),
        ("/sources/basss-report-2023/", "本站取自这份文献"),
        ("/en/districts/haidian/", "Haidian District's digital-economy positioning"),
        ("/en/compare/", "side by side"),
    ],
)
def test_every_page_describes_itself(client, path, expected):
    html = client.get(path).content.decode()
    description = _description(html)
    assert expected in description
    assert 20 < len(description) <= 160
    assert '<link rel="icon" href="/favicon.ico">' in html
