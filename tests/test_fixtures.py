"""The data release: loads with Django's own loaddata, is complete, traceable and round-trips."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command

from core.fixtures import export_fixtures, fixture_files
from districts.models import Brand, FeaturedIndustry, Industry, Region, Site
from indicators.models import Indicator, Observation
from sources.models import Source
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.django_db

MODELS = [Source, Region, Industry, Brand, FeaturedIndustry, Site, Indicator, Observation]


def snapshot() -> dict[str, list]:
    """Every row by natural key, without database ids."""
    out = {}
    for model in MODELS:
        rows = json.loads(
            serializers.serialize(
                "json",
                model.objects.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
        out[model._meta.label] = sorted(
            json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows
        )
    return out


def test_fixtures_hold_the_city_16_districts_and_the_zone():
    assert Region.objects.filter(kind="city").count() == 1
    districts = Region.objects.filter(kind="district")
    assert districts.count() == 16
    assert all(len(r.code) == 6 and r.code.startswith("1101") for r in districts)
    zone = Region.objects.get(kind="zone")
    assert zone.slug == "yizhuang" and zone.code == ""
    assert set(zone.overlaps.values_list("slug", flat=True)) == {"daxing", "tongzhou"}


def test_fixtures_hold_the_two_context_regions_the_reports_compare_with():
    # 全国 (table 1, 我国数字经济规模…) and 上海市 (table 2): top-level, never Beijing's children.
    context = {r.slug: r for r in Region.objects.filter(kind="context")}
    assert set(context) == {"china", "shanghai"}
    assert context["shanghai"].code == "310000" and context["china"].code == ""
    assert all(r.parent_id is None for r in context.values())
    assert not Region.objects.filter(parent__kind="context").exists()


def test_fixture_folder_holds_only_the_data_release():
    names = sorted(p.name for p in (ROOT / "fixtures").iterdir())
    assert names == sorted(fixture_files())


def test_every_figure_has_a_source_and_a_quote():
    assert Observation.objects.count() >= 222  # release 2
    assert not Observation.objects.filter(quote="").exists()
    assert not Observation.objects.filter(source__isnull=True).exists()
    for model in (Brand, FeaturedIndustry, Site):
        assert not model.objects.filter(quote="").exists()


def test_all_five_sources_are_cited():
    for source in Source.objects.all():
        assert source.observations.exists(), source.slug


def test_regions_no_report_mentions_exist_without_figures():
    for slug in ("daxing", "huairou", "yanqing"):
        region = Region.objects.get(slug=slug)
        assert not region.observations.exists()
        assert not region.brands.exists()
        assert not region.featured_industries.exists()


def test_haidian_2023_revenue_is_kept_as_a_lower_bound():
    obs = Observation.objects.get(indicator__slug="core-industries-revenue", region__slug="haidian")
    assert obs.value == Decimal("20000")
    assert obs.qualifier == "more_than"
    assert (obs.period_start.isoformat(), obs.period_end.isoformat()) == (
        "2023-01-01",
        "2023-11-30",
    )
    assert "超两万亿元" in obs.quote


def test_a_figure_two_reports_state_has_two_citations():
    sources = Observation.objects.filter(
        indicator__slug="digital-economy-value-added",
        region__slug="beijing",
        period_start__year=2024,
    ).values_list("source__slug", flat=True)
    assert len(sources) == 4 and len(set(sources)) == 4


def test_every_fixture_row_passes_full_clean():
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_the_fixtures_again_changes_nothing():
    before = snapshot()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert snapshot() == before


def test_dump_with_natural_keys_and_load_again_gives_the_same_data(tmp_path, empty_db):
    # empty_db ran after the session's data was loaded; reload, dump, wipe, load the dump.
    call_command("loaddata", *FIXTURES, verbosity=0)
    before = snapshot()
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        *[m._meta.label for m in MODELS],
        natural_foreign=True,
        natural_primary=True,
        output=str(dump),
        verbosity=0,
    )
    for model in reversed(MODELS):
        if model is Region:
            Region.overlaps.through.objects.all().delete()
            Region.objects.exclude(parent=None).delete()
        if model is Source:
            Source.objects.update(translation_of=None)
        model.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    assert snapshot() == before


def test_export_fixtures_reproduces_the_repository_files_byte_for_byte(tmp_path):
    export_fixtures(tmp_path)
    for name in fixture_files():
        assert (tmp_path / name).read_bytes() == Path(ROOT / "fixtures" / name).read_bytes(), name
