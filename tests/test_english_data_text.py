"""English pages name data in English: drop-down options, notes (or a visible "Chinese only"
mark), source titles; no internal labels or "---------" options in either language."""

import json
import re

import pytest

from districts.models import Brand, Site
from indicators.models import Indicator, Observation
from sources.models import Source
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))


@pytest.mark.parametrize(
    ("path", "name", "model", "attribute"),
    [
        ("/en/data/", "indicator", Indicator, "name_en"),
        ("/en/compare/", "indicator", Indicator, "name_en"),
        ("/en/data/", "source", Source, "title_en"),
    ],
)
def test_english_pages_name_options_in_english(client, path, name, model, attribute):
    shown = options(client.get(path).content.decode(), name)[1:]
    english = {str(getattr(obj, attribute)).replace("'", "&#x27;") for obj in model.objects.all()}
    assert shown and all(any(label.startswith(e) for e in english) for label in shown)
    assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in shown)


def test_the_industry_filter_is_in_english_on_en_districts(client):
    shown = options(client.get("/en/districts/").content.decode(), "industry")[1:]
    assert "Artificial intelligence" in shown
    assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in shown)


@pytest.mark.parametrize("path", ["/data/", "/districts/", "/compare/"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_drop_down_starts_with_dashes(client, prefix, path):
    html = client.get(prefix + path).content.decode()
    assert "---------" not in html
    for name in re.findall(r'<select[^>]*name="(\w+)"', html):
        assert options(html, name)[0].strip(), name


def test_a_translated_note_shows_in_english_and_an_untranslated_one_is_marked(client):
    translated = Observation.objects.exclude(note="").exclude(note_en="").first()
    assert translated is not None
    path = f"/data/?indicator={translated.indicator.slug}&source={translated.source.slug}"
    html = client.get("/en" + path).content.decode()
    assert translated.note_en.replace("'", "&#x27;") in html
    assert "zh-only" not in html
    # Remove one English note: the English page shows the Chinese, marked as such.
    Observation.objects.filter(pk=translated.pk).update(note_en="")
    html = client.get("/en" + path).content.decode()
    marked = re.search(
        r'<p class="note"><span lang="zh-Hans">([^<]*)</span> <span class="badge zh-only">',
        html,
    )
    assert marked and marked.group(1) == translated.note
    # The Chinese page shows the Chinese note with no mark.
    html = client.get(path).content.decode()
    assert translated.note in html and "zh-only" not in html


def test_a_source_note_without_english_is_marked_on_its_english_page(client):
    source = Source.objects.get(slug="basss-report-2023")
    html = client.get("/en/sources/basss-report-2023/").content.decode()
    assert source.note_en in html.replace("&#x27;", "'")
    Source.objects.filter(pk=source.pk).update(note_en="")
    html = client.get("/en/sources/basss-report-2023/").content.decode()
    assert f'<span lang="zh-Hans">{source.note}</span> <span class="badge zh-only">' in html


def test_every_note_in_the_release_has_its_english():
    for model in (Observation, Brand, Site, Source):
        missing = model.objects.exclude(note="").filter(note_en="")
        assert not missing.exists(), f"{model.__name__}: {list(missing[:3])}"


def test_english_source_titles_on_english_pages(client):
    html = client.get("/en/districts/haidian/").content.decode()
    assert Source.objects.get(slug="basss-report-2023").title_en.replace("'", "&#x27;") in html
    html = client.get("/en/sources/basss-report-2023/").content.decode()
    assert re.search(r'<h1 lang="en">Report on Beijing', html)


def test_no_internal_labels_or_literal_english_in_the_release():
    text = "".join(
        (ROOT / "fixtures" / name).read_text(encoding="utf-8")
        for name in ("04_brands.json", "06_sites.json", "07_indicators.json")
    )
    for word in ("报告002", "report 002", "Report 002", "highland", "work points"):
        assert word not in text, word
    rows = json.loads((ROOT / "fixtures" / "07_indicators.json").read_text(encoding="utf-8"))
    missing = [r["fields"]["slug"] for r in rows if not r["fields"]["definition_en"]]
    assert missing == [r["fields"]["slug"] for r in rows if not r["fields"]["definition_zh"]]
