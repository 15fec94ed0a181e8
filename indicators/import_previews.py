"""What an import preview remembers, so that its confirmation writes what was previewed or nothing.

A preview is kept in Django's cache (indicators.spreadsheets.PreviewStorage: Redis in
production, so every app server finds it) under a random key, with:

- the uploaded file's bytes, its format and name, and the editor who uploaded it;
- the data version (core.models.data_version) when it was made, and when;
- for every existing figure the file updates or leaves unchanged, its spreadsheet row and a
  fingerprint of its stored values.

The confirmation takes the preview out of the cache (only one confirmation can) and, holding the
data version row, writes only if the version has not moved; otherwise it writes nothing and
says what changed: the previewed figures someone else edited (by whom, when) and how many other
changes were made since.
"""

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DataVersion, data_version
from core.registry import data_models
from indicators.models import Observation
from indicators.resources import figure_label

_CHUNK = 500  # primary keys per query (SQLite's variable limit is far above)


def fingerprints(pks) -> dict[int, str]:
    """pk → a digest of every stored value of that figure (missing figures are absent)."""
    fields = [f.attname for f in Observation._meta.concrete_fields]
    found: dict[int, str] = {}
    pks = sorted(pks)
    for start in range(0, len(pks), _CHUNK):
        rows = Observation.objects.filter(pk__in=pks[start : start + _CHUNK]).values_list(*fields)
        for values in rows:
            found[values[0]] = hashlib.sha256(repr(values).encode()).hexdigest()[:20]
    return found


def preview_start() -> dict:
    """The data version and time before a preview reads the data: a change while the dry run
    runs makes its confirmation stale too."""
    return {"version": data_version(), "at": timezone.now().isoformat()}


def make_entry(
    *, start: dict, user, data: bytes, fmt: str, file_name: str, result, line_offset: int
) -> dict:
    """The cache entry for a preview whose dry run gave ``result`` (every row valid)."""
    lines: dict[int, int] = {}
    for number, row in enumerate(result.rows, start=1):
        if row.object_id is not None:
            lines[row.object_id] = number + line_offset
    prints = fingerprints(lines)
    return {
        "user": user.pk,
        "data": data,
        "format": fmt,
        "file_name": file_name,
        "version": start["version"],
        "at": start["at"],
        "figures": {pk: (line, prints.get(pk, "")) for pk, line in lines.items()},
    }


def locked_data_version() -> int:
    """The data version, its row locked until the transaction ends (PostgreSQL; SQLite
    serialises writers anyway), so no other write lands between this check and the import."""
    value = DataVersion.objects.select_for_update().filter(pk=1).values_list("value", flat=True)
    return next(iter(value), 0) or 0


def changes_since(entry: dict, limit: int = 10) -> list[str]:
    """What changed since the preview, in sentences for the editor."""
    sentences: list[str] = []
    figures: dict[int, tuple[int, str]] = entry["figures"]
    now = fingerprints(figures)
    changed = sorted((line, pk) for pk, (line, fp) in figures.items() if now.get(pk) != fp)
    for line, pk in changed[:limit]:
        obs = Observation.objects.with_related().filter(pk=pk).first()
        if obs is None:
            sentences.append(
                _("第 %(line)d 行的数字（#%(pk)d）已被删除。") % {"line": line, "pk": pk}
            )
            continue
        record = obs.history.select_related("history_user").order_by("-history_date").first()
        who = (
            record.history_user.get_username()
            if record is not None and record.history_user is not None
            else _("其他人")
        )
        when = (
            timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
            if record is not None
            else ""
        )
        sentences.append(
            _("第 %(line)d 行的数字（%(figure)s）已被 %(who)s 于 %(when)s 修改。")
            % {"line": line, "figure": figure_label(obs), "who": who, "when": when}
        )
    if len(changed) > limit:
        sentences.append(
            _("另有 %(count)d 个预览过的数字也已改动。") % {"count": len(changed) - limit}
        )
    since = dt.datetime.fromisoformat(entry["at"])
    changed_pks = [pk for _line, pk in changed]
    others = []
    for data_model in data_models():
        history = data_model.model.history.filter(history_date__gt=since)
        if data_model.model is Observation:
            history = history.exclude(id__in=changed_pks)
        count = history.count()
        if count:
            others.append(
                _("%(what)s %(count)d 处")
                % {"what": data_model.model._meta.verbose_name_plural, "count": count}
            )
    if others:
        sentences.append(_("预览之后的其他改动：%(list)s。") % {"list": "、".join(others)})
    if not sentences:
        sentences.append(
            _("数据版本从 %(old)d 变为 %(new)d（批量修改，没有逐条记录）。")
            % {"old": entry["version"], "new": data_version()}
        )
    return sentences
