"""What changed between two releases: statements added, changed (old → new) and removed.

A statement is keyed by the figure's identity (indicators.models.FIGURE_IDENTITY: indicator,
region, site, period start and end, kind, source), written with slugs, so a statement edited in
place (a corrected value or quote) is *changed*, while one moved to another period or source is
*removed* and *added*.
"""

from indicators.models import FIGURE_IDENTITY

# FIGURE_IDENTITY's fields, as the statements table names them (releases/tables.py).
KEY_COLUMNS = tuple(FIGURE_IDENTITY)
# What may change about one statement.
COMPARED = ("value", "qualifier", "granularity", "quote", "note")
# What each changelog entry shows of the statement.
SHOWN = ("figure_id", *KEY_COLUMNS, "value", "qualifier")


def statement_key(row: dict) -> tuple:
    return tuple(row[column] for column in KEY_COLUMNS)


def _summary(row: dict) -> dict:
    return {column: row[column] for column in SHOWN}


def changelog(previous: list[dict] | None, current: list[dict], previous_number=None) -> dict:
    """The change from ``previous`` statements (None: there is no earlier release)."""
    before = {statement_key(r): r for r in previous or []}
    after = {statement_key(r): r for r in current}
    added = [_summary(after[k]) for k in sorted(after.keys() - before.keys())]
    removed = [_summary(before[k]) for k in sorted(before.keys() - after.keys())]
    changed = []
    for key in sorted(after.keys() & before.keys()):
        old, new = before[key], after[key]
        changes = {c: [old[c], new[c]] for c in COMPARED if old[c] != new[c]}
        if changes:
            changed.append({**_summary(new), "changes": changes})
    return {"previous": previous_number, "added": added, "changed": changed, "removed": removed}
