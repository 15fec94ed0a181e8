"""How long does importing N figures from a spreadsheet take? (a benchmark, not a test)

    .venv/bin/python bench/import_benchmark.py [--rows 10000] [--database-url sqlite:////tmp/x.sqlite3]

Works on a scratch database (a temporary SQLite file unless --database-url says otherwise), never
the project's own: it migrates it, loads the fixtures, generates N synthetic rows (test data,
written only to a CSV in a temporary folder), then times django-import-export's dry run (what the
admin preview does) and the confirmed import, through the same ObservationResource as the admin.
"""

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bjdigital-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bjdigital.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a scratch database on a developer's machine
    os.environ.setdefault("DJANGO_IMPORT_MAX_ROWS", str(max(args.rows, 50_000)))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command(
        "loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0
    )

    import tablib

    from districts.models import Region
    from indicators.models import Indicator, Observation
    from indicators.resources import ObservationResource

    regions = list(Region.objects.values_list("slug", flat=True))
    indicators = list(Indicator.objects.values_list("slug", "unit"))
    header = [
        "region",
        "indicator",
        "value",
        "unit",
        "qualifier",
        "kind",
        "source",
        "quote",
        "period_start",
        "period_end",
        "granularity",
        "site",
        "note",
    ]
    rows = []
    year = 1990
    while len(rows) < args.rows:
        for slug, unit in indicators:
            for region in regions:
                if len(rows) >= args.rows:
                    break
                rows.append(
                    [
                        region,
                        slug,
                        "12.5",
                        unit,
                        "exact",
                        "actual",
                        "basss-report-2023",
                        "合成基准数据 12.5",
                        f"{year}-01-01",
                        f"{year}-12-31",
                        "year",
                        "",
                        "benchmark",
                    ]
                )
        year += 1
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    (scratch / "rows.csv").write_text(buffer.getvalue(), encoding="utf-8")
    dataset = tablib.Dataset().load(buffer.getvalue(), format="csv")

    before = Observation.objects.count()
    start = time.perf_counter()
    result = ObservationResource().import_data(
        dataset.copy() if hasattr(dataset, "copy") else dataset, dry_run=True, raise_errors=False
    )
    dry = time.perf_counter() - start
    assert not result.has_errors() and not result.has_validation_errors(), (
        "synthetic rows should be valid"
    )
    dataset = tablib.Dataset().load(buffer.getvalue(), format="csv")
    start = time.perf_counter()
    result = ObservationResource().import_data(
        dataset, dry_run=False, raise_errors=True, rollback_on_validation_errors=True
    )
    real = time.perf_counter() - start
    written = Observation.objects.count() - before
    print(f"database: {django.db.connection.vendor}; rows: {args.rows}; written: {written}")
    print(f"preview (dry run): {dry:.1f} s ({args.rows / dry:.0f} rows/s)")
    print(f"confirmed import:  {real:.1f} s ({args.rows / real:.0f} rows/s)")


if __name__ == "__main__":
    main()
