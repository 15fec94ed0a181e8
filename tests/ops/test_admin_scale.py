"""Every admin page stays the same size in queries and in choices however many rows there are.

At 1.5 million figures and 3,000 regions (bench/benchmark.py, "Admin pages") a changelist that
counts every row, lists every region as a filter link, asks for the distinct years of the
table, or a form that lists every region in a select, costs seconds. Here each registered
model's changelist, add, change and history pages are requested before and after the
benchmark's synthetic data set (a small version: 2 cities, 200 districts, several sources,
targets, rank indicators) is added: the number of SQL queries (at most 20) must not grow, and no
page may offer the generated regions or indicators as choices (an ``<option>`` or a filter
link): those tables are the large ones.
"""

import contextlib
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.synthetic import add_real_shapes, generate
from core import listing
from districts.models import Region
from indicators.models import Observation
from sources.models import Source

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Pages known to list every region, each with the exact fix (a form option, outside the list
# options these tests guard): remove the entry once the fix is in.
KNOWN: dict[str, str] = {}  # admin pages known not to scale yet, with the reason


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ops-admin", "ops@example.invalid", "pw-1")
    client.force_login(user)
    return client


def grow():
    """The benchmark's data set, small: 202 regions × 6 indicators × 3 years and its shapes."""
    generate(regions=202, indicators=6, periods=3)
    add_real_shapes()


def pages_of(model) -> list[str]:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model._default_manager.order_by("pk").first()
    wanted = [("changelist", ()), ("add", ())]
    if obj is not None:
        wanted += [("change", (obj.pk,)), ("history", (obj.pk,))]
    pages = []
    for name, args in wanted:
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse(f"{prefix}_{name}", args=args))
    return pages


GENERATED = re.compile(r"合成市|合成指标|合成单期指标|Synthetic (?:city|district|indicator)")


def measure(client, path) -> dict:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    html = response.content.decode() if response.status_code == 200 else ""
    options = re.findall(r"<option[^>]*>(.*?)</option>", html, re.S)
    sidebar = html.partition('id="changelist-filter"')[2].partition('id="changelist-form"')[0]
    links = re.findall(r"<a [^>]*>(.*?)</a>", sidebar, re.S)
    return {
        "status": response.status_code,
        "queries": len(ctx.captured_queries),
        "generated_choices": sum(bool(GENERATED.search(text)) for text in options + links),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_do_not_grow_with_the_data(admin_client, model):
    if model._meta.label in KNOWN:
        pytest.xfail(KNOWN[model._meta.label])
    pages = pages_of(model)
    assert pages
    before = {path: measure(admin_client, path) for path in pages}
    grow()
    after = {path: measure(admin_client, path) for path in pages}
    for path in pages:
        if before[path]["status"] == 403:  # e.g. adding an axes log entry
            continue
        assert after[path]["status"] == 200, (path, after[path])
        assert after[path]["queries"] <= MAX_QUERIES, (path, after[path])
        assert after[path]["queries"] <= before[path]["queries"], (path, before[path], after[path])
        assert after[path]["generated_choices"] == 0, (path, after[path])


FIGURES = "/admin/indicators/observation/"


def test_the_figures_list_counts_no_further_than_its_cap(admin_client, monkeypatch):
    # The cap must stay above list_max_show_all (200): a capped count never offers "show all".
    monkeypatch.setattr(listing.CappedCountPaginator, "cap", 210)
    assert Observation.objects.count() > 210
    html = admin_client.get(FIGURES).content.decode()
    assert "210+" in html  # the count stopped at the cap
    assert "all=" not in html  # no "show all" of an uncounted list
    assert admin_client.get(FIGURES, {"p": "3"}).status_code == 200
    assert admin_client.get(FIGURES, {"p": "4"}).status_code == 302  # past the counted pages
    small = admin_client.get(FIGURES, {"region__id__exact": Region.objects.get(slug="haidian").pk})
    assert "+" not in re.search(r'class="paginator">(.*?)</p>', small.content.decode(), re.S)[1]


def test_the_figures_list_has_no_date_hierarchy_but_a_year_filter(admin_client):
    html = admin_client.get(FIGURES).content.decode()
    assert "xfull" not in html and 'class="xfull"' not in html
    assert "period_end__year=2023" in html
    rows = admin_client.get(FIGURES, {"period_end__year": "2023"}).context["cl"].result_list
    assert rows and all(obs.period_end.year == 2023 for obs in rows)


def test_region_and_source_filters_apply_and_show_only_the_chosen_row(admin_client):
    haidian = Region.objects.get(slug="haidian")
    source = Source.objects.get(slug="basss-report-2023")
    response = admin_client.get(
        FIGURES, {"region__id__exact": haidian.pk, "source__id__exact": source.pk}
    )
    rows = list(response.context["cl"].result_list)
    assert rows
    assert all(obs.region_id == haidian.pk and obs.source_id == source.pk for obs in rows)
    filters = response.content.decode().split('id="changelist-filter"')[1]
    assert "海淀区" in filters and "朝阳区" not in filters


def test_columns_sort_a_regions_figures_and_the_whole_list_only_by_end_date(admin_client):
    whole = admin_client.get(FIGURES)
    assert list(whole.context["cl"].sortable_by) == ["period_end"]
    assert whole.content.decode().count('class="sortable') == 1
    unoffered = admin_client.get(FIGURES, {"o": "4"}).context["cl"]  # value: not offered
    assert 4 not in unoffered.get_ordering_field_columns()  # the default order instead
    assert "value" not in str(unoffered.queryset.query).split("ORDER BY")[1]
    haidian = Region.objects.get(slug="haidian").pk
    narrowed = admin_client.get(FIGURES, {"region__id__exact": haidian, "o": "4"})
    assert narrowed.status_code == 200
    values = [obs.value for obs in narrowed.context["cl"].result_list]
    assert values == sorted(values)


def test_search_finds_regions_indicators_and_quoted_phrases(admin_client):
    def found(term):
        return list(admin_client.get(FIGURES, {"q": term}).context["cl"].result_list)

    assert found("亦庄") and all(o.region.slug == "yizhuang" for o in found("亦庄"))
    revenue = found("core-industries-revenue")
    assert revenue and all("core-industries-revenue" in o.indicator.slug for o in revenue)
    quoted = found('"超两万亿元"')
    assert quoted and all("超两万亿元" in o.quote or "超两万亿元" in o.note for o in quoted)
    assert not found("no-such-region-or-indicator")
    assert Observation.objects.filter(quote__contains="超两万亿元").count() == len(quoted)
