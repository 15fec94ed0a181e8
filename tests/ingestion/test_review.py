"""The editor's journey in the real admin: upload → candidates → edit → confirm → figures.

Nothing reaches the data before confirmation; confirmation goes through the one write path
(warnings held until confirmed, history with the reason "ingested from <source>"); any failure
saves nothing and says why on each candidate; the review's state is in the database.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.roles import DATA_EDITORS
from indicators.models import Observation
from ingestion.models import Candidate, Document
from sources.models import Source
from tests.conftest import SEEDS
from tests.ingestion import files

pytestmark = pytest.mark.django_db

ADD = "/admin/ingestion/document/add/"
REPORT = (
    "2025年北京数字经济发展简报\n\n"
    "2025年,朝阳区规模以上数字经济核心产业收入超过5000亿元。\n\n"
    "2025年,全市人工智能企业超2600家,核心产业营收超3500亿元。\n"
)


def new_source_fields(slug="test-briefing-2026", published="2026-03-01", **extra):
    return {
        "source": "",
        "new_slug": slug,
        "new_title": "2025年北京数字经济发展简报",
        "new_publisher": "测试出版社",
        "new_published": published,
        "new_precision": "day",
        "new_language": "zh",
        "new_kind": "research_report",
        **extra,
    }


def upload(client, text: str = REPORT, name="briefing.txt", encoding="utf-8", **fields):
    data = new_source_fields(**fields)
    data["file"] = SimpleUploadedFile(
        name, text.encode(encoding) if isinstance(text, str) else text
    )
    return client.post(ADD, data)


def review_url(document) -> str:
    return f"/admin/ingestion/document/{document.pk}/review/"


def formset_data(response, changes=None, selected=(), action="_save") -> dict:
    """What the browser would send back: every row as shown, with these changes."""
    formset = response.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "id":
                value = form.instance.pk
            if isinstance(value, dt.date):
                value = value.isoformat()
            if isinstance(value, bool) or name in ("selected", "confirm_warnings"):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = "" if value is None else str(value)
        for name, value in (changes or {}).get(form.instance.pk, {}).items():
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                else:
                    data.pop(form.add_prefix(name), None)
            else:
                data[form.add_prefix(name)] = str(value)
        if form.instance.pk in selected:
            data[form.add_prefix("selected")] = "on"
    data[action] = "1"
    return data


def candidate(document, number_text: str) -> Candidate:
    return document.candidates.get(number_text=number_text)


def test_upload_stores_the_text_and_candidates_and_changes_no_data(editor_client):
    figures = Observation.objects.count()
    response = upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    assert response.status_code == 302 and response["Location"].endswith(review_url(document))
    assert document.text == REPORT and document.file_name == "briefing.txt"
    assert document.sha256 and document.file_type == "txt"
    found = {c.number_text: c for c in document.candidates.all()}
    assert set(found) == {"超过5000亿元", "超2600家", "超3500亿元"}
    chaoyang = found["超过5000亿元"]
    assert (chaoyang.region.slug, chaoyang.indicator.slug, chaoyang.value, chaoyang.qualifier) == (
        "chaoyang",
        "core-industries-revenue",
        Decimal("5000"),
        "more_than",
    )
    assert Observation.objects.count() == figures  # nothing is saved before confirmation
    page = editor_client.get(review_url(document))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="mark status-pending data-new"' in html and "超过5000亿元</a>" in html
    assert html.count('<tr id="cand-') == 3


def test_edit_one_then_confirm_selected_writes_figures_with_history(editor_client, editor):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    firms, revenue = candidate(document, "超2600家"), candidate(document, "超3500亿元")
    page = editor_client.get(review_url(document))
    # A value the quote does not hold needs its warning confirmed: the editor ticks it.
    saved = editor_client.post(
        review_url(document),
        formset_data(page, {firms.pk: {"value": "2650", "confirm_warnings": True}}),
    )
    assert saved.status_code == 302
    firms.refresh_from_db()
    assert (firms.value, firms.version) == (Decimal("2650"), 1)  # the edit is in the database

    page = editor_client.get(review_url(document))
    response = editor_client.post(
        review_url(document),
        formset_data(page, selected=[firms.pk, revenue.pk], action="_confirm_selected"),
        follow=True,
    )
    assert "已发布 2 个数字" in response.content.decode()
    firms.refresh_from_db()
    assert firms.status == "confirmed" and firms.observation is not None
    obs = firms.observation
    assert (obs.indicator.slug, obs.region.slug, obs.value, obs.source.slug) == (
        "ai-enterprises",
        "beijing",
        Decimal("2650"),
        "test-briefing-2026",
    )
    record = obs.history.latest()
    assert record.history_change_reason == "ingested from test-briefing-2026"
    assert record.history_user == editor
    # The third candidate was not selected: still pending, nothing written for it.
    assert candidate(document, "超过5000亿元").status == "pending"


def test_a_candidate_with_a_warning_is_held_until_confirmed(editor_client):
    # No digit at all in the quote: the number is written in words (README: 超两万亿元).
    text = "北京简报\n\n海淀区规模以上数字经济核心产业收入超两万亿元。\n"
    upload(editor_client, text)
    document = Document.objects.get(source__slug="test-briefing-2026")
    revenue = candidate(document, "超两万亿元")
    assert revenue.value == Decimal("20000")
    page = editor_client.get(review_url(document))
    held = editor_client.post(
        review_url(document),
        formset_data(page, selected=[revenue.pk], action="_confirm_selected"),
        follow=True,
    )
    html = held.content.decode()
    assert "什么都没有发布" in html and "需要确认" in html and "引文中没有找到数字" in html
    assert not Observation.objects.filter(source__slug="test-briefing-2026").exists()
    revenue.refresh_from_db()
    assert revenue.status == "pending" and revenue.problems

    page = editor_client.get(review_url(document))
    editor_client.post(
        review_url(document),
        formset_data(
            page,
            {revenue.pk: {"confirm_warnings": True}},
            selected=[revenue.pk],
            action="_confirm_selected",
        ),
    )
    revenue.refresh_from_db()
    assert revenue.status == "confirmed" and revenue.problems == []
    assert revenue.observation.value == Decimal("20000")


def test_any_failure_saves_nothing_and_each_candidate_says_why(editor_client):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    good, bad = candidate(document, "超2600家"), candidate(document, "超3500亿元")
    page = editor_client.get(review_url(document))
    response = editor_client.post(
        review_url(document),
        formset_data(
            page,
            {bad.pk: {"indicator": "", "unit": "亿元"}},
            selected=[good.pk, bad.pk],
            action="_confirm_selected",
        ),
        follow=True,
    )
    assert "什么都没有发布" in response.content.decode()
    assert not Observation.objects.filter(source__slug="test-briefing-2026").exists()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == bad.status == "pending"
    assert bad.problems and "请选择指标" in bad.problems[0] and good.problems == []


def test_a_unit_that_is_not_the_indicators_is_refused_on_confirmation(editor_client):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    firms = candidate(document, "超2600家")
    page = editor_client.get(review_url(document))
    editor_client.post(
        review_url(document),
        formset_data(
            page, {firms.pk: {"unit": "个"}}, selected=[firms.pk], action="_confirm_selected"
        ),
    )
    firms.refresh_from_db()
    assert firms.status == "pending" and "单位" in " ".join(firms.problems)


def test_a_revision_confirmed_shows_on_the_public_page(editor_client, client):
    current = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    text = "2026年简报\n\n2023年1~11月,朝阳区规模以上数字经济核心产业收入4500亿元。\n"
    upload(editor_client, text)
    document = Document.objects.get(source__slug="test-briefing-2026")
    revision = candidate(document, "4500亿元")
    assert (revision.period_start, revision.period_end, revision.granularity) == (
        current.period_start,
        current.period_end,
        current.granularity,
    )
    page = editor_client.get(review_url(document))
    html = page.content.decode()
    assert "与已有数据不同" in html and current.quote[:10] in html  # beside the current statement
    editor_client.post(
        review_url(document),
        formset_data(page, selected=[revision.pk], action="_confirm_selected"),
    )
    revision.refresh_from_db()
    assert revision.status == "confirmed"
    public = client.get("/districts/chaoyang/").content.decode()
    assert "已修订" in public and "4500亿元" in public
    assert public.index("4500亿元") < public.index("已修订")


def test_a_figure_already_in_the_data_is_marked_so(editor_client):
    text = next(SEEDS.glob("004_*.txt"))
    source = Source.objects.get(slug="china-city-news-2025-07")
    response = editor_client.post(
        ADD,
        {
            "source": source.pk,
            "new_precision": "day",
            "new_language": "zh",
            "new_kind": "news",
            "file": SimpleUploadedFile("004.txt", text.read_bytes()),
        },
    )
    document = Document.objects.get(source=source)
    assert response.status_code == 302
    html = editor_client.get(review_url(document) + "?show=same").content.decode()
    assert "已在数据中" in html and "2.2万亿元" in html


def test_the_review_is_resumed_by_another_editor(editor_client, client):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    firms = candidate(document, "超2600家")
    page = editor_client.get(review_url(document))
    editor_client.post(
        review_url(document),
        formset_data(page, {firms.pk: {"value": "2700", "confirm_warnings": True}}),
    )
    second = get_user_model().objects.create_user("second", password="x-Long-pass-9", is_staff=True)
    second.groups.add(Group.objects.get(name=DATA_EDITORS))
    client.force_login(second)
    page = client.get(review_url(document))
    row = next(f for f in page.context["formset"].forms if f.instance.pk == firms.pk)
    assert row.initial["value"] == Decimal("2700")
    client.post(
        review_url(document),
        formset_data(page, selected=[firms.pk], action="_confirm_selected"),
    )
    firms.refresh_from_db()
    assert firms.status == "confirmed" and firms.reviewed_by == second
    assert firms.observation.history.latest().history_user == second


def test_an_edit_over_someone_elses_is_refused(editor_client):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    firms = candidate(document, "超2600家")
    stale = editor_client.get(review_url(document))
    Candidate.objects.filter(pk=firms.pk).update(value=Decimal("2800"), version=5)
    response = editor_client.post(
        review_url(document), formset_data(stale, {firms.pk: {"value": "2650"}}), follow=True
    )
    assert "另一位编辑改过" in response.content.decode()
    firms.refresh_from_db()
    assert firms.value == Decimal("2800")


def test_reject_and_reopen(editor_client):
    upload(editor_client)
    document = Document.objects.get(source__slug="test-briefing-2026")
    noise = candidate(document, "超3500亿元")
    page = editor_client.get(review_url(document))
    editor_client.post(
        review_url(document), formset_data(page, selected=[noise.pk], action="_reject")
    )
    noise.refresh_from_db()
    assert noise.status == "rejected"
    page = editor_client.get(review_url(document) + "?show=rejected")
    editor_client.post(
        review_url(document) + "?show=rejected",
        formset_data(page, selected=[noise.pk], action="_reopen"),
    )
    noise.refresh_from_db()
    assert noise.status == "pending"


def test_pasted_text_for_an_existing_source(editor_client):
    source = Source.objects.get(slug="press-conference-2025-03-20")
    response = editor_client.post(
        ADD,
        {"source": source.pk, "new_precision": "day", "new_language": "zh", "new_kind": "news",
         "text": "2024年我市人工智能企业超2400家,核心产业营收超3000亿。"},
    )  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get(source=source)
    assert document.file_type == "paste"
    assert {c.number_text for c in document.candidates.all()} == {"超2400家", "超3000亿"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", files.pdf_without_text(), "没有文字层"),
        ("empty.txt", b"", "空"),
        ("locked.pdf", files.encrypted_pdf(), "已加密"),
        ("binary.txt", bytes(range(256)) * 40, "不是文本文件"),
    ],
)
def test_bad_uploads_are_a_message_and_store_nothing(editor_client, name, data, message):
    response = upload(editor_client, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not Source.objects.filter(slug="test-briefing-2026").exists()


def test_a_50_mb_upload_is_refused_with_a_message(editor_client):
    response = upload(editor_client, b"x" * (50 * 1024 * 1024), name="huge.txt")
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    assert not Document.objects.exists()


def test_a_zip_bomb_upload_is_refused(editor_client, settings):
    settings.INGESTION_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    response = upload(editor_client, files.zip_bomb(8 * 1024 * 1024), name="bomb.docx")
    assert response.status_code == 200 and "压缩炸弹" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_gbk_and_utf16_uploads(editor_client, encoding):
    response = upload(editor_client, encoding=encoding)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.text == REPORT and document.candidates.count() == 3


def test_a_docx_upload(editor_client):
    response = upload(editor_client, files.docx_report(), name="report.docx")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_type == "docx"
    assert document.candidates.filter(number_text="10.6万个").exists()


def test_form_errors_are_shown(editor_client):
    response = editor_client.post(ADD, {"source": "", "new_precision": "day", "new_language": "zh",
                                        "new_kind": "news"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "请上传报告文件" in html


def test_data_editors_hold_the_ingestion_permissions_and_anonymous_users_none():
    codenames = set(
        Group.objects.get(name=DATA_EDITORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_document", "change_document", "view_document", "change_candidate"} <= codenames
    assert "delete_document" not in codenames
    assert Client().get(ADD).status_code == 302  # to the login page


def test_the_document_text_is_admin_only(editor_client):
    upload(editor_client)
    document = Document.objects.get()
    anonymous = Client()
    assert anonymous.get(review_url(document)).status_code == 302
    assert "5000亿元" not in anonymous.get("/sources/test-briefing-2026/").content.decode()


def test_an_unknown_document_is_a_404(editor_client):
    assert editor_client.get("/admin/ingestion/document/999999/review/").status_code == 404


def test_changelist_and_change_redirect(editor_client):
    upload(editor_client)
    document = Document.objects.get()
    listing = editor_client.get("/admin/ingestion/document/")
    assert listing.status_code == 200 and "待审 3" in listing.content.decode()
    change = editor_client.get(f"/admin/ingestion/document/{document.pk}/change/")
    assert change.status_code == 302 and change["Location"] == review_url(document)
