"""Confirming an import: the preview is the server's, used once, and void once the data moves."""

import csv
import io
import os
import re
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import data_version
from core.roles import DATA_EDITORS
from indicators import services
from indicators.models import Observation
from sources.models import Source
from tests.admin.test_import import (
    GOOD_ROWS,
    HEADER,
    IMPORT_URL,
    PROCESS_URL,
    confirm,
    csv_file,
    upload,
)

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def preview_key(response) -> str:
    return response.context["confirm_form"].initial["import_file_name"]


def chaoyang_download(client):
    """The English download of Chaoyang's figures, as rows, and the first row's figure."""
    response = client.get("/en/data/", {"region": "chaoyang", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    first = body[0]
    figure = Observation.objects.get(
        region__slug="chaoyang",
        indicator__slug=first[col["indicator_slug"]],
        source__slug=first[col["source_slug"]],
        period_start=first[col["period_start"]],
        period_end=first[col["period_end"]],
        kind=first[col["kind"]],
        site__isnull=True,
    )
    return header, body, col, figure


def in_columns(header, row):
    """A row of test_import.HEADER's columns, laid out under another header (a download's)."""
    values = dict(zip(HEADER, row, strict=True))
    return [values.get(name, "") for name in header]


@pytest.fixture
def other_editor(db):
    user = get_user_model().objects.create_user("other", "o@example.invalid", "x-Long-pass-9")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=DATA_EDITORS))
    return user


# -- The preview -------------------------------------------------------------------------------


def test_the_preview_writes_nothing_and_locks_no_row(editor_client):
    version = data_version()
    with CaptureQueriesContext(connection) as queries:
        response = upload(editor_client, csv_file(GOOD_ROWS))
    assert response.context["confirm_form"] is not None
    data_tables = re.compile(r"\b(core_dataversion|indicators_|districts_|sources_)")
    for query in queries.captured_queries:
        sql = query["sql"]
        assert "FOR UPDATE" not in sql.upper(), sql
        if re.match(r"\s*(UPDATE|INSERT|DELETE)\b", sql, re.IGNORECASE):
            assert not data_tables.search(sql), sql
    assert data_version() == version


def test_the_confirm_form_names_only_a_random_key(editor_client):
    response = upload(editor_client, csv_file(GOOD_ROWS))
    form_html = str(response.context["confirm_form"])
    key = preview_key(response)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key)
    assert "figures.csv" not in form_html and tempfile.gettempdir() not in form_html


# -- Forged and repeated confirmations ---------------------------------------------------------


@pytest.mark.parametrize("how", ["absolute", "basename", "relative", "with-key-shape"])
def test_a_forged_confirm_touches_no_file_and_writes_nothing(editor_client, how):
    folder = tempfile.gettempdir()
    with tempfile.NamedTemporaryFile(
        "w", dir=folder, prefix="bjdigital-victim-", suffix=".csv", delete=False
    ) as victim:
        victim.write("region,indicator\nhaidian,ai-enterprises\n")
    name = os.path.basename(victim.name)
    forged = {
        "absolute": victim.name,
        "basename": name,
        "relative": f"../../{folder.strip('/')}/{name}",
        "with-key-shape": "A" * 43,  # looks like a key, names no preview
    }[how]
    before, version = Observation.objects.count(), data_version()
    try:
        response = editor_client.post(
            PROCESS_URL,
            {"import_file_name": forged, "original_file_name": "x.csv", "format": "not-a-number"},
            follow=True,
        )
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == IMPORT_URL
        assert "这个预览已经确认过、已过期或不存在" in messages_of(response)
        with open(victim.name) as still_there:
            assert still_there.read() == "region,indicator\nhaidian,ai-enterprises\n"
    finally:
        os.remove(victim.name)
    assert Observation.objects.count() == before and data_version() == version


def test_another_editors_preview_cannot_be_confirmed_and_stays_for_its_owner(
    editor_client, client, other_editor
):
    response = upload(editor_client, csv_file(GOOD_ROWS))
    key = preview_key(response)
    before = Observation.objects.count()
    client.force_login(other_editor)
    stolen = client.post(PROCESS_URL, {"import_file_name": key}, follow=True)
    assert "这个预览已经确认过、已过期或不存在" in messages_of(stolen)
    assert Observation.objects.count() == before
    client.force_login(get_user_model().objects.get(username="editor"))
    confirm(client, response)
    assert Observation.objects.count() == before + 2


def test_a_confirm_posted_twice_writes_once_and_says_so(editor_client):
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    first = confirm(editor_client, response)
    assert first.status_code == 302
    assert "导入成功" in messages_of(editor_client.get(first["Location"]))
    assert Observation.objects.count() == before + 2
    version = data_version()
    again = editor_client.post(
        PROCESS_URL, {"import_file_name": preview_key(response)}, follow=True
    )
    assert again.status_code == 200
    assert "这个预览已经确认过、已过期或不存在" in messages_of(again)
    assert "导入成功" not in messages_of(again)
    assert Observation.objects.count() == before + 2 and data_version() == version


