"""Downloads of every table and comparison (README, "Downloads").

Each page that shows figures offers CSV and XLSX of what it shows — a comparison's rows by
region, a profile's figures, an indicator's ranking for the chosen period, a source's figures,
/data/ and /districts/ as filtered — as ?as_of= and ?period= choose. A CSV starts with a UTF-8
byte-order mark; files are named after what they hold and the day; Chinese files have Chinese
headers and the words the pages use (超过, 实际值), with the English codes in columns of their own.
"""

import codecs
import csv
import io
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from core import streaming
from districts.models import Region
from indicators.formatting import plain_number
from indicators.models import Indicator, Observation
from indicators.selectors import ranking_periods
from pages.views import profile_figures
from sources.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

EN_HEADER = [
    "region",
    "indicator",
    "period",
    "value",
    "unit",
    "qualifier",
    "kind",
    "source",
    "quote",
    "period_start",
    "period_end",
    "granularity",
    "site",
    "region_slug",
    "indicator_slug",
    "source_slug",
    "note",
]
ZH_HEADER = [
    "区域",
    "指标",
    "时期",
    "数值",
    "单位",
    "限定",
    "性质",
    "来源",
    "原文",
    "起始日期",
    "截止日期",
    "时期类型",
    "园区或项目",
    "区域标识",
    "指标标识",
    "来源标识",
    "备注",
    # The English codes, machine-readable, at the end: the first 17 columns are the English
    # file's, in the same places.
    "限定代码",
    "性质代码",
    "时期类型代码",
]
# What the Chinese pages write for each code.
ZH_QUALIFIERS = {
    "exact": "确数",
    "more_than": "超过",
    "at_least": "以上",
    "about": "约",
    "less_than": "不足",
}
ZH_KINDS = {"actual": "实际值", "target": "目标值", "expected": "预计值"}
ZH_GRANULARITIES = {
    "year": "全年",
    "years": "跨年度",
    "months": "年内月份",
    "point": "时点",
    "current": "目前",
}
SAFE_NAME = re.compile(
    r'attachment; filename="(bjdigital-[a-z0-9_-]+-\d{4}-\d{2}-\d{2}\.(csv|xlsx))"'
)
DOWNLOAD_LINK = re.compile(r'<a href="([^"]*)"[^>]*data-download="(csv|xlsx)"')


def today() -> str:
    return timezone.localdate().isoformat()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def filename(response) -> str:
    match = SAFE_NAME.fullmatch(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1)


def file_rows(response) -> list[list[str]]:
    """The download's rows as text, header first, checked for its format's essentials."""
    assert response.status_code == 200, response.content[:500]
    data = body(response)
    if response["Content-Type"].startswith("text/csv"):
        assert data.startswith(codecs.BOM_UTF8)
        assert data.count(codecs.BOM_UTF8) == 1
        assert filename(response).endswith(".csv")
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert filename(response).endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def records(rows) -> list[dict]:
    header, *rest = rows
    return [dict(zip(header, row, strict=True)) for row in rest]


def check_languages(rows, chinese: bool) -> list[dict]:
    """The header, words and codes of a figures file; its rows keyed by the English names."""
    if not chinese:
        assert rows[0] == EN_HEADER
        out = records(rows)
        for row in out:
            assert row["qualifier"] in ("", *ZH_QUALIFIERS)
            assert row["kind"] in ("", *ZH_KINDS)
        return out
    assert rows[0] == ZH_HEADER
    english = dict(zip(ZH_HEADER, [*EN_HEADER, "qualifier", "kind", "granularity"], strict=True))
    out = []
    for row in records(rows):
        words = {english[k]: v for k, v in row.items() if k not in ("限定", "性质", "时期类型")}
        if row["限定代码"]:  # a figure (a comparison's 未披露 has no qualifier or kind)
            assert row["限定"] == ZH_QUALIFIERS[row["限定代码"]]
            assert row["性质"] == ZH_KINDS[row["性质代码"]]
            assert ZH_GRANULARITIES[row["时期类型代码"]] in row["时期类型"]
            assert not re.search(r"[a-z]", row["限定"] + row["性质"] + row["时期类型"])
        out.append(words)
    return out


