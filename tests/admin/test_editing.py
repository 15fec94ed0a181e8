"""An editor's work in the real admin: what saves, what is refused and why, and what shows."""

import pytest
from django.contrib.auth.models import Group

from core.roles import DATA_EDITORS
from districts.models import Region
from indicators.models import Indicator, Observation
from sources.models import Source

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/indicators/observation/add/"


def figure_form(**overrides):
    data = {
        "indicator": Indicator.objects.get(slug="core-industries-revenue").pk,
        "region": Region.objects.get(slug="daxing").pk,
        "site": "",
        "value": "1200",
        "unit": "亿元",
        "qualifier": "more_than",
        "kind": "actual",
        "granularity": "year",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "source": Source.objects.get(slug="china-city-news-2025-07").pk,
        "quote": "大兴区数字经济核心产业收入超1200亿元",
        "note": "",
        "change_reason": "test",
    }
    data.update(overrides)
    return data


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.context["adminform"].form.errors)


def test_editors_group_can_add_and_change_data_but_not_delete_or_manage_users():
    codenames = set(
        Group.objects.get(name=DATA_EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {
        "add_observation",
        "change_observation",
        "add_source",
        "change_region",
        "add_site",
    } <= codenames
    assert not {c for c in codenames if c.startswith("delete_")}
    assert not {c for c in codenames if c.endswith("_user") or c.endswith("_group")}


def test_editor_cannot_open_user_management(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403
    assert editor_client.get("/admin/indicators/observation/").status_code == 200


def test_editor_adds_a_figure_and_it_appears_on_the_public_page(editor_client, client):
    assert "本站收录的来源文献中暂无该区的数据" in client.get("/districts/daxing/").content.decode()
    response = editor_client.post(ADD_URL, figure_form())
    assert response.status_code == 302, errors_of(response)
    html = client.get("/districts/daxing/").content.decode()
    assert "超1200亿元" in html
    assert "本站收录的来源文献中暂无该区的数据" not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "indicator": "digital-economy-gdp-share",
                "unit": "%",
                "value": "120",
                "quote": "占GDP比重120%",
            },
            "占比必须在 0 到 100 之间。",
        ),
        (
            {"indicator": "ai-enterprises", "unit": "家", "value": "-5", "quote": "企业-5家"},
            "数量和金额不能为负数。",
        ),
        ({"period_start": "2025-12-31", "period_end": "2025-01-01"}, "截止日期不能早于起始日期。"),
        ({"unit": "万元"}, "单位“万元”与指标“规模以上数字经济核心产业收入”的单位“亿元”不一致。"),
        ({"quote": ""}, "必填项"),
        (
            {
                "region": "haidian",
                "period_start": "2023-01-01",
                "period_end": "2023-11-30",
                "granularity": "months",
                "source": "basss-report-2023",
                "value": "20000",
                "quote": "超两万亿元",
            },
            "不要重复录入",
        ),
    ],
)
def test_each_validation_rule_stops_a_bad_save_with_its_message(editor_client, overrides, message):
    lookups = {"indicator": Indicator, "region": Region, "source": Source}
    for field, model in lookups.items():
        if field in overrides:
            overrides[field] = model.objects.get(slug=overrides[field]).pk
    before = Observation.objects.count()
    response = editor_client.post(ADD_URL, figure_form(**overrides))
    assert message in errors_of(response)
    assert Observation.objects.count() == before


def test_quote_without_the_number_is_a_warning_the_editor_can_confirm(editor_client):
    data = figure_form(quote="大兴区数字经济核心产业收入超一千二百亿元")
    response = editor_client.post(ADD_URL, data)
    assert "引文中没有找到数字 1200" in errors_of(response)
    assert not Observation.objects.filter(region__slug="daxing").exists()
    response = editor_client.post(ADD_URL, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert Observation.objects.filter(region__slug="daxing").count() == 1


def test_target_dated_before_its_source_is_a_warning(editor_client):
    data = figure_form(kind="target", period_start="2024-01-01", period_end="2024-12-31")
    response = editor_client.post(ADD_URL, data)
    assert "早于来源发布日期" in errors_of(response)
    response = editor_client.post(ADD_URL, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302


def test_history_records_an_edit_with_its_reason_and_restores_it(editor_client, editor, client):
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    url = f"/admin/indicators/observation/{obs.pk}/change/"
    form = figure_form(
        indicator=obs.indicator_id,
        region=obs.region_id,
        value="4500",
        qualifier="more_than",
        granularity="months",
        period_start="2023-01-01",
        period_end="2023-11-30",
        source=obs.source_id,
        quote=obs.quote,
        note=obs.note,
        change_reason="据新报告更正",
        confirm_warnings="on",
    )
    form["seen_state"] = editor_client.get(url).context["adminform"].form.initial["seen_state"]
    response = editor_client.post(url, form)
    assert response.status_code == 302, errors_of(response)
    obs.refresh_from_db()
    assert obs.value == 4500
    latest = obs.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "据新报告更正"
    assert latest.history_type == "~"

    history_page = editor_client.get(
        f"/admin/indicators/observation/{obs.pk}/history/"
    ).content.decode()
    assert "据新报告更正" in history_page

    # Restore the version before the edit through simple-history's revert form.
    earlier = obs.history.order_by("history_date")[0]
    revert_url = f"/admin/indicators/observation/{obs.pk}/history/{earlier.history_id}/"
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    initial = page.context["adminform"].form.initial
    data = {
        **form,
        "value": str(initial["value"]),
        "change_reason": "恢复",
        "seen_state": initial["seen_state"],
    }
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302, errors_of(response)
    obs.refresh_from_db()
    assert obs.value == 4000
    assert "超4000亿元" in client.get("/districts/chaoyang/").content.decode()


def test_editor_can_add_a_source_and_a_region_alias(editor_client):
    response = editor_client.post(
        "/admin/sources/source/add/",
        {
            "slug": "report-2026",
            "title": "2026年报告",
            "title_en": "",
            "publisher": "测试",
            "publisher_en": "",
            "published": "2026-03-01",
            "published_precision": "day",
            "language": "zh",
            "kind": "research_report",
            "url": "",
            "file_name": "",
            "translation_of": "",
            "note": "",
            "change_reason": "",
            "observations-TOTAL_FORMS": "0",
            "observations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert Source.objects.filter(slug="report-2026").exists()


def test_a_stale_save_is_refused_and_shown_the_other_change(editor_client):
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    url = f"/admin/indicators/observation/{obs.pk}/change/"
    opened = editor_client.get(url).context["adminform"].form.initial["seen_state"]
    # Another editor saves a change after this form was opened.
    obs.value = 4200
    obs.save()
    form = figure_form(
        indicator=obs.indicator_id,
        region=obs.region_id,
        value="4500",
        qualifier="more_than",
        granularity="months",
        period_start="2023-01-01",
        period_end="2023-11-30",
        source=obs.source_id,
        quote=obs.quote,
        note=obs.note,
        confirm_warnings="on",
        seen_state=opened,
    )
    response = editor_client.post(url, form)
    errors = errors_of(response)
    assert "另一位编辑修改并保存了它" in errors and "4000.0000 → 4200.0000" in errors
    obs.refresh_from_db()
    assert obs.value == 4200  # the other editor's change stands


def test_a_change_form_without_its_opened_version_is_refused(editor_client):
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    response = editor_client.post(
        f"/admin/indicators/observation/{obs.pk}/change/",
        figure_form(region=obs.region_id, seen_state="forged"),
    )
    assert "重新打开" in errors_of(response)
