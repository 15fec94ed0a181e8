"""Downloads that a spreadsheet opens safely.

- **Formula injection** (OWASP "CSV injection"): a text cell beginning with ``= + - @`` (or a tab
  or carriage return) would run as a formula in Excel or LibreOffice. Such cells get a leading
  apostrophe, the documented way to mark a cell as text; plain numbers (``-5``, ``12.5``) are
  left alone, so values stay numbers and a download imports back.
- **Control characters** (U+0000–U+001F except tab, line feed and carriage return) are not
  allowed in XLSX at all (openpyxl refuses the whole file); they are removed from every cell.

Every download is named after what it holds and the day it was made
(``download_filename``): ``bjdigital-compare-haidian-chaoyang-yizhuang-2026-11-21.csv``, in
lower-case ASCII letters, digits and hyphens only, so that ``Content-Disposition`` needs no
quoting or encoding and every operating system accepts the name.
"""

import re

from django.utils import timezone
from django.utils.text import slugify

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def safe_cell(value):
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    if value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text or ""))


class SafeExportMixin:
    """For a django-tables2 Table: every downloaded cell passes through safe_cell()."""

    def as_values(self, exclude_columns=None):
        for row in super().as_values(exclude_columns=exclude_columns):
            yield [safe_cell(cell) for cell in row]


FILENAME_PREFIX = "bjdigital"
MAX_FILENAME_STEM = 150  # characters before the date: well under every file system's limit


def filename_part(value) -> str:
    """One part of a download's name: ASCII letters, digits and hyphens (a slug stays itself;
    a Chinese search word, which has no ASCII letters, gives "")."""
    return slugify(str(value if value is not None else ""))


def download_filename(*parts, extension: str, day=None) -> str:
    """``bjdigital-<parts>-<YYYY-MM-DD>.<extension>``: the parts (slugs, filter names and values)
    made safe by ``filename_part`` (empty ones left out), the stem cut to a bounded length, and
    the day the file was made (today in the site's time zone unless ``day`` is given)."""
    words = [word for word in (filename_part(part) for part in parts) if word]
    stem = "-".join([FILENAME_PREFIX, *words])[:MAX_FILENAME_STEM].rstrip("-")
    day = day or timezone.localdate()
    return f"{stem}-{day.isoformat()}.{filename_part(extension) or 'csv'}"
