"""Downloads that a spreadsheet opens safely.

- **Formula injection** (OWASP "CSV injection"): a text cell beginning with ``= + - @`` (or a tab
  or carriage return) would run as a formula in Excel or LibreOffice. Such cells get a leading
  apostrophe, the documented way to mark a cell as text; plain numbers (``-5``, ``12.5``) are
  left alone, so values stay numbers and a download imports back.
- **Control characters** (U+0000–U+001F except tab, line feed and carriage return) are not
  allowed in XLSX at all (openpyxl refuses the whole file); they are removed from every cell.
"""

import re

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
