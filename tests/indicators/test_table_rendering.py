"""ObservationTable.rows_html() writes a page's rows in Python, for speed; it must write exactly
the rows django-tables2 itself would.

Each comparison renders the same table, on the same request (so the same page, order and visible
columns), with django-tables2's stock ``django_tables2/table.html`` and with the site's
``observations.html`` (whose tbody is ``rows_html()``). The stock template also writes per-row
and per-cell attributes (``class="odd"``, column classes) that the site deliberately leaves out;
those attributes and the whitespace around ``<tr>``/``<td>`` are the only differences normalised
away. rows_html() is also compared, attributes and all, with ``lean.html``: the stock template
with only those attributes taken out."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from districts.models import Region, Site
from indicators.models import Indicator, Observation
from indicators.tables import ObservationTable
from sources.models import Source

pytestmark = pytest.mark.django_db

STOCK = "django_tables2/table.html"
LEAN = "django_tables2/lean.html"  # the stock table, without per-row and per-cell attributes
SITE = "django_tables2/observations.html"
SHOWN = ["region", "indicator", "period", "figure", "kind", "source"]


# --- Synthetic data ------------------------------------------------------------------------------


@pytest.fixture
def data():
    """A small synthetic release: two sources (zh, en), two regions, a site, varied figures."""
    zh = Source.objects.create(
        slug="test-zh",
        title="测试来源",
        title_en="Test source",
        publisher="测试出版社",
        publisher_en="Test Press",
        published=dt.date(2024, 3, 1),
        language="zh",
        kind="news",
    )
    en = Source.objects.create(
        slug="test-en",
        title="Test English source",
        publisher="Test Wire",
        published=dt.date(2025, 6, 1),
        published_precision="month",
        language="en",
        kind="news",
    )
    region_a = Region.objects.create(
        slug="test-a",
        name_zh="测试区甲",
        name_en="Test District A",
        short_name_zh="测甲",
        short_name_en="Test A",
        kind="district",
        order=901,
    )
    region_b = Region.objects.create(
        slug="test-b",
        name_zh="测试区乙",
        name_en="Test District B",
        short_name_zh="测乙",
        short_name_en="Test B",
        kind="district",
        order=902,
    )
    site = Site.objects.create(
        slug="test-park",
        name_zh="测试园区",
        name_en="Test Park",
        region=region_a,
        kind="park",
        source=zh,
        quote="测试园区",
    )
    count = Indicator.objects.create(
        slug="test-count",
        name_zh="测试企业数",
        name_en="Test firms",
        unit="家",
        topic="enterprises",
        nature="stock",
        value_type="count",
    )
    money = Indicator.objects.create(
        slug="test-money",
        name_zh="测试增加值",
        name_en="Test value added",
        unit="亿元",
        topic="scale",
        nature="flow",
        value_type="amount",
    )

    def add(indicator, region, source, value, start, end, granularity, **fields):
        return Observation.objects.create(
            indicator=indicator,
            region=region,
            source=source,
            value=Decimal(value),
            period_start=start,
            period_end=end,
            granularity=granularity,
            quote=fields.pop("quote", f"测试引文{value}"),
            **fields,
        )

    y24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")
    y23 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")
    add(count, region_a, zh, "12", *y24)
    add(count, region_a, en, "12", *y24, quote="12 firms & <more>", note="测试备注 <b>")
    add(count, region_b, zh, "30", *y24, qualifier="more_than")
    add(count, region_b, zh, "28", *y23, qualifier="about")
    jan_nov_23 = (dt.date(2023, 1, 1), dt.date(2023, 11, 30), "months")
    add(count, region_a, zh, "5000", *jan_nov_23, qualifier="at_least")
    add(count, region_a, zh, "3", dt.date(2024, 6, 30), dt.date(2024, 6, 30), "point", site=site)
    add(
        count, region_a, zh, "40", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "year", kind="target"
    )
    add(money, region_a, zh, "18766.7", *y23)
    jul_7_25 = (dt.date(2025, 7, 7), dt.date(2025, 7, 7), "current")
    add(money, region_b, en, "22000", *jul_7_25, qualifier="less_than")
    add(money, region_b, zh, "21000", *y24, kind="expected")
    return {"zh": zh, "en": en, "count": count, "money": money, "site": site, "a": region_a}


def synthetic():
    return Observation.objects.filter(indicator__slug__startswith="test-").with_related()


# --- Rendering and normalising -------------------------------------------------------------------


def configured(queryset, query=None, per_page=50, **table_kwargs):
    """A table as the views configure one: sorting and paging from the request."""
    request = RequestFactory().get("/data/", query or {})
    table = ObservationTable(queryset, **table_kwargs)
    RequestConfig(
        request, paginate={"per_page": per_page, "paginator_class": LazyPaginator}
    ).configure(table)
    return table, request


def tbody(html: str) -> str:
    (body,) = re.findall(r"<tbody[^>]*>(.*?)</tbody>", html, flags=re.S)
    return body


def squeeze(html: str) -> str:
    """Without the whitespace between rows and cells, which the browser ignores."""
    return re.sub(r"\s*(</?(?:tr|td)\b[^>]*>)\s*", r"\1", str(html)).strip()


def normalise(html: str) -> str:
    """Squeezed, and without the per-row and per-cell attributes of the stock template."""
    return squeeze(re.sub(r"<(tr|td)\b[^>]*>", r"<\1>", str(html)))


def rows(html: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", normalise(html), flags=re.S)


def cells(row: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", row, flags=re.S)


def rendered(table, request, template) -> str:
    table.template_name = template
    return tbody(table.as_html(request))


def assert_rows_match_django_tables2(table, request) -> list[str]:
    """rows_html(), and the site's template, write the rows django-tables2's templates write."""
    stock = rows(rendered(table, request, STOCK))
    assert stock, "nothing to compare: the page has no rows"
    assert all(len(cells(r)) == len(table.columns) for r in stock)
    assert rows(table.rows_html()) == stock
    assert rows(rendered(table, request, SITE)) == stock
    # Byte for byte, but for whitespace, against django-tables2's rows without their attributes.
    assert squeeze(table.rows_html()) == squeeze(rendered(table, request, LEAN))
    return stock


# --- rows_html() equals django-tables2's own rendering -------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_match_django_tables2_with_every_data_column(data, language):
    with translation.override(language):
        table, request = configured(synthetic())
        assert [c.name for c in table.columns] == SHOWN
        stock = assert_rows_match_django_tables2(table, request)
    assert len(stock) == synthetic().count()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("excluded", ["source", "indicator"])
def test_rows_match_django_tables2_without_a_column(data, language, excluded):
    # As /sources/<slug>/ (exclude=("source",)) and /indicators/<slug>/ (exclude=("indicator",)).
    narrowed = {"source": {"source": data["zh"]}, "indicator": {"indicator": data["count"]}}
    with translation.override(language):
        table, request = configured(synthetic().filter(**narrowed[excluded]), exclude=(excluded,))
        assert [c.name for c in table.columns] == [n for n in SHOWN if n != excluded]
        assert_rows_match_django_tables2(table, request)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_match_django_tables2_for_site_figures(data, language):
    with translation.override(language):
        table, request = configured(synthetic().filter(site__isnull=False))
        (row,) = assert_rows_match_django_tables2(table, request)
        site = data["site"]
        assert f"{data['a'].name} · {site.name}" in cells(row)[0]


@pytest.mark.parametrize("sort", ["-period", "region", "-figure", "source", "kind"])
def test_rows_match_django_tables2_in_every_order(data, sort):
    table, request = configured(synthetic(), {"sort": sort})
    assert_rows_match_django_tables2(table, request)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_html_writes_only_the_requested_page(data, language):
    with translation.override(language):
        first, request = configured(synthetic(), {"page": 1}, per_page=4)
        page_one = assert_rows_match_django_tables2(first, request)
        second, request = configured(synthetic(), {"page": 2}, per_page=4)
        page_two = assert_rows_match_django_tables2(second, request)
    assert len(page_one) == len(page_two) == 4
    assert not set(page_one) & set(page_two)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rows_match_django_tables2_for_the_whole_real_release(language):
    """Every row of the data release (bounds, targets, notes, sites, both source languages)."""
    everything = Observation.objects.with_related()
    with translation.override(language):
        table, request = configured(everything, per_page=everything.count())
        stock = assert_rows_match_django_tables2(table, request)
    assert len(stock) == everything.count() > 100


def test_data_page_rows_are_django_tables2s_rows(data):
    """The /data/ view itself: its tbody equals the stock rendering of its own table."""
    from django.test import Client

    for prefix, language in (("", "zh-hans"), ("/en", "en")):
        # The override also puts back the language the request's middleware leaves active.
        with translation.override(language):
            response = Client().get(f"{prefix}/data/", {"indicator": "test-count"})
            assert response.status_code == 200
            table = response.context["table"]
            stock = rows(rendered(table, response.wsgi_request, STOCK))
        assert len(stock) == Observation.objects.filter(indicator=data["count"]).count()
        assert rows(tbody(response.content.decode())) == stock


# --- What the cells say ---------------------------------------------------------------------------


def row_of(table, **lookup) -> dict[str, str]:
    """The rows_html() cells of the one row whose record matches ``lookup``, by column name."""
    records = [row.record for row in table.paginated_rows]
    names = [c.name for c in table.columns]
    all_rows = rows(table.rows_html())
    for record, row in zip(records, all_rows, strict=True):
        if all(getattr(record, k) == v for k, v in lookup.items()):
            return dict(zip(names, cells(row), strict=True))
    raise AssertionError(f"no row with {lookup}")


def test_cells_write_region_indicator_period_figure_kind_and_source_zh(data):
    with translation.override("zh-hans"):
        table, _ = configured(synthetic())
        row = row_of(table, value=Decimal("5000"))
    assert row["region"] == '<a href="/districts/test-a/">测试区甲</a>'
    assert row["indicator"] == '<a href="/indicators/test-count/">测试企业数</a>'
    assert row["period"] == "2023年1-11月"
    assert row["figure"] == '<span class="value bound">5000家以上</span>'
    assert row["kind"] == "实际值"
    assert "测试引文5000" in row["source"]
    assert '<a href="/sources/test-zh/">测试来源</a>' in row["source"]


def test_cells_write_region_indicator_period_figure_kind_and_source_en(data):
    with translation.override("en"):
        table, _ = configured(synthetic())
        row = row_of(table, value=Decimal("22000"))
    assert row["region"] == '<a href="/en/districts/test-b/">Test District B</a>'
    assert row["indicator"] == '<a href="/en/indicators/test-money/">Test value added</a>'
    assert row["period"] == "current (reported Jul 2025)"
    assert row["figure"] == '<span class="value bound">&lt; 2.2 trillion yuan</span>'
    assert row["kind"] == "actual"
    assert '<blockquote lang="en">' in row["source"]


def test_a_site_figure_names_its_region_and_site(data):
    with translation.override("zh-hans"):
        table, _ = configured(synthetic())
        row = row_of(table, site_id=data["site"].pk)
    assert row["region"] == '<a href="/districts/test-a/">测试区甲 · 测试园区</a>'


def test_targets_are_badged_and_quotes_and_notes_escaped(data):
    with translation.override("zh-hans"):
        table, _ = configured(synthetic())
        target = row_of(table, kind="target")
        cited = row_of(table, source_id=data["en"].pk, indicator_id=data["count"].pk)
    assert target["figure"] == (
        '<span class="value target">40家</span> <span class="badge target">目标值</span>'
    )
    assert target["kind"] == "目标值"
    assert "12 firms &amp; &lt;more&gt;" in cited["source"]
    assert '<p class="note" lang="zh-Hans">测试备注 &lt;b&gt;</p>' in cited["source"]
    assert "<more>" not in cited["source"]


# --- The empty table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,text", [("zh-hans", "没有符合条件的数据。"), ("en", "No figures match.")]
)
@pytest.mark.parametrize("exclude", [(), ("source",)])
def test_an_empty_table_shows_its_empty_text(language, text, exclude):
    with translation.override(language):
        table, request = configured(Observation.objects.none(), exclude=exclude)
        assert str(table.rows_html()) == ""
        site = squeeze(rendered(table, request, SITE))
        stock = squeeze(rendered(table, request, STOCK))
    columns = len(SHOWN) - len(exclude)
    assert site == f'<tr><td colspan="{columns}">{text}</td></tr>'
    assert stock == site  # django-tables2's own empty row
