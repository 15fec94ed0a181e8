import pytest

from districts.models import Region

pytestmark = pytest.mark.django_db


def test_district_list_shows_all_18_regions_in_chinese(client):
    response = client.get("/districts/")
    assert response.status_code == 200
    html = response.content.decode()
    for region in Region.objects.all():
        assert region.name_zh in html


def test_district_list_shows_english_names_under_en(client):
    html = client.get("/en/districts/").content.decode()
    assert "Haidian District" in html
    assert "Beijing Economic-Technological Development Area" in html


def test_unknown_region_is_404(client):
    assert client.get("/districts/atlantis/").status_code == 404