def expected(obs) -> dict:
    """What a row says of a figure the page shows: the keys a reader or a script checks."""
    return {
        "region_slug": obs.region.slug,
        "indicator_slug": obs.indicator.slug,
        "period_start": obs.period_start.isoformat(),
        "period_end": obs.period_end.isoformat(),
        "value": plain_number(obs.value),
        "qualifier": obs.qualifier,
        "kind": obs.kind,
        "source_slug": obs.source.slug,
        "quote": obs.quote,
    }


KEYS = (
    "region_slug",
    "indicator_slug",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "kind",
    "source_slug",
    "quote",
)


def said(row: dict) -> dict:
    """The same keys, as a row of the file says them."""
    return {key: row[key] for key in KEYS}


def links(html: str) -> dict[str, list[str]]:
    found = {"csv": [], "xlsx": []}
    for href, fmt in DOWNLOAD_LINK.findall(html):
        found[fmt].append(href.replace("&amp;", "&"))
    return found


def page_and_files(client, url):
    """The page (its context), and each of its downloads as offered by its first links."""
    page = client.get(url)
    assert page.status_code == 200
    offered = links(page.content.decode())
    assert offered["csv"] and offered["xlsx"], f"{url}: no download links"
    base = url.split("?")[0]
    files = {}
    for fmt in ("csv", "xlsx"):
        href = offered[fmt][0]
        target = base + href if href.startswith("?") else href
        files[fmt] = client.get(target)
    return page, files


LANGUAGES = [("", True), ("/en", False)]


# --- A region's profile -------------------------------------------------------------------------


def region_slugs():
    return list(Region.objects.order_by("order", "slug").values_list("slug", flat=True))


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
def test_every_profile_downloads_the_figures_it_shows(client, prefix, chinese):
    for slug in region_slugs():
        url = f"{prefix}/districts/{slug}/"
        page = client.get(url)
        profile = page.context["profile"]
        shown = [expected(obs) for obs in profile_figures(profile)]
        if not profile.has_figures:
            assert not links(page.content.decode())["csv"]
            continue
        _page, files = page_and_files(client, url)
        for fmt, response in files.items():
            assert filename(response) == f"bjdigital-{slug}-{today()}.{fmt}"
            rows = check_languages(file_rows(response), chinese)
            assert [said(r) for r in rows] == shown, (url, fmt)
            assert {r["region_slug"] for r in rows} == {slug}
        # Every figure of the profile's tables, latest, target and earlier, is in the file.
        for _topic, figures in profile.topics:
            for fig in figures:
                for obs in (fig.latest_actual, fig.latest_target, *fig.series):
                    if obs is not None:
                        assert expected(obs) in shown


def test_a_profile_as_of_a_day_downloads_what_was_known_then(client):
    page = client.get("/en/districts/beijing/", {"as_of": "2024-01-01"})
    shown = [expected(obs) for obs in profile_figures(page.context["profile"])]
    href = links(page.content.decode())["csv"][0]
    assert "as_of=2024-01-01" in href
    response = client.get("/en/districts/beijing/" + href)
    assert filename(response) == f"bjdigital-beijing-as-of-2024-01-01-{today()}.csv"
    rows = check_languages(file_rows(response), chinese=False)
    assert [said(r) for r in rows] == shown
    everything = file_rows(client.get("/en/districts/beijing/", {"_export": "csv"}))
    assert len(rows) < len(everything) - 1  # an earlier day knew fewer figures


# --- The comparison -----------------------------------------------------------------------------

