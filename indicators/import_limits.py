"""The limits of a spreadsheet import, and the one exception that refuses a file with a message.

Every limit is a setting (read with a default here, when an import starts):

- ``IMPORT_MAX_BYTES`` (5 MB): the uploaded file as uploaded (compressed, for XLSX);
- ``IMPORT_MAX_ROWS`` (50,000): data rows; reading stops at the first row too many;
- ``IMPORT_MAX_COLUMNS`` (30): columns with a header or a value;
- ``IMPORT_MAX_CELL_CHARS`` (10,000): characters in one cell;
- ``IMPORT_MAX_UNPACKED_BYTES`` (100 MB): an XLSX's parts once decompressed, all together
  (openpyxl writes 50,000 rows of figures as a 40 MB sheet; reading streams, so memory follows
  the rows kept and the shared strings, capped by count and cell size, not this number);
- ``IMPORT_MAX_COMPRESSION_RATIO`` (100): an XLSX part's decompressed / compressed size, for
  parts over 1 MB (spreadsheets compress 10-20 times; zip bombs about 1,000);
- ``IMPORT_MAX_SECONDS`` (100): reading and previewing, or confirming, one file (keep it below
  gunicorn's timeout, 120 s, so an editor gets a message rather than a killed worker);
- ``IMPORT_PREVIEW_SECONDS`` (3600): how long a preview waits for its confirmation.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024


class ImportRefused(Exception):
    """The file cannot be imported; ``str(exc)`` says why, in the editor's language."""


class ImportTooSlow(ImportRefused):
    def __init__(self, seconds: float):
        super().__init__(
            _(
                "处理这个文件超过了 %(seconds)d 秒，已经停止，什么都没有写入。"
                "请把文件分成几个较小的文件分别导入。"
            )
            % {"seconds": seconds}
        )


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unpacked_bytes: int
    max_compression_ratio: float
    max_seconds: float
    preview_seconds: int


def import_limits() -> ImportLimits:
    def setting(name, default):
        return getattr(settings, name, default)

    return ImportLimits(
        max_bytes=setting("IMPORT_MAX_BYTES", 5 * MB),
        max_rows=setting("IMPORT_MAX_ROWS", 50_000),
        max_columns=setting("IMPORT_MAX_COLUMNS", 30),
        max_cell_chars=setting("IMPORT_MAX_CELL_CHARS", 10_000),
        max_unpacked_bytes=setting("IMPORT_MAX_UNPACKED_BYTES", 100 * MB),
        max_compression_ratio=setting("IMPORT_MAX_COMPRESSION_RATIO", 100),
        max_seconds=setting("IMPORT_MAX_SECONDS", 100),
        preview_seconds=setting("IMPORT_PREVIEW_SECONDS", 3600),
    )


class Deadline:
    """The time one request may spend on an import; ``check()`` raises ImportTooSlow after it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise ImportTooSlow(self.seconds)

    @classmethod
    def from_settings(cls) -> "Deadline":
        return cls(import_limits().max_seconds)
