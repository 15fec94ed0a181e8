"""Every model can be listed, searched and edited in the real admin."""

import pytest
from django.contrib.auth import get_user_model

from core.registry import data_models
from sources.models import Source

pytestmark = pytest.mark.django_db

CHANGELISTS = [f"{d.model._meta.app_label}/{d.model._meta.model_name}" for d in data_models()]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser(
        "admin", "admin@example.invalid", "pw-for-tests-1"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", CHANGELISTS)
def test_changelist_and_add_form_open(admin_client, path):
    assert admin_client.get(f"/admin/{path}/").status_code == 200
    assert admin_client.get(f"/admin/{path}/add/").status_code == 200


@pytest.mark.parametrize("alias", ["亦庄", "E-Town", "经开区", "BDA"])
def test_region_search_finds_a_region_by_any_alias(admin_client, alias):
    html = admin_client.get("/admin/districts/region/", {"q": alias}).content.decode()
    assert "北京经济技术开发区" in html


def test_observation_search_finds_figures_by_region_alias(admin_client):
    html = admin_client.get("/admin/indicators/observation/", {"q": "亦庄"}).content.decode()
    assert "单路口每日信号灯智能优化次数" in html


def test_a_source_page_links_to_its_figures_instead_of_an_inline(editor_client):
    source = Source.objects.get(slug="basss-report-2023")
    html = editor_client.get(f"/admin/sources/source/{source.pk}/change/").content.decode()
    assert f"/admin/indicators/observation/?source__id__exact={source.pk}" in html
    assert f"/admin/indicators/observation/add/?source={source.pk}" in html
    assert "observations-TOTAL_FORMS" not in html
    add = editor_client.get(f"/admin/indicators/observation/add/?source={source.pk}")
    assert add.context["adminform"].form.initial["source"] == str(source.pk)