COMPARISONS = [
    {},  # the default: Haidian, Chaoyang, Yizhuang
    {"regions": "haidian,dongcheng,yizhuang"},
    {"regions": "beijing,china,shanghai"},
    {"regions": "haidian,chaoyang", "topic": "scale"},
    {"regions": "haidian,chaoyang,yizhuang", "as_of": "2024-06-30"},
    {"regions": "haidian,chaoyang,yizhuang", "common": "1"},  # rows every region reports
]


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
@pytest.mark.parametrize("query", COMPARISONS)
def test_a_comparison_downloads_its_rows_by_region(client, prefix, chinese, query):
    url = f"{prefix}/compare/"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    page, files = page_and_files(client, url)
    regions, rows_shown = page.context["regions"], page.context["rows"]
    slugs = "-".join(r.slug for r in regions)
    for fmt, response in files.items():
        name = filename(response)
        assert name.startswith(f"bjdigital-compare-{slugs}-") and name.endswith(f"{today()}.{fmt}")
        if "as_of" in query:
            assert f"-as-of-{query['as_of']}-" in name
        if "topic" in query:
            assert f"-topic-{query['topic']}-" in name
        if "common" in query:
            assert "-common-" in name
        rows = check_languages(file_rows(response), chinese)
        # One row per cell of the page's table: its rows in order, regions in the selection's.
        assert len(rows) == len(rows_shown) * len(regions)
        cells = iter(rows)
        for row in rows_shown:
            for region, cell in zip(regions, row.cells, strict=True):
                line = next(cells)
                assert line["region_slug"] == region.slug
                assert line["indicator_slug"] == row.indicator.slug
                if cell is None:  # 未披露: never 0, never a number
                    assert line["value"] == "" and line["source_slug"] == ""
                    with translation.override("zh-hans" if chinese else "en"):
                        assert line["note"] == gettext("未披露（来源没有给出这个数字）")
                else:
                    assert said(line) == expected(cell)


def test_the_default_comparison_is_named_after_its_regions(client):
    response = client.get("/compare/", {"_export": "csv"})
    expected_name = f"bjdigital-compare-haidian-chaoyang-yizhuang-{today()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'


