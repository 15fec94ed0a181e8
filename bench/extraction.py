"""How well the extractor finds the release's own figures in the five source reports.

    .venv/bin/python bench/extraction.py [--seeds ../shared/seeds] [--write docs/extraction.md]

For each report it runs the extractor (ingestion/extraction/) with the vocabulary of the data
release (fixtures/*.json, read directly: no database is touched) and compares its candidates
with the release's figures from that report (fixtures/08_observations.json):

- a release figure is *found* when a candidate's number lies inside the figure's quote (as
  located in the report) and its value, converted into the figure's unit, is the figure's
  value; each candidate counts for one figure at most;
- *value and qualifier*: found, with the same qualifier;
- *everything*: found, with the same qualifier, unit, period (start, end, granularity) and
  region (the indicator is not part of it: the editor picks it; its hit rate is shown apart);
- *precision*: the share of candidates that are release figures (found, as above);
- *time*: the extraction of one report, best of three runs.

It prints the table and, with --write, puts it into docs/extraction.md between the markers.
It measures; it does not gate (CI prints it).
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bjdigital.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from indicators.units import UNIT_INFO  # noqa: E402
from ingestion.extraction.engine import DocumentContext, extract  # noqa: E402
from ingestion.extraction.vocabulary import Vocabulary  # noqa: E402

BEGIN = "<!-- extraction-benchmark:begin -->"
END = "<!-- extraction-benchmark:end -->"


def load_release(fixtures: Path):
    rows: dict[str, list[dict]] = {}
    for path in sorted(fixtures.glob("*.json")):
        for obj in json.loads(path.read_text(encoding="utf-8")):
            rows.setdefault(obj["model"], []).append(obj["fields"])
    sources = {f["slug"]: f for f in rows["sources.source"]}
    units = {f["slug"]: f["unit"] for f in rows["indicators.indicator"]}
    figures = rows["indicators.observation"]
    return sources, units, figures


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """The quote's range in the text, whitespace aside, parts joined by "…" in order."""
    compact, offsets = [], []
    for i, c in enumerate(text):
        if not c.isspace():
            compact.append(c)
            offsets.append(i)
    doc = "".join(compact)
    parts = [re.sub(r"\s+", "", p) for p in quote.split("…") if p.strip()]
    if not parts:
        return None
    position = doc.find(parts[0])
    while position >= 0:
        start, cursor, ok = position, position + len(parts[0]), True
        for part in parts[1:]:
            found = doc.find(part, cursor, cursor + 400 + len(part))
            if found < 0:
                ok = False
                break
            cursor = found + len(part)
        if ok:
            return offsets[start], offsets[cursor - 1] + 1
        position = doc.find(parts[0], position + 1)
    return None


def in_unit(value: Decimal, unit: str, target: str) -> Decimal | None:
    a, b = UNIT_INFO[unit], UNIT_INFO[target]
    if unit == target:
        return value
    if a.zh_base != b.zh_base:
        return None
    return value * a.scale / b.scale


