"""Downloads open safely in a spreadsheet: no live formulas, no characters XLSX cannot hold."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.exports import safe_cell
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