def test_a_comparison_with_a_bad_selection_is_not_a_download(client):
    response = client.get("/compare/", {"regions": "haidian,atlantis", "_export": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# --- Indicator pages: the ranking for the chosen period ------------------------------------------


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
def test_every_indicator_page_downloads_its_ranking(client, prefix, chinese):
    offered = 0
    for indicator in Indicator.objects.order_by("slug"):
        url = f"{prefix}/indicators/{indicator.slug}/"
        page = client.get(url)
        ranked = page.context["ranked"]
        html = page.content.decode()
        # Every indicator page offers its figures (the table under the ranking) from /data/.
        all_figures = [h for h in links(html)["csv"] if h.startswith(f"{prefix}/data/")]
        assert all_figures == [f"{prefix}/data/?indicator={indicator.slug}&_export=csv"]
        if not ranked:
            continue
        offered += 1
        _page, files = page_and_files(client, url)
        period = page.context["period"]
        for fmt, response in files.items():
            assert filename(response) == (
                f"bjdigital-indicator-{indicator.slug}-{period.key}-{today()}.{fmt}"
            )
            rows = check_languages(file_rows(response), chinese)
            assert [said(r) for r in rows] == [expected(obs) for obs in ranked]
    assert offered >= 5


def test_each_period_of_a_ranking_downloads_that_period(client):
    indicator = next(i for i in Indicator.objects.order_by("slug") if len(ranking_periods(i)) > 1)
    for period in ranking_periods(indicator):
        url = f"/en/indicators/{indicator.slug}/?period={period.key}"
        page, files = page_and_files(client, url)
        ranked = page.context["ranked"]
        rows = check_languages(file_rows(files["csv"]), chinese=False)
        assert [said(r) for r in rows] == [expected(obs) for obs in ranked]
        assert {(r["period_start"], r["period_end"]) for r in rows} == {
            (period.start.isoformat(), period.end.isoformat())
        }
        assert f"-{period.key}-" in filename(files["xlsx"])


def test_an_indicator_as_of_a_day_downloads_that_days_ranking(client):
    url = "/indicators/core-industries-revenue/?as_of=2024-06-30"
    page, files = page_and_files(client, url)
    rows = check_languages(file_rows(files["csv"]), chinese=True)
    assert [said(r) for r in rows] == [expected(o) for o in page.context["ranked"]]
    assert "-as-of-2024-06-30-" in filename(files["csv"])
    data_links = [h for h in links(page.content.decode())["csv"] if h.startswith("/data/")]
    assert data_links == ["/data/?indicator=core-industries-revenue&as_of=2024-06-30&_export=csv"]


# --- Sources, /data/ and /districts/ --------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
def test_every_source_page_downloads_its_figures(client, prefix, chinese):
    for source in Source.objects.order_by("slug"):
        url = f"{prefix}/sources/{source.slug}/"
        _page, files = page_and_files(client, url)
        for fmt, response in files.items():
            assert filename(response) == f"bjdigital-data-source-{source.slug}-{today()}.{fmt}"
            rows = check_languages(file_rows(response), chinese)
            assert len(rows) == source.observations.count()
            assert {r["source_slug"] for r in rows} <= {source.slug}


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
def test_data_downloads_are_named_after_their_filters(client, prefix, chinese):
    page, files = page_and_files(client, f"{prefix}/data/?region=haidian")
    for fmt, response in files.items():
        assert filename(response) == f"bjdigital-data-region-haidian-{today()}.{fmt}"
        rows = check_languages(file_rows(response), chinese)
        assert rows and {r["region_slug"] for r in rows} == {"haidian"}
    response = client.get(f"{prefix}/data/", {"region": "海淀", "kind": "target", "_export": "csv"})
    assert filename(response) == f"bjdigital-data-region-haidian-kind-target-{today()}.csv"
    response = client.get(
        f"{prefix}/data/", {"year": "2023", "as_of": "2024-06-30", "_export": "csv"}
    )
    assert filename(response) == f"bjdigital-data-year-2023-as-of-2024-06-30-{today()}.csv"


@pytest.mark.parametrize(("prefix", "chinese"), LANGUAGES)
def test_the_districts_table_downloads_with_a_bom_and_a_name(client, prefix, chinese):
    _page, files = page_and_files(client, f"{prefix}/districts/?kind=zone")
    for fmt, response in files.items():
        assert filename(response) == f"bjdigital-districts-kind-zone-{today()}.{fmt}"
        rows = file_rows(response)
        assert rows[0][0] == ("名称" if chinese else "Name")
        assert len(rows) == 2  # the header and 经开区
    # A search word with no ASCII letters names nothing.
    response = client.get(f"{prefix}/districts/", {"q": "海淀", "_export": "csv"})
    assert filename(response) == f"bjdigital-districts-{today()}.csv"


def test_the_whole_data_csv_streams_with_one_byte_order_mark(client, monkeypatch):
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 20)
    response = client.get("/data/", {"_export": "csv"})
    assert response.streaming
    rows = file_rows(response)
    assert rows[0] == ZH_HEADER
    assert len(rows) - 1 == Observation.objects.count()


# --- Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "/compare/",
        "/districts/haidian/",
        "/indicators/core-industries-revenue/",
        "/sources/basss-report-2023/",
        "/data/",
        "/districts/",
    ],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("fmt", ["pdf", "json", "CSV", "csv "])
def test_a_bad_export_value_is_a_clear_400(client, page, prefix, fmt):
    response = client.get(f"{prefix}{page}", {"_export": fmt})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "_export" in html and "csv" in html and "xlsx" in html


def test_a_repeated_export_parameter_is_a_400(client):
    response = client.get("/districts/haidian/?_export=csv&_export=xlsx")
    assert response.status_code == 400
