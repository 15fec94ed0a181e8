"""Every page names the data release it shows, and says when edits are newer than it.

``data_release`` is lazy: the query runs only when a template reads it (the footer does, once
per rendered page; a cached page costs nothing). One query reads the latest release and the live
data version together.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import DatabaseError
from django.db.models import Subquery

from core.models import DataVersion
from releases.models import Release


@dataclass(frozen=True)
class ReleaseLine:
    number: int
    published_at: object
    edited_since: bool  # the live data has changed since the release froze it

    @property
    def url(self) -> str:
        return Release(number=self.number).get_absolute_url()


def current_release() -> ReleaseLine | None:
    """The latest release and whether the live data has moved on since; None before the first."""
    live = DataVersion.objects.filter(pk=1).values("value")[:1]
    row = (
        Release.objects.order_by("-number")
        .annotate(live=Subquery(live))
        .values("number", "published_at", "data_version", "live")
        .first()
    )
    if row is None:
        return None
    return ReleaseLine(
        number=row["number"],
        published_at=row["published_at"],
        edited_since=(row["live"] or 0) > row["data_version"],
    )


class DataRelease:
    @cached_property
    def latest(self) -> ReleaseLine | None:
        try:
            return current_release()
        except DatabaseError:  # an error page while the database is away still renders
            return None


def data_release(request):
    return {"data_release": DataRelease()}
