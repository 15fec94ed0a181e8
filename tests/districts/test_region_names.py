"""Names are unique under one parent; a name that several regions share is never guessed."""

import pytest
from django.db import IntegrityError, transaction

from districts.forms import RegionField
from districts.models import AmbiguousRegionName, Region, RegionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_chaoyang(db):
    changchun = Region.objects.create(
        slug="changchun",
        name_zh="长春市",
        kind=RegionKind.CITY,
        short_name_zh="长春",
        short_name_en="Changchun",
        code="220100",
    )
    return Region.objects.create(
        slug="changchun-chaoyang",
        name_zh="朝阳区",
        name_en="Chaoyang District",
        kind=RegionKind.DISTRICT,
        short_name_zh="朝阳",
        short_name_en="Chaoyang",
        code="220104",
        parent=changchun,
    )


def test_the_same_name_under_another_parent_is_a_different_region(second_chaoyang):
    assert Region.objects.filter(name_zh="朝阳区").count() == 2


def test_the_same_name_under_the_same_parent_is_refused(second_chaoyang):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(
            slug="chaoyang-2",
            name_zh="朝阳区",
            kind=RegionKind.DISTRICT,
            short_name_zh="朝阳",
            short_name_en="Chaoyang",
            code="220199",
            parent=second_chaoyang.parent,
        )


def test_a_shared_name_asks_which_region_and_a_slug_answers(second_chaoyang):
    with pytest.raises(AmbiguousRegionName) as excinfo:
        Region.objects.named("朝阳区")
    assert {r.slug for r in excinfo.value.regions} == {"chaoyang", "changchun-chaoyang"}
    assert Region.objects.named("changchun-chaoyang") == second_chaoyang
    assert Region.objects.named("海淀").slug == "haidian"  # a unique short name still works


def test_the_data_filter_lists_the_candidates_instead_of_picking_one(client, second_chaoyang):
    response = client.get("/data/", {"region": "朝阳区"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "对应多个区域" in html and "changchun-chaoyang" in html and "(chaoyang)" in html
    assert client.get("/data/", {"region": "changchun-chaoyang"}).status_code == 200


def test_the_form_field_names_both(second_chaoyang):
    field = RegionField(required=False)
    with pytest.raises(Exception, match="长春市朝阳区"):
        field.clean("Chaoyang District")
