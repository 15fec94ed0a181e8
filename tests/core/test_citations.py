"""One citation markup for every quoted record, written in one place (core/citations.py)."""

import re

import pytest

from districts.models import Brand, FeaturedIndustry, Site
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
