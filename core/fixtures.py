"""Writing the database back into ``fixtures/``, deterministically.

The fixtures are the project's data of record. An editor's work in admin comes back to the
repository through ``manage.py export_fixtures``: natural keys instead of ids, one file per
model, objects sorted by natural key, two-space indentation, UTF-8 without escapes. Loading the
fixtures and exporting again changes no byte, so a data change reads as a small diff.

The number of queries does not grow with the rows: each model is read in one query with the
rows its natural keys and its foreign keys' natural keys name (``select_related``), and one more
per many-to-many relation (``prefetch_related``), then serialized in one pass.
"""

import json
from pathlib import Path

from django.core import serializers

from core.registry import data_models


def _sort_key(item: dict) -> str:
    # Natural keys may hold None (a figure with no site): sort on their JSON text.
    return json.dumps(item["natural_key"], ensure_ascii=False)


def fixture_files() -> dict[str, str]:
    """File name → model label, in loading order (names sort that way, so `loaddata
    fixtures/*.json` works too)."""
    return {d.fixture: d.label for d in data_models()}


def _related_paths(model, depth: int = 2, prefix: str = "") -> list[str]:
    """The forward foreign keys to rows with natural keys, and theirs (a brand's natural key
    names its region's slug): what serializing with natural keys reads from related rows."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.is_relation and hasattr(field.related_model, "natural_key"):
            path = f"{prefix}{field.name}"
            paths.append(path)
            if depth > 1:
                paths += _related_paths(field.related_model, depth - 1, f"{path}__")
    return paths


def model_rows(model):
    """Every row of ``model``, with what its serialization reads, in a constant number of
    queries (module docstring)."""
    many = [
        field.name
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return model._default_manager.select_related(*_related_paths(model)).prefetch_related(*many)


def serialize_model(model) -> str:
    objects = list(model_rows(model))
    serialized = json.loads(
        serializers.serialize(
            "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    records = []
    for obj, data in zip(objects, serialized, strict=True):
        # Many-to-many values in a stable order too.
        for field, value in data["fields"].items():
            if isinstance(value, list) and value and isinstance(value[0], list):
                data["fields"][field] = sorted(value)
        records.append({"natural_key": list(obj.natural_key()), "data": data})
    records.sort(key=_sort_key)
    return json.dumps([r["data"] for r in records], ensure_ascii=False, indent=2) + "\n"


def export_fixtures(directory: Path) -> list[Path]:
    """Write every fixture file into ``directory``; return the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for data_model in data_models():
        path = directory / data_model.fixture
        path.write_text(serialize_model(data_model.model), encoding="utf-8")
        written.append(path)
    return written
