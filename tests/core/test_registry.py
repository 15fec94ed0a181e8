"""One list of the data models, read by everything that treats "the data" alike."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from core.checks import every_data_model_is_registered_and_guarded
from core.fixtures import fixture_files
from core.models import data_version
from core.registry import cited_models, data_models
from core.roles import DATA_EDITORS
from districts.models import Brand, FeaturedIndustry, Region, Site
from indicators.models import Indicator, Observation
from sources.models import Source
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_the_registry_lists_every_data_model_in_loading_order():
    labels = [d.label for d in data_models()]
    assert labels == [
        "sources.Source",
        "districts.Region",
        "districts.Industry",
        "districts.Brand",
        "districts.FeaturedIndustry",
        "districts.Site",
        "indicators.Indicator",
        "indicators.Observation",
    ]
    assert set(cited_models()) == {Brand, FeaturedIndustry, Site, Observation}


def test_the_fixture_files_are_the_registrys():
    assert list(fixture_files()) == sorted(p.name for p in (ROOT / "fixtures").glob("*.json"))


def test_the_system_check_passes_and_names_an_unregistered_model(monkeypatch):
    assert every_data_model_is_registered_and_guarded() == []
    config = apps.get_app_config("districts")
    monkeypatch.setattr(config, "data_models", [m for m in config.data_models if m[0] != "Site"])
    errors = every_data_model_is_registered_and_guarded()
    assert [e.id for e in errors] == ["core.E001"]
    assert "districts.Site" in errors[0].msg


def test_editors_hold_view_add_change_on_every_data_model_and_nothing_else():
    codenames = set(
        Group.objects.get(name=DATA_EDITORS).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    expected = set()
    for d in data_models():
        opts = d.model._meta
        expected |= {(opts.app_label, f"{a}_{opts.model_name}") for a in ("view", "add", "change")}
        expected.add((opts.app_label, f"view_historical{opts.model_name}"))
    expected |= {
        (config.label, code)
        for config in apps.get_app_configs()
        for code in getattr(config, "editor_permissions", ())
    }
    assert codenames == expected


@pytest.mark.parametrize(
    "write",
    [
        lambda: Observation.objects.filter(region__slug="chaoyang").update(note="批量修改"),
        lambda: Region.objects.filter(slug="haidian").update(order=99),
        lambda: Source.objects.bulk_create(
            [
                Source(
                    slug="bulk-test",
                    title="批量测试",
                    publisher="测试",
                    published=dt.date(2026, 1, 1),
                    language="zh",
                    kind="news",
                )
            ]
        ),
        lambda: Indicator.objects.bulk_update(
            [Indicator.objects.get(slug="ai-enterprises")], ["order"]
        ),
        lambda: Region.objects.get(slug="yizhuang").overlaps.clear(),
    ],
    ids=["update", "update-region", "bulk_create", "bulk_update", "m2m"],
)
def test_every_kind_of_bulk_write_moves_the_data_version(write):
    before = data_version()
    write()
    assert data_version() > before


def test_a_bulk_change_shows_on_cached_pages_at_once(client):
    before = client.get("/districts/chaoyang/").content.decode()
    assert "4321亿元" not in before
    Observation.objects.filter(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    ).update(value=4321, qualifier="exact")
    assert "4321亿元" in client.get("/districts/chaoyang/").content.decode()
