"""Figures several reports state: the latest statement shown, earlier ones visible; rankings by
period; the site as known on any date (?as_of=)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from indicators.models import Indicator, Observation
from sources.models import Source
from tests.admin.test_editing import ADD_URL, figure_form

pytestmark = pytest.mark.django_db

CHAOYANG_REVENUE = {"indicator__slug": "core-industries-revenue", "region__slug": "chaoyang"}


@pytest.fixture
def later_source(db):
    return Source.objects.create(
        slug="test-revising-report",
        title="测试修订报告",
        publisher="测试",
        published=dt.date(2026, 3, 1),
        language="zh",
        kind="research_report",
    )


def test_a_revising_statement_added_in_admin_is_shown_at_once_with_the_earlier_one(
    editor_client, client, later_source
):
    old = Observation.objects.get(**CHAOYANG_REVENUE)
    data = figure_form(
        region=old.region_id,
        value="4500",
        qualifier="exact",
        granularity=old.granularity,
        period_start=old.period_start.isoformat(),
        period_end=old.period_end.isoformat(),
        source=later_source.pk,
        quote="朝阳区数字经济核心产业收入4500亿元",
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    html = client.get("/districts/chaoyang/").content.decode()
    assert "已修订" in html
    revised = html[html.index("已修订") :]
    assert "超4000亿元" in revised and old.quote in revised
    # The newest statement is shown first, where the figure stands.
    assert html.index("4500亿元") < html.index("已修订")


def test_as_of_before_the_revising_source_shows_the_earlier_statement(client, later_source):
    old = Observation.objects.get(**CHAOYANG_REVENUE)
    Observation.objects.create(
        **{
            f.attname: getattr(old, f.attname)
            for f in Observation._meta.concrete_fields
            if not f.primary_key
        }
        | {"source_id": later_source.pk, "value": Decimal(4500), "qualifier": "exact"}
    )
    today = client.get("/districts/chaoyang/").content.decode()
    assert "已修订" in today
    before = client.get("/districts/chaoyang/?as_of=2025-12-31").content.decode()
    assert "已修订" not in before and "4500亿元" not in before and "超4000亿元" in before
    assert "按 2025-12-31 时已发布的来源显示" in before
    assert 'href="/districts/chaoyang/"' in before  # back to today


def test_csv_as_of_holds_only_sources_published_by_then(client):
    response = client.get("/en/data/", {"_export": "csv", "as_of": "2024-01-01"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows
    published = dict(Source.objects.values_list("slug", "published"))
    assert all(published[row["source_slug"]] <= dt.date(2024, 1, 1) for row in rows)
    everything = client.get("/en/data/", {"_export": "csv"}).content.decode("utf-8-sig")
    assert len(rows) < len(list(csv.DictReader(io.StringIO(everything))))


@pytest.mark.parametrize(
    "path",
    [
        "/districts/haidian/",
        "/compare/",
        "/indicators/core-industries-revenue/",
        "/data/",
        "/en/data/",
    ],
)
@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01", "2024-02-30", "1800-01-01", "2024/01/01"]
)
def test_an_invalid_as_of_is_a_400_with_a_message(client, path, value):
    response = client.get(path, {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "as_of" in html or "日期" in html or "date" in html.lower()


def add_haidian_2024(value=9999):
    old = Observation.objects.get(indicator__slug="core-industries-revenue", region__slug="haidian")
    return Observation.objects.create(
        indicator=old.indicator,
        region=old.region,
        value=Decimal(value),
        granularity="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        source=Source.objects.get(slug="china-city-news-2025-07"),
        quote=f"海淀{value}亿元",
    )


def test_one_added_2024_figure_leaves_the_default_2023_ranking_intact(client):
    before = client.get("/indicators/core-industries-revenue/").context["ranked"]
    add_haidian_2024()
    response = client.get("/indicators/core-industries-revenue/")
    ranked = response.context["ranked"]
    assert [o.pk for o in ranked] == [o.pk for o in before] and len(ranked) == 7
    assert {(o.period_start, o.period_end) for o in ranked} == {
        (dt.date(2023, 1, 1), dt.date(2023, 11, 30))
    }
    periods = {p.key: p.regions for p in response.context["periods"]}
    assert periods == {"2024-01-01_2024-12-31": 1, "2023-01-01_2023-11-30": 7}
    other = client.get("/indicators/core-industries-revenue/", {"period": "2024-01-01_2024-12-31"})
    assert [o.region.slug for o in other.context["ranked"]] == ["haidian"]


def test_an_unknown_ranking_period_is_a_400_naming_the_choices(client):
    response = client.get(
        "/indicators/core-industries-revenue/", {"period": "2019-01-01_2019-12-31"}
    )
    assert response.status_code == 400
    assert "2023-01-01_2023-11-30" in response.content.decode()


def test_a_comparison_row_with_mixed_periods_warns_and_draws_no_chart(client):
    add_haidian_2024()
    # Make Chaoyang's latest period differ from Haidian's.
    response = client.get(
        "/compare/", {"regions": "haidian,chaoyang", "indicator": "core-industries-revenue"}
    )
    row = response.context["rows"][0]
    assert row.periods_differ and row.chart is None
    assert "时期不同" in response.content.decode()


def test_additions_and_cumulative_totals_are_different_indicators():
    added = Indicator.objects.get(slug="computing-centres-new-capacity")
    total = Indicator.objects.get(slug="computing-centres-cumulative-new-capacity")
    assert added.nature == "flow" and total.nature == "stock"
    assert all("累计" not in o.quote.split("预计新增")[0] for o in added.observations.all())
    assert [o.value for o in total.observations.all()] == [Decimal(7000)]
