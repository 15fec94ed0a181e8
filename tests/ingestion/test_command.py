"""manage.py extract_figures: the same engine on the command line."""

import csv
import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingestion.management.commands.extract_figures import COLUMNS
from tests.conftest import ROOT, SEEDS
from tests.ingestion import files

pytestmark = pytest.mark.django_db

SOURCES = {
    "000": "xinhua-2025-07-02",
    "001": "press-conference-2025-03-20",
    "002": "basss-report-2023",
    "003": "xinhua-telegraph-2025-07-07",
    "004": "china-city-news-2025-07",
}


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract_figures", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("number", sorted(SOURCES))
def test_every_seed_gives_candidates_in_the_documented_columns(number):
    path = next(SEEDS.glob(f"{number}_*.txt"))
    rows = list(csv.reader(io.StringIO(run(str(path), "--source", SOURCES[number]))))
    assert rows[0] == COLUMNS
    assert rows[0] == [
        "region", "indicator", "period_start", "period_end", "granularity", "value", "unit",
        "qualifier", "kind", "quote", "start", "end",
    ]  # fmt: skip
    assert len(rows) > 5
    text = path.read_text(encoding="utf-8")
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row, strict=True))
        assert record["qualifier"] in {"exact", "more_than", "at_least", "about", "less_than"}
        assert record["kind"] in {"actual", "target", "expected"}
        float(record["value"])
        start, end = int(record["start"]), int(record["end"])
        if "…" not in record["quote"]:
            assert text[start:end] == record["quote"]


def test_a_figure_as_the_export_writes_it():
    path = next(SEEDS.glob("001_*.txt"))
    rows = list(csv.DictReader(io.StringIO(run(str(path), "--source", SOURCES["001"]))))
    value_added = next(r for r in rows if r["indicator"] == "digital-economy-value-added")
    assert value_added | {"quote": "", "start": "", "end": ""} == {
        "region": "beijing",
        "indicator": "digital-economy-value-added",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "granularity": "year",
        "value": "22000",
        "unit": "亿元",
        "qualifier": "more_than",
        "kind": "actual",
        "quote": "",
        "start": "",
        "end": "",
    }


def test_json_and_no_source(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("2025-07-07\n\n2024年,北京市数字经济增加值达2.2万亿元,占GDP比重45%。\n")
    data = json.loads(run(str(path), "--format", "json"))
    assert [(d["value"], d["unit"], d["region"]) for d in data] == [
        ("22000.0000", "亿元", "beijing"),
        ("45.0000", "%", "beijing"),
    ]


def test_a_docx_report(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(files.docx_report())
    rows = list(csv.DictReader(io.StringIO(run(str(path)))))
    assert {(r["region"], r["value"]) for r in rows} >= {("beijing", "5"), ("china", "8")}


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.pdf", files.pdf_without_text(), "没有文字层"),
        ("empty.txt", b"", "空的"),
        ("locked.pdf", files.encrypted_pdf(), "已加密"),
    ],
)
def test_an_unreadable_file_exits_2_with_one_line(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert error.value.returncode == 2
    assert reason in str(error.value)


def test_exit_status_and_one_line_in_a_real_process(tmp_path):
    missing = tmp_path / "missing.pdf"
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_figures", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot read" in result.stderr
