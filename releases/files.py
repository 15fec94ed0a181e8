"""A release's downloads, written once from its tables: CSV, XLSX, JSON and a Data Package.

- ``<table>.csv`` for each table (UTF-8, a header row, RFC 4180 quoting);
- ``bjdigital-release-N.xlsx``: one sheet per table;
- ``bjdigital-release-N.json``: ``{"release": {...}, "<table>": [rows]}``;
- ``datapackage.json``: a Frictionless Data Package describing every file (the JSON document's
  and the workbook's tables too) with its Table Schema, byte count and SHA-256.

Text cells of the CSV and XLSX files pass through core.exports.safe_cell, as /data/'s downloads
do: no live formulas, no control characters. The JSON file keeps the text as it is.
"""

import csv
import hashlib
import io
import json

from openpyxl import Workbook

from core.exports import safe_cell
from releases.models import ReleaseFile
from releases.tables import TABLES, Table

DATAPACKAGE = "datapackage.json"


def json_name(number: int) -> str:
    return f"bjdigital-release-{number}.json"


def xlsx_name(number: int) -> str:
    return f"bjdigital-release-{number}.xlsx"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_bytes(table: Table, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([safe_cell(_text(row[name])) for name in table.column_names])
    return out.getvalue().encode("utf-8")


def _xlsx_cell(column, value):
    if value in (None, ""):
        return None
    if column.type == "integer":
        return int(value)
    if column.type == "boolean":
        return bool(value)
    return safe_cell(str(value))


def xlsx_bytes(tables: dict[str, list[dict]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        sheet = workbook.create_sheet(table.name)
        sheet.append(table.column_names)
        for row in tables[table.name]:
            sheet.append([_xlsx_cell(c, row[c.name]) for c in table.columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def json_bytes(release: dict, tables: dict[str, list[dict]]) -> bytes:
    document = {"release": release, **{t.name: tables[t.name] for t in TABLES}}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def _resource(name, path, fmt, media_type, content: bytes, schema, title, dialect=None) -> dict:
    resource = {
        "profile": "tabular-data-resource",
        "name": name,
        "title": title,
        "path": path,
        "format": fmt,
        "mediatype": media_type,
        "encoding": "utf-8",
        "schema": schema,
    }
    if fmt != "json":
        # frictionless reads a JSON table by streaming up to its array, so it cannot count the
        # whole file's bytes there; the release page lists every file's SHA-256.
        resource["bytes"] = len(content)
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
    if dialect:
        resource["dialect"] = dialect
    return resource


CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json"


def release_files(release: dict, tables: dict[str, list[dict]], sources: list[dict]):
    """Every file of a release, as unsaved ReleaseFile rows, ``datapackage.json`` first."""
    number = release["number"]
    csv_files = {t.name: csv_bytes(t, tables[t.name]) for t in TABLES}
    workbook = xlsx_bytes(tables)
    document = json_bytes(release, tables)

    resources = []
    names = {t.name: t.name for t in TABLES}
    for table in TABLES:
        resources.append(
            _resource(
                table.name,
                f"{table.name}.csv",
                "csv",
                CSV_TYPE,
                csv_files[table.name],
                table.schema(names),
                f"{table.title} (CSV)",
            )
        )
    for suffix, path, fmt, media_type, content, dialect in (
        ("xlsx", xlsx_name(number), "xlsx", XLSX_TYPE, workbook, "excel"),
        ("json", json_name(number), "json", JSON_TYPE, document, "json"),
    ):
        names = {t.name: f"{t.name}-{suffix}" for t in TABLES}
        for table in TABLES:
            control = {"sheet": table.name} if dialect == "excel" else {"property": table.name}
            if dialect == "json":
                control["keyed"] = True
            resources.append(
                _resource(
                    names[table.name],
                    path,
                    fmt,
                    media_type,
                    content,
                    table.schema(names),
                    f"{table.title} ({suffix.upper()}, {'sheet' if fmt == 'xlsx' else 'array'} "
                    f"“{table.name}”)",
                    dialect={dialect: control},
                )
            )
    package = {
        "name": f"bjdigital-release-{number}",
        "title": f"bjdigital data release {number}",
        "description": release["note"],
        "version": str(number),
        "created": release["published_at"],
        "homepage": release.get("homepage", ""),
        "sources": [
            {"title": s["title"], **({"path": s["url"]} if s["url"] else {})} for s in sources
        ],
        "resources": resources,
    }
    if not package["homepage"]:
        del package["homepage"]
    package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    files = [ReleaseFile.of(DATAPACKAGE, JSON_TYPE, package_bytes, 0)]
    files += [
        ReleaseFile.of(f"{t.name}.csv", CSV_TYPE + "; charset=utf-8", csv_files[t.name], i + 1)
        for i, t in enumerate(TABLES)
    ]
    files.append(ReleaseFile.of(xlsx_name(number), XLSX_TYPE, workbook, 20))
    files.append(ReleaseFile.of(json_name(number), JSON_TYPE, document, 21))
    return files