def evaluate(text: str, source: dict, figures: list[dict], units: dict, vocabulary):
    context = DocumentContext(
        published=_date(source["published"]), language=source["language"], title=source["title"]
    )
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        candidates = extract(text, context, vocabulary)
        timings.append(time.perf_counter() - started)
    located = [(f, locate(f["quote"], text)) for f in figures]
    used: set[int] = set()
    result = {"figures": len(figures), "candidates": len(candidates), "seconds": min(timings)}
    levels = {"value": 0, "value_qualifier": 0, "everything": 0, "indicator": 0}
    misses = []

    def matches(figure, span, candidate):
        if span is None:
            return False
        if not (span[0] <= candidate.number_start < span[1]):
            return False
        value = in_unit(candidate.value, candidate.unit, units[figure["indicator"][0]])
        return value is not None and abs(value - Decimal(figure["value"])) < Decimal("0.001")

    def everything(figure, candidate):
        return (
            candidate.qualifier == figure["qualifier"]
            and candidate.unit == units[figure["indicator"][0]]
            and candidate.period_start.isoformat() == figure["period_start"]
            and candidate.period_end.isoformat() == figure["period_end"]
            and candidate.granularity == figure["granularity"]
            and candidate.region == figure["region"][0]
        )

    pairs: dict[int, int] = {}
    # Three passes, strictest first, so a candidate goes to the figure it fits best.
    for strictness in ("everything", "value_qualifier", "value"):
        for fi, (figure, span) in enumerate(located):
            if fi in pairs:
                continue
            for ci, candidate in enumerate(candidates):
                if ci in used or not matches(figure, span, candidate):
                    continue
                if strictness == "everything" and not everything(figure, candidate):
                    continue
                if strictness == "value_qualifier" and candidate.qualifier != figure["qualifier"]:
                    continue
                pairs[fi] = ci
                used.add(ci)
                break
    for fi, (figure, _span) in enumerate(located):
        ci = pairs.get(fi)
        if ci is None:
            misses.append(
                f"  missed: {figure['indicator'][0]} {figure['value']} «{figure['quote'][:50]}»"
            )
            continue
        candidate = candidates[ci]
        levels["value"] += 1
        if candidate.qualifier == figure["qualifier"]:
            levels["value_qualifier"] += 1
        if everything(figure, candidate):
            levels["everything"] += 1
        else:
            misses.append(
                f"  partly: {figure['indicator'][0]} {figure['value']} {figure['qualifier']} "
                f"{figure['period_start']}..{figure['period_end']} {figure['granularity']} "
                f"{figure['region'][0]} ← {candidate.value} {candidate.unit} {candidate.qualifier} "
                f"{candidate.period_start}..{candidate.period_end} {candidate.granularity} "
                f"{candidate.region}"
            )
        if candidate.indicator == figure["indicator"][0]:
            levels["indicator"] += 1
    result.update(levels)
    result["misses"] = misses
    result["extra"] = [
        f"  extra: {c.value} {c.unit} {c.region} «{c.quote[:40]}»"
        for ci, c in enumerate(candidates)
        if ci not in used
    ]
    return result


def _date(text: str):
    return dt.date.fromisoformat(text)


def table(results: dict[str, dict]) -> str:
    lines = [
        "| report | figures | found (value) | value + qualifier | everything | indicator | "
        "candidates | precision | time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = dict.fromkeys(
        ("figures", "value", "value_qualifier", "everything", "indicator", "candidates"), 0
    )
    total_seconds = 0.0

    def pct(a, b):
        return f"{100 * a / b:.1f} %" if b else "—"

    for name, r in results.items():
        for k in total:
            total[k] += r[k]
        total_seconds += r["seconds"]
        lines.append(
            f"| {name} | {r['figures']} | {pct(r['value'], r['figures'])} | "
            f"{pct(r['value_qualifier'], r['figures'])} | {pct(r['everything'], r['figures'])} | "
            f"{pct(r['indicator'], r['value'])} | {r['candidates']} | "
            f"{pct(r['value'], r['candidates'])} | {1000 * r['seconds']:.0f} ms |"
        )
    lines.append(
        f"| **all** | {total['figures']} | {pct(total['value'], total['figures'])} | "
        f"{pct(total['value_qualifier'], total['figures'])} | "
        f"{pct(total['everything'], total['figures'])} | "
        f"{pct(total['indicator'], total['value'])} | {total['candidates']} | "
        f"{pct(total['value'], total['candidates'])} | {1000 * total_seconds:.0f} ms |"
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "fixtures")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    sources, units, figures = load_release(args.fixtures)
    vocabulary = Vocabulary.from_fixtures(args.fixtures)
    results = {}
    for slug, source in sorted(sources.items(), key=lambda s: s[1]["file_name"]):
        path = args.seeds / source["file_name"]
        if not path.is_file():
            print(f"{path} not found: skipped", file=sys.stderr)
            continue
        text = path.read_text(encoding="utf-8")
        own = [f for f in figures if f["source"][0] == slug]
        name = f"{source['file_name'][:3]} {slug} ({len(text):,} chars)"
        results[name] = evaluate(text, source, own, units, vocabulary)
        if args.verbose:
            print(name)
            print("\n".join(results[name]["misses"] + results[name]["extra"]))
    rendered = table(results)
    count = sum(r["figures"] for r in results.values())
    header = (
        f"Measured against {count} figures of fixtures/08_observations.json "
        f"({len(figures)} in the file), {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()} on {platform.machine()} "
        f"({os.cpu_count()} cores): `.venv/bin/python bench/extraction.py`"
    )
    print(header)
    print()
    print(rendered)
    if args.write:
        document = args.write.read_text(encoding="utf-8")
        if BEGIN in document and END in document:
            before, rest = document.split(BEGIN, 1)
            _, after = rest.split(END, 1)
            args.write.write_text(
                f"{before}{BEGIN}\n{header}\n\n{rendered}\n{END}{after}", encoding="utf-8"
            )
            print(f"\nwritten to {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
