"""One citation markup for every quoted record, written in one place (core/citations.py)."""

import re

import pytest
from django.utils import timezone, translation

from districts.models import Brand, FeaturedIndustry, Site
from indicators.figure_html import figure_subject
from indicators.formatting import format_value
from indicators.models import Observation
from sources.models import Source
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_no_template_writes_its_own_citation_markup():
    templates = [p for p in ROOT.rglob("templates/**/*.html") if ".venv" not in p.parts]
    assert templates
    copies = [p for p in templates if 'class="citation' in p.read_text(encoding="utf-8")]
    assert copies == []


@pytest.mark.parametrize(
    ("model", "page"),
    [
        (Brand, lambda r: r.region.get_absolute_url()),
        (FeaturedIndustry, lambda r: r.region.get_absolute_url()),
        (Site, lambda r: r.region.get_absolute_url()),
        (FeaturedIndustry, lambda r: r.industry.get_absolute_url()),
    ],
)
def test_every_quoted_record_shows_its_source_and_verbatim_quote(client, model, page):
    for record in model.objects.select_related("source")[:5]:
        html = client.get(page(record)).content.decode()
        blocks = re.findall(r'<details class="citation">(.*?)</details>', html, re.S)
        quote = record.quote.replace('"', "&quot;").replace("'", "&#x27;")
        match = [b for b in blocks if quote in b]
        assert match, f"{record}: quote not on {page(record)}"
        assert record.source.get_absolute_url() in match[0]
        assert record.source.published_label in match[0]


# --- "How to cite" and each figure's citation (core/citations.py, templates/_how_to_cite.html) ---


def _how_to_cite(html: str) -> str:
    found = re.search(r'<section class="how-to-cite".*?</section>', html, re.S)
    assert found, "no How to cite on the page"
    return found.group(0)


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


@pytest.mark.parametrize(
    ("path", "title", "release_words", "accessed_words"),
    [
        ("/districts/haidian/", "海淀区", "第 1 版数据（", "访问日期："),
        ("/en/districts/haidian/", "Haidian", "data release 1 (published ", "accessed "),
        ("/compare/", "比较各区", "第 1 版数据（", "访问日期："),
        ("/en/data/", "Data", "data release 1 (published ", "accessed "),
    ],
)
def test_every_page_says_how_to_cite_it(client, path, title, release_words, accessed_words):
    section = _text(_how_to_cite(client.get(path).content.decode()))
    assert title in section
    assert f"http://testserver{path}" in section  # the page's own address
    assert release_words in section  # the data release the footer names
    assert accessed_words + timezone.localdate().isoformat() in section


def test_a_page_about_one_source_cites_that_source_first(client):
    source = Source.objects.order_by("slug").first()
    section = _text(_how_to_cite(client.get(source.get_absolute_url()).content.decode()))
    citation = section[section.index(source.publisher) :]
    assert citation.index(source.title) < citation.index("引自北京数字经济一区一品")


def test_a_page_of_many_sources_names_none_of_them_first(client):
    section = _text(_how_to_cite(client.get("/districts/haidian/").content.decode()))
    cited = section[section.index("如何引用") + len("如何引用") :].strip()
    assert cited.startswith("引自北京数字经济一区一品")


def test_how_to_cite_links_the_apis_citation_formats(client):
    section = _how_to_cite(client.get("/districts/haidian/").content.decode())
    for fmt in ("bibtex", "ris", "csl-json"):
        url = f"/api/v1/cite/?url=%2Fdistricts%2Fhaidian%2F&amp;format={fmt}"
        assert url in section
        assert client.get(url.replace("&amp;", "&")).status_code == 200


def test_an_error_page_has_nothing_to_cite(client):
    response = client.get("/districts/no-such-place/")
    assert response.status_code == 404
    assert 'class="how-to-cite"' not in response.content.decode()


def test_each_figure_carries_its_citation_and_a_copy_button(client):
    html = client.get("/districts/haidian/").content.decode()
    figures = re.findall(r'<p class="cite-figure">(.*?)</p>', html, re.S)
    assert figures
    shown = Observation.objects.filter(region__slug="haidian").select_related("source")
    texts = [_text(f) for f in figures]
    for obs in shown:
        if obs.quote.replace('"', "&quot;") not in html:
            continue  # not on the profile (an earlier statement of a figure, say)
        # The region, the indicator, the quote (one quote can state several figures) …
        mine = [t for t in texts if f"“{obs.quote}”" in t and f" {obs.indicator.name_zh}：" in t]
        assert mine, obs
        assert mine[0].startswith("海淀区")
        assert obs.period_label in mine[0]  # … the period …
        assert f"{obs.source.publisher}（{obs.source.published_label}）" in mine[0]  # the source
        assert f"《{obs.source.title}》" in mine[0]
    # The button is in the HTML but hidden until static/js/cite.js finds the Clipboard API.
    assert all(
        '<button type="button" class="copy-cite" hidden>复制引用</button>' in f for f in figures
    )


def test_a_figures_citation_says_its_value_and_kind(client):
    target = (
        Observation.objects.filter(kind="target", region__slug="beijing")
        .select_related("indicator", "region", "source")
        .first()
    )
    with translation.override("zh-hans"):
        subject = figure_subject(target)
    assert subject.startswith(f"{target.region.name_zh} · {target.indicator.name_zh}：")
    assert format_value(target.value, target.indicator.unit, target.qualifier, "zh-hans") in subject
    assert subject.endswith(f"（{target.period_label}，目标值）")
