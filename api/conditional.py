"""ETag and Last-Modified from the data version, and 304 when the client's copy is current.

Every response of the API is a function of the data (core.models.data_version) and of this
code's revision, so one pair of validators serves every address: ``ETag: "<revision>-<version>"``
and ``Last-Modified`` the moment this site first served that version (api/models.py).
``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110 §13.2.2).
"""

import datetime as dt

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from api.models import DataVersionSeen
from core.caching import data_version  # plain SQL: it runs on every answer

# Raise when the shape of the API's answers changes, so clients holding an ETag refetch.
API_REVISION = "1"


# This process's copy of the first-seen times it has read (a version's is recorded once and never
# changes), so an answer reads it from neither the cache nor the database. Tests, whose rolled-back
# transactions reuse version numbers, clear it (forget_seen).
_seen: dict[int, dt.datetime] = {}


def forget_seen() -> None:
    _seen.clear()


def _first_seen(version: int) -> dt.datetime:
    seen = _seen.get(version)
    if seen is None:
        seen = _seen_shared(version)
        if len(_seen) > 100:
            _seen.clear()
        _seen[version] = seen
    return seen


def _seen_shared(version: int) -> dt.datetime:
    key = f"api:version-seen:{version}"
    seen = cache.get(key)
    if seen is not None:
        return seen
    seen = DataVersionSeen.objects.filter(version=version).values_list("seen_at", flat=True).first()
    if seen is None:
        now = timezone.now().replace(microsecond=0)
        last = (
            DataVersionSeen.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        )
        if last is not None and now <= last:
            now = last + dt.timedelta(seconds=1)
        try:
            with transaction.atomic():
                DataVersionSeen.objects.create(version=version, seen_at=now)
            seen = now
        except IntegrityError:  # another worker recorded it first
            seen = DataVersionSeen.objects.get(version=version).seen_at
    cache.set(key, seen, 3600)
    return seen


def validators(version: int | None = None) -> dict[str, str]:
    """The ETag and Last-Modified header values of ``version`` (by default the current one)."""
    version = data_version() if version is None else version
    return {
        "ETag": f'"{API_REVISION}-{version}"',
        "Last-Modified": http_date(_first_seen(version).timestamp()),
    }


def _bare(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def is_not_modified(request, headers: dict[str, str]) -> bool:
    """Whether the client's cached copy is current (a GET or HEAD would be a 304)."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return tags == ["*"] or _bare(headers["ETag"]) in {_bare(t) for t in tags}
    if_modified_since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE") or "")
    if if_modified_since is None:
        return False
    last_modified = parse_http_date_safe(headers["Last-Modified"])
    return last_modified is not None and last_modified <= if_modified_since
