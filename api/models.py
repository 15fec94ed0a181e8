"""When this site first served each data version: the API's Last-Modified.

The data version (core.models.DataVersion) is a counter without a clock. The first API request
that sees a new version records the time, at least one second after the previous version's, so
``Last-Modified`` moves forward with every edit and ``If-Modified-Since`` never matches stale
data (HTTP dates have whole seconds).
"""

from django.db import models


class DataVersionSeen(models.Model):
    version = models.PositiveBigIntegerField(unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"{self.version} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
