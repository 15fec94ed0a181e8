"""Downloads open safely in a spreadsheet: no live formulas, no characters XLSX cannot hold."""

import codecs
import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from core import streaming
from core.exports import download_filename, safe_cell
from indicators.models import Observation
from tests.admin.test_editing import ADD_URL, figure_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-5", "-5"),
        ("12.5", "12.5"),
        ("海淀区\x0b数字", "海淀区数字"),
        ("line\nbreak", "line\nbreak"),
        (42, 42),
    ],
)
def test_a_cell_is_neutralised_or_left_alone(cell, expected):
    assert safe_cell(cell) == expected


@pytest.fixture
def hostile_figure():
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    # Written past the form's checks, as a bulk update or an old row could hold it.
    Observation.objects.filter(pk=obs.pk).update(note="=cmd|' /C calc'!A0\x0b")
    return obs


def test_the_csv_download_holds_no_live_formula(client, hostile_figure):
    response = client.get("/en/data/", {"region": "chaoyang", "_export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    notes = [r["note"] for r in rows if r["note"]]
    assert "'=cmd|' /C calc'!A0" in notes


def test_an_xlsx_download_with_a_control_character_is_served_and_safe(client, hostile_figure):
    response = client.get("/en/data/", {"region": "chaoyang", "_export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    notes = [row[header.index("note")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in notes
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


def test_the_admin_form_refuses_control_characters(editor_client):
    response = editor_client.post(ADD_URL, figure_form(note="粘贴来的\x0b字符"))
    assert "控制字符" in str(response.context["adminform"].form.errors)


# --- Download names (core/exports.py download_filename) ------------------------------------------


def test_a_download_is_named_after_what_it_holds_and_the_day():
    day = dt.date(2026, 11, 21)
    name = download_filename("compare", "haidian", "chaoyang", "yizhuang", extension="csv", day=day)
    assert name == "bjdigital-compare-haidian-chaoyang-yizhuang-2026-11-21.csv"
    assert download_filename("haidian", extension="xlsx", day=day) == (
        "bjdigital-haidian-2026-11-21.xlsx"
    )


@pytest.mark.parametrize(
    "part", ["../../etc/passwd", 'a"b;c', "x\r\nSet-Cookie: y", "海淀", "=cmd|' /C calc'!A0", ""]
)
def test_a_download_name_is_plain_ascii_whatever_it_is_made_of(part):
    name = download_filename("data", "q", part, extension="csv", day=dt.date(2026, 1, 2))
    assert re.fullmatch(r"bjdigital-[a-z0-9_-]+-2026-01-02\.csv", name), name
    assert download_filename(part * 100, extension="csv").startswith("bjdigital")
    assert len(download_filename("x" * 1000, extension="csv")) < 170


def test_the_name_sent_is_safe_even_when_a_caller_passes_another():
    response = streaming.csv_response(streaming.ListRows(["a"], [["1"]]), 'bad"名字\r\n.csv')
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and "\r" not in disposition and disposition.count('"') == 2
    assert response.content.startswith(codecs.BOM_UTF8)
