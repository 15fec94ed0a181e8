"""Writing the database back into ``fixtures/``, deterministically.

The fixtures are the project's data of record. An editor's work in admin comes back to the
repository through ``manage.py export_fixtures``: natural keys instead of ids, one file per
model, objects sorted by natural key, two-space indentation, UTF-8 without escapes. Loading the
fixtures and exporting again changes no byte, so a data change reads as a small diff.
"""

import json
from pathlib import Path

from django.apps import apps
from django.core import serializers

# File name → model. Names sort in loading order, so `loaddata fixtures/*.json` works too.
FIXTURE_FILES: dict[str, str] = {
    "01_sources.json": "sources.Source",
    "02_regions.json": "districts.Region",
    "03_industries.json": "districts.Industry",
    "04_brands.json": "districts.Brand",
    "05_featured_industries.json": "districts.FeaturedIndustry",
    "06_sites.json": "districts.Site",
    "07_indicators.json": "indicators.Indicator",
    "08_observations.json": "indicators.Observation",
}


def _sort_key(item: dict) -> str:
    # Natural keys may hold None (a figure with no site): sort on their JSON text.
    return json.dumps(item["natural_key"], ensure_ascii=False)


def serialize_model(label: str) -> str:
    model = apps.get_model(label)
    records = []
    for obj in model._default_manager.all():
        data = json.loads(
            serializers.serialize(
                "json", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
        )[0]
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
    for name, label in FIXTURE_FILES.items():
        path = directory / name
        path.write_text(serialize_model(label), encoding="utf-8")
        written.append(path)
    return written
