"""Every model can be listed, searched and edited in the real admin."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "sources/source",
    "districts/region",
    "districts/industry",
    "districts/brand",
    "districts/featuredindustry",
    "districts/site",
    "indicators/indicator",
    "indicators/observation",
]


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