def test_a_preview_expires(editor_client, settings):
    settings.IMPORT_PREVIEW_SECONDS = -1  # already expired when stored
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    late = editor_client.post(PROCESS_URL, {"import_file_name": preview_key(response)}, follow=True)
    assert "已过期" in messages_of(late)
    assert Observation.objects.count() == before


# -- Stale confirmations -----------------------------------------------------------------------


def test_a_confirm_after_someone_changed_a_previewed_figure_writes_nothing_and_names_it(
    editor_client, client, other_editor
):
    header, body, col, figure = chaoyang_download(client)
    body[0][col["note"]] = "edited in the spreadsheet"
    before = Observation.objects.count()
    response = upload(
        editor_client, csv_file([*body, in_columns(header, GOOD_ROWS[0])], header=header)
    )
    assert response.context["confirm_form"] is not None, response.content.decode()[-2000:]
    # Meanwhile another editor corrects the same figure in the admin form's write path.
    figure.note = "corrected by the other editor"
    services.save_figure(
        figure, unit=figure.indicator.unit, confirmed=True, reason="fix", user=other_editor
    )
    done = editor_client.post(PROCESS_URL, {"import_file_name": preview_key(response)}, follow=True)
    text = messages_of(done)
    assert "预览之后数据有改动，这次什么都没有写入" in text
    assert "第 2 行的数字" in text and "已被 other 于" in text and "修改" in text
    assert "导入成功" not in text
    figure.refresh_from_db()
    assert figure.note == "corrected by the other editor"
    assert Observation.objects.count() == before  # the new row was not written either


def test_a_confirm_after_any_data_change_writes_nothing_and_says_what(editor_client, other_editor):
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    source = Source.objects.get(slug="basss-report-2023")
    source.publisher = source.publisher + " "
    source._history_user = other_editor
    source.save()
    done = editor_client.post(PROCESS_URL, {"import_file_name": preview_key(response)}, follow=True)
    text = messages_of(done)
    assert "预览之后数据有改动，这次什么都没有写入" in text
    assert str(Source._meta.verbose_name_plural) in text and "1 处" in text
    assert Observation.objects.count() == before


def test_a_bulk_change_is_noticed_too(editor_client):
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    Source.objects.filter(slug="basss-report-2023").update(publisher="x")  # bumps the version
    done = editor_client.post(PROCESS_URL, {"import_file_name": preview_key(response)}, follow=True)
    assert "数据版本从" in messages_of(done)
    assert Observation.objects.count() == before


# -- Who may change figures --------------------------------------------------------------------


@pytest.fixture
def adder_client(client, db):
    """Staff who may add figures (and so import) but not change them."""
    user = get_user_model().objects.create_user("adder", "a@example.invalid", "y-Long-pass-8")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        Permission.objects.get(codename="add_observation"),
        Permission.objects.get(codename="view_observation"),
    )
    client.force_login(user)
    return client


def test_an_add_only_user_may_import_new_figures(adder_client):
    before = Observation.objects.count()
    response = upload(adder_client, csv_file(GOOD_ROWS))
    assert response.context["confirm_form"] is not None
    confirm(adder_client, response)
    assert Observation.objects.count() == before + 2


def test_an_add_only_user_cannot_change_figures_by_import(adder_client, client):
    header, body, col, figure = chaoyang_download(client)
    unchanged = [list(row) for row in body]
    note = figure.note
    body[0][col["note"]] = "changed by someone who may only add"
    before = Observation.objects.count()
    response = upload(
        adder_client, csv_file([*body, in_columns(header, GOOD_ROWS[0])], header=header)
    )
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [1]
    html = response.content.decode()
    assert "你的账号只能添加数字、不能修改" in html
    assert response.context.get("confirm_form") is None
    figure.refresh_from_db()
    assert figure.note == note and Observation.objects.count() == before
    # The unchanged rows of a download are not changes: they import without a word.
    response = upload(adder_client, csv_file(unchanged, header=header))
    assert not response.context["result"].has_validation_errors()
    assert response.context["confirm_form"] is not None


def test_previews_may_live_in_a_cache_of_their_own(editor_client, settings, tmp_path):
    """One server, several gunicorn workers and no Redis: a file-based cache that every worker
    reads (IMPORT_PREVIEW_CACHE), while pages stay in local memory."""
    folder = tmp_path / "import-previews"
    settings.CACHES = {
        **settings.CACHES,
        "import_previews": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        },
    }
    settings.IMPORT_PREVIEW_CACHE = "import_previews"
    before = Observation.objects.count()
    response = upload(editor_client, csv_file(GOOD_ROWS))
    assert len(list(folder.iterdir())) == 1  # the preview, under a hashed name
    confirm(editor_client, response)
    assert Observation.objects.count() == before + 2
    assert list(folder.iterdir()) == []  # removed once confirmed
