"""Publishing a release, and reading a published one back."""

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.models import bump_data_version, data_version
from releases.changelog import changelog
from releases.files import json_name, release_files
from releases.models import Release, ReleaseFile
from releases.tables import TABLES, snapshot


class NothingToPublish(Exception):
    """The data is exactly as the latest release froze it."""


def latest_release() -> Release | None:
    return Release.objects.order_by("-number").first()


# Parsed JSON documents by SHA-256: a published file never changes, so its hash names it.
_DOCUMENTS: dict[str, dict] = {}
_KEEP = 16


def release_document(release: Release) -> dict:
    """The release's JSON document (its tables), parsed once per process per file."""
    files = ReleaseFile.objects.filter(release=release, name=json_name(release.number))
    sha256 = files.values_list("sha256", flat=True).first()
    if sha256 is None:
        raise ReleaseFile.DoesNotExist(f"release {release.number} has no JSON document")
    document = _DOCUMENTS.get(sha256)
    if document is None:
        document = json.loads(bytes(files.values_list("content", flat=True).get()))
        if len(_DOCUMENTS) >= _KEEP:
            _DOCUMENTS.pop(next(iter(_DOCUMENTS)))
        _DOCUMENTS[sha256] = document
    return document


@dataclass
class Published:
    release: Release | None
    created: bool


def publish_release(note: str, *, if_none: bool = False, force: bool = False) -> Published:
    """Freeze the current data as the next release, with its changelog and files.

    ``if_none``: publish only when there is no release yet (``make data`` on a fresh database).
    Without ``force``, data identical to the latest release's is refused (NothingToPublish).
    The data version is bumped, so every cached page shows the new release in its footer.
    """
    note = (note or "").strip()
    if not note:
        raise ValueError("A release needs a note saying what it holds.")
    with transaction.atomic():
        previous = Release.objects.select_for_update().order_by("-number").first()
        if if_none and previous is not None:
            return Published(previous, False)
        tables = snapshot()
        before = release_document(previous) if previous is not None else None
        unchanged = before is not None and all(before.get(t.name) == tables[t.name] for t in TABLES)
        if unchanged and not force:
            raise NothingToPublish(f"The data is exactly as release {previous.number} froze it.")
        bump_data_version()
        number = previous.number + 1 if previous is not None else 1
        published_at = timezone.now().replace(microsecond=0)
        counts = {t.name: len(tables[t.name]) for t in TABLES}
        counts["figures"] = len({r["figure_id"] for r in tables["statements"]})
        changes = changelog(
            before["statements"] if before else None,
            tables["statements"],
            previous.number if previous is not None else None,
        )
        meta = {
            "number": number,
            "published_at": published_at.isoformat(),
            "note": note,
            "previous": previous.number if previous is not None else None,
            "counts": counts,
        }
        release = Release(
            number=number,
            published_at=published_at,
            note=note,
            data_version=data_version(),
            counts=counts,
            changelog=changes,
        )
        release.save()
        for file in release_files(meta, tables, tables["sources"]):
            file.release = release
            file.save()
    return Published(release, True)
