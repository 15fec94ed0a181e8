"""export_fixtures reads the database in a constant number of queries (core/fixtures.py).

Before: one query per object and per natural key it named — 892 queries for release 2's 222
figures, growing with every row. Now one query per model (its natural keys' rows joined) and
one per many-to-many relation, however many rows; and the files are still byte for byte the
repository's (tests/test_fixtures.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import add_real_shapes, generate
from core.fixtures import export_fixtures
from core.registry import data_models
from districts.models import Brand, FeaturedIndustry, Industry, Region, Site
from sources.models import Source

pytestmark = pytest.mark.django_db


def queries(directory) -> int:
    with CaptureQueriesContext(connection) as ctx:
        export_fixtures(directory)
    return len(ctx.captured_queries)


def test_export_fixtures_needs_as_many_queries_for_many_rows_as_for_few(tmp_path):
    before = queries(tmp_path / "before")
    many_to_many = sum(len(d.model._meta.local_many_to_many) for d in data_models())
    assert before == len(data_models()) + many_to_many  # one a model, one a relation

    generate(regions=202, indicators=6, periods=3)
    add_real_shapes()
    source = Source.objects.get(slug="synthetic-benchmark")
    industry = Industry.objects.first()
    for region in Region.objects.filter(slug__startswith="syn-c001-d")[:30]:
        Brand.objects.create(
            region=region, source=source, text_zh=f"合成品牌{region.pk}", quote="合成"
        )
        FeaturedIndustry.objects.create(
            region=region, industry=industry, source=source, role="featured", quote="合成"
        )
        Site.objects.create(
            region=region,
            source=source,
            slug=f"syn-site-{region.pk}",
            kind="park",
            name_zh=f"合成园区{region.pk}",
            quote="合成",
        )
        region.overlaps.add(Region.objects.get(slug="haidian"))

    assert queries(tmp_path / "after") == before


def test_exported_figures_name_their_related_rows_by_natural_key(tmp_path):
    export_fixtures(tmp_path)
    text = (tmp_path / "08_observations.json").read_text(encoding="utf-8")
    assert '"source": [\n        "basss-report-2023"\n      ]' in text
    assert '"pk"' not in text  # no database id anywhere
