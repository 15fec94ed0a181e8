"""Reading an uploaded CSV or XLSX into a tablib Dataset, within limits checked while reading.

django-import-export's own readers load the whole file first and count afterwards: a 4.7 KB
XLSX whose sheet declares a million rows, or whose XML decompresses to gigabytes, took a worker
to 2.9 GB. Here nothing is held that the limits (indicators/import_limits.py) do not bound:

- **XLSX** is checked as a zip before anything is decompressed: every part's declared size
  (Python's zipfile never decompresses past it), their total and each part's compression ratio.
  The sheet, its shared strings and styles are then parsed as a stream of XML events
  (``xml.etree.ElementTree.XMLParser`` with a target: no element tree is built), so memory
  follows the rows kept, never the XML's size. A document type declaration (the only way to
  declare XML entities) is refused. A row or column beyond the limits stops the reading at once,
  as does the time limit.
- **CSV** is decoded as UTF-8 (with or without BOM), UTF-16 (with BOM, as Excel's "Unicode
  text" writes it) or else GB18030 (a superset of GBK, what Excel on Chinese Windows writes),
  and read row by row under the same limits.

Rows and columns in messages are the ones a spreadsheet shows: 第 12 行 C 列. Completely blank
rows at the end are dropped; a blank row between rows is kept (and reported), so the row numbers
of the preview stay the spreadsheet's. Cells a download protected against formula injection
(core/exports.py: a leading apostrophe before ``= + - @``) are read back without it.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import posixpath
import re
import secrets
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.tmp_storages import CacheStorage
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from indicators.import_limits import Deadline, ImportLimits, ImportRefused, import_limits

MAX_SHEET_ROW = 1_048_576  # Excel's last row
MAX_SHEET_COLUMN = 16_384  # Excel's last column (XFD)
_CHUNK = 64 * 1024


class SpreadsheetError(ImportRefused):
    """The file is not a spreadsheet we can read, or breaks a limit; the message says which."""


def where(row: int, column: int | None = None) -> str:
    if column is None:
        return _("第 %(row)d 行") % {"row": row}
    return _("第 %(row)d 行 %(column)s 列") % {"row": row, "column": get_column_letter(column)}


# ---------------------------------------------------------------------------------------------
# Rows → Dataset, with the limits on rows, columns and cells


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def _unguard(value):
    """Undo core.exports.safe_cell: "'=1+1" in a download was "=1+1" in the database."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:].startswith(_FORMULA_START)
        and not _NUMBER.match(value[1:])
    ):
        return value[1:]
    return value


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowCollector:
    """Takes rows as a spreadsheet numbers them and builds the Dataset, refusing at the first
    row, column or cell past a limit."""

    def __init__(self, limits: ImportLimits, deadline: Deadline):
        self.limits, self.deadline = limits, deadline
        self.headers: list[str] | None = None
        self.header_row = 0
        self.rows: list[list] = []
        self.blank_rows = 0  # blank rows since the last row with a value, kept if one follows
        self.seen = 0

    def add(self, number: int, cells: list) -> None:
        """``cells``: the row's values from column A on (None where empty)."""
        self.seen += 1
        if self.seen % 1000 == 0:
            self.deadline.check()
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            if self.headers is not None:
                self.blank_rows += 1
            return
        for column, value in enumerate(cells, start=1):
            if isinstance(value, str) and len(value) > self.limits.max_cell_chars:
                raise self.cell_too_long(number, column, len(value))
        if len(cells) > self.limits.max_columns:
            raise self.too_many_columns(number, len(cells))
        if self.headers is None:
            self._set_headers(number, cells)
            return
        if len(self.rows) + self.blank_rows + 1 > self.limits.max_rows:
            raise self.too_many_rows()
        for _blank_row in range(self.blank_rows):
            self.rows.append([""] * len(self.headers))
        self.blank_rows = 0
        width = len(self.headers)
        if len(cells) > width:
            column = next(i for i, v in enumerate(cells, 1) if i > width and not _blank(v))
            raise SpreadsheetError(
                _("%(where)s有内容，但这一列没有列名（表头）。请给这一列加上列名，或删掉它。")
                % {"where": where(number, column)}
            )
        row = [_unguard("" if v is None else v) for v in cells]
        for column, name in enumerate(self.headers, start=1):
            if not name and column <= len(row) and not _blank(row[column - 1]):
                raise SpreadsheetError(
                    _("%(where)s有内容，但这一列没有列名（表头）。请给这一列加上列名，或删掉它。")
                    % {"where": where(number, column)}
                )
        row.extend([""] * (width - len(row)))
        self.rows.append(row)

    def add_blank_rows(self, count: int) -> None:
        """Rows an XLSX leaves out (it stores only rows with cells)."""
        if self.headers is not None:
            self.blank_rows += count

    def _set_headers(self, number: int, cells: list) -> None:
        headers = [unicodedata.normalize("NFC", str(v or "")).strip() for v in cells]
        seen: dict[str, int] = {}
        for column, name in enumerate(headers, start=1):
            if name and name in seen:
                raise SpreadsheetError(
                    _("表头里有两列都叫“%(name)s”（%(first)s 列和 %(second)s 列）。")
                    % {
                        "name": name,
                        "first": get_column_letter(seen[name]),
                        "second": get_column_letter(column),
                    }
                )
            seen[name] = column
        self.headers, self.header_row = headers, number

    def dataset(self) -> tablib.Dataset:
        if self.headers is None or not self.rows:
            raise SpreadsheetError(_("文件里没有数据：第一行应是列名（表头），下面每行一个数字。"))
        dataset = tablib.Dataset(headers=self.headers)
        for row in self.rows:
            dataset.append(row)
        # The spreadsheet's number of the first data row is header_row + 1; rows are consecutive.
        dataset.line_offset = self.header_row
        return dataset

    def cell_too_long(self, number, column, length) -> SpreadsheetError:
        return SpreadsheetError(
            _("%(where)s有 %(length)d 个字，超过每格 %(max)d 个字的上限。")
            % {"where": where(number, column), "length": length, "max": self.limits.max_cell_chars}
        )

    def too_many_columns(self, number, count) -> SpreadsheetError:
        return SpreadsheetError(
            _("%(where)s有 %(count)d 列，超过上限 %(max)d 列。请只保留导入需要的列。")
            % {"where": where(number), "count": count, "max": self.limits.max_columns}
        )

    def too_many_rows(self) -> SpreadsheetError:
        return SpreadsheetError(
            _("文件超过 %(max)d 行数据的上限；请分成几个文件导入。") % {"max": self.limits.max_rows}
        )


# ---------------------------------------------------------------------------------------------
# CSV


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or NULs that betray it), else GB18030."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        head = data[:4096]
        if head.count(b"\x00") > len(head) // 4:
            odd_zero = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
            return data.decode("utf-16-le" if odd_zero else "utf-16-be")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "文件的编码无法识别（%(reason)s）。请在 Excel 中“另存为”“CSV UTF-8(逗号分隔)”后再导入。"
            )
            % {"reason": exc.reason}
        ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "文件既不是 UTF-8，也不是 UTF-16 或 GBK/GB18030 编码的文本。"
                "请在 Excel 中“另存为”“CSV UTF-8(逗号分隔)”后再导入。"
            )
        ) from None


def read_csv(data: bytes, limits: ImportLimits, deadline: Deadline) -> tablib.Dataset:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    collector = RowCollector(limits, deadline)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                raise SpreadsheetError(
                    _("%(where)s有一格超过每格 %(max)d 个字的上限。")
                    % {"where": where(number + 1), "max": limits.max_cell_chars}
                ) from None
            if "NUL" in message:
                raise SpreadsheetError(
                    _("%(where)s有空字符（NUL）：这不像是文本 CSV 文件。")
                    % {"where": where(number + 1)}
                ) from None
            raise SpreadsheetError(
                _("%(where)s无法按 CSV 读取：%(reason)s")
                % {"where": where(number + 1), "reason": message}
            ) from None
        number += 1
        if len(cells) > limits.max_columns:
            # Trailing empty cells (",,,," from a spreadsheet) do not count.
            while len(cells) > limits.max_columns and _blank(cells[-1]):
                cells.pop()
        collector.add(number, cells)
    return collector.dataset()


# ---------------------------------------------------------------------------------------------
# XLSX: the zip, then its parts as streams of XML events


_LOCAL_NAMES: dict[str, str] = {}


def _local(tag: str) -> str:
    """The tag without its namespace. Memoised: a sheet repeats a handful of tags millions of
    times (bounded, as a hostile file may invent tags)."""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        local = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = local
    return local


def _attr(attrib: dict, name: str):
    """An attribute by its local name, whatever its namespace (strict or transitional OOXML)."""
    if name in attrib:
        return attrib[name]
    for key, value in attrib.items():
        if _local(key) == name:
            return value
    return None


class _Target:
    """Base of the XML targets: refuses a document type declaration (and so any entity)."""

    def doctype(self, name, pubid, system):
        raise SpreadsheetError(
            _("XLSX 文件里有 XML 文档类型声明（DOCTYPE），出于安全原因不能读取。")
        )

    def start(self, tag, attrib):
        pass

    def end(self, tag):
        pass

    def data(self, text):
        pass

    def close(self):
        return None


class XlsxReader:
    def __init__(self, data: bytes, limits: ImportLimits, deadline: Deadline):
        self.limits, self.deadline = limits, deadline
        if not data.startswith(b"PK"):
            if data.startswith(b"\xd0\xcf\x11\xe0"):
                raise SpreadsheetError(
                    _(
                        "这是旧版 Excel（.xls）或加密的文件。请在 Excel 中另存为 .xlsx 或 CSV 后再导入。"
                    )
                )
            raise SpreadsheetError(_("这不是有效的 XLSX 文件（XLSX 是一个 zip 压缩包）。"))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise SpreadsheetError(_("这不是有效的 XLSX 文件（zip 压缩包已损坏）。")) from None
        self.names = {info.filename: info for info in infos}
        self._check_sizes(infos)

    def _check_sizes(self, infos) -> None:
        """Before anything is decompressed. The sizes are the zip's own declarations, and they
        hold: Python's zipfile stops at a part's declared size (and then fails its CRC)."""
        total = sum(info.file_size for info in infos)
        if total > self.limits.max_unpacked_bytes:
            raise SpreadsheetError(
                _(
                    "XLSX 文件解压后有 %(size).0f MB，超过 %(max).0f MB 的上限。"
                    "请分成几个文件导入，或删除不需要的工作表和格式。"
                )
                % {"size": total / 1024 / 1024, "max": self.limits.max_unpacked_bytes / 1024 / 1024}
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            # Small parts may compress as they like; a spreadsheet's big parts compress ~10-20x.
            if info.file_size > 1024 * 1024 and ratio > self.limits.max_compression_ratio:
                raise SpreadsheetError(
                    _(
                        "XLSX 文件里的“%(part)s”压缩了 %(ratio)d 倍，超过 %(max)d 倍的上限："
                        "这不像正常的表格（可能是“压缩炸弹”），没有读取。"
                    )
                    % {
                        "part": info.filename[:80],
                        "ratio": ratio,
                        "max": self.limits.max_compression_ratio,
                    }
                )

    # -- parts

    def _part(self, name: str) -> str | None:
        name = name.lstrip("/")
        if name in self.names:
            return name
        lowered = {n.lower(): n for n in self.names}
        return lowered.get(name.lower())

    def _parse(self, name: str, target: _Target) -> None:
        parser = ET.XMLParser(target=target)
        try:
            with self.zip.open(name) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.feed(chunk)
                    self.deadline.check()
            parser.close()
        except ET.ParseError as exc:
            raise SpreadsheetError(
                _("XLSX 文件里的“%(part)s”不是有效的 XML（%(reason)s）。")
                % {"part": name[:80], "reason": str(exc)[:120]}
            ) from None
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            raise SpreadsheetError(
                _("XLSX 文件里的“%(part)s”无法解压（文件损坏、加密或压缩方式不支持）。")
                % {"part": name[:80]}
            ) from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (type, part name) for the relationships of ``part``."""
        folder, base = posixpath.split(part)
        rels_name = self._part(posixpath.join(folder, "_rels", base + ".rels"))
        found: dict[str, tuple[str, str]] = {}
        if rels_name is None:
            return found
        limit = 10_000

        class Rels(_Target):
            def start(self, tag, attrib):
                if _local(tag) == "Relationship":
                    if len(found) >= limit:
                        raise SpreadsheetError(_("XLSX 文件的结构不正常（关系过多）。"))
                    target = attrib.get("Target") or ""
                    if attrib.get("TargetMode") == "External":
                        return
                    path = (
                        target.lstrip("/")
                        if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target))
                    )
                    found[attrib.get("Id") or ""] = (attrib.get("Type") or "", path)

        self._parse(rels_name, Rels())
        return found

    def read(self) -> tablib.Dataset:
        root = self._relationships("")
        workbook = next(
            (path for kind, path in root.values() if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        workbook = self._part(workbook)
        if workbook is None:
            raise SpreadsheetError(_("这不是有效的 XLSX 文件（找不到工作簿）。"))
        sheets, active, date1904 = self._workbook(workbook)
        rels = self._relationships(workbook)
        if not sheets:
            raise SpreadsheetError(_("XLSX 文件里没有工作表。"))
        rid = sheets[active] if 0 <= active < len(sheets) else sheets[0]
        sheet = self._part(rels.get(rid, ("", ""))[1])
        if sheet is None:
            raise SpreadsheetError(_("这不是有效的 XLSX 文件（找不到工作表）。"))
        shared = None
        styles = None
        for kind, path in rels.values():
            if kind.endswith("/sharedStrings"):
                shared = self._part(path)
            elif kind.endswith("/styles"):
                styles = self._part(path)
        date_styles = self._date_styles(styles) if styles else set()
        strings = self._shared_strings(shared) if shared else []
        collector = RowCollector(self.limits, self.deadline)
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self._parse(sheet, _SheetTarget(collector, strings, date_styles, epoch, self.limits))
        return collector.dataset()

    def _workbook(self, name: str) -> tuple[list[str], int, bool]:
        sheets: list[str] = []
        state = {"active": 0, "date1904": False}

        class Workbook(_Target):
            def start(self, tag, attrib):
                local = _local(tag)
                if local == "sheet":
                    if len(sheets) >= 1000:
                        raise SpreadsheetError(_("XLSX 文件的工作表太多。"))
                    sheets.append(_attr(attrib, "id") or "")
                elif local == "workbookView" and "activeTab" in attrib:
                    with contextlib.suppress(ValueError):
                        state["active"] = int(attrib["activeTab"])
                elif local == "workbookPr":
                    state["date1904"] = attrib.get("date1904", "").lower() in {"1", "true"}

        self._parse(name, Workbook())
        return sheets, state["active"], state["date1904"]

    def _date_styles(self, name: str) -> set[int]:
        """Indexes of the cell styles whose number format is a date (Excel stores dates as
        numbers formatted as dates). Built-in ids 14-22 and 45-47 are dates everywhere; 27-36 and
        50-58 are the East Asian built-in date formats (2023年1月1日) of Chinese Excel."""
        formats: dict[int, str] = {}
        xfs: list[int] = []
        state = {"in_xfs": False}
        limit = 100_000

        class Styles(_Target):
            def start(self, tag, attrib):
                local = _local(tag)
                if local == "numFmt":
                    with contextlib.suppress(ValueError):
                        formats[int(attrib.get("numFmtId", ""))] = attrib.get("formatCode", "")
                    if len(formats) > limit:
                        raise SpreadsheetError(_("XLSX 文件的格式太多。"))
                elif local == "cellXfs":
                    state["in_xfs"] = True
                elif local == "xf" and state["in_xfs"]:
                    if len(xfs) >= limit:
                        raise SpreadsheetError(_("XLSX 文件的格式太多。"))
                    try:
                        xfs.append(int(attrib.get("numFmtId", "0")))
                    except ValueError:
                        xfs.append(0)

            def end(self, tag):
                if _local(tag) == "cellXfs":
                    state["in_xfs"] = False

        self._parse(name, Styles())
        east_asian = set(range(27, 37)) | set(range(50, 59))
        builtin = set(range(14, 23)) | {45, 46, 47} | east_asian
        date_styles = set()
        for index, format_id in enumerate(xfs):
            code = formats.get(format_id, BUILTIN_FORMATS.get(format_id, ""))
            if format_id in builtin or (code and is_date_format(code)):
                date_styles.add(index)
        return date_styles

    def _shared_strings(self, name: str) -> list:
        """Every shared string, each at most one cell long (a longer one is kept as its length,
        refused only if a cell uses it). Their number is bounded by the cells a sheet may hold."""
        limits = self.limits
        strings: list = []
        limit = (limits.max_rows + 1) * limits.max_columns
        state = {"depth_rph": 0, "in_t": False, "parts": [], "length": 0}

        class Shared(_Target):
            def start(self, tag, attrib):
                local = _local(tag)
                if local == "si":
                    state["parts"], state["length"] = [], 0
                elif local == "rPh":
                    state["depth_rph"] += 1
                elif local == "t" and not state["depth_rph"]:
                    state["in_t"] = True

            def data(self, text):
                if state["in_t"]:
                    state["length"] += len(text)
                    if state["length"] <= limits.max_cell_chars:
                        state["parts"].append(text)

            def end(self, tag):
                local = _local(tag)
                if local == "t":
                    state["in_t"] = False
                elif local == "rPh":
                    state["depth_rph"] -= 1
                elif local == "si":
                    if len(strings) >= limit:
                        raise SpreadsheetError(
                            _("XLSX 文件的共享字符串太多（超过 %(max)d 个）。") % {"max": limit}
                        )
                    length = state["length"]
                    strings.append(
                        "".join(state["parts"]) if length <= limits.max_cell_chars else length
                    )
                    state["parts"] = []

        self._parse(name, Shared())
        return strings


_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


_COLUMNS: dict[str, int] = {}


def _column_number(letters: str) -> int:
    number = _COLUMNS.get(letters)
    if number is None:
        number = 0
        for char in letters.upper():
            number = number * 26 + ord(char) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = number
    return number


class _SheetTarget(_Target):
    """One sheet's rows, cell by cell, into a RowCollector. Keeps only the current row."""

    def __init__(self, collector: RowCollector, strings, date_styles, epoch, limits):
        self.collector, self.strings, self.date_styles, self.epoch = (
            collector,
            strings,
            date_styles,
            epoch,
        )
        self.limits = limits
        self.row_number = 0
        self.cells: dict[int, object] | None = None
        self.column = 0
        self.in_cell = self.in_inline = False
        self.capture = False
        self.rph = 0
        self.parts: list[str] = []
        self.length = 0
        self.type = "n"
        self.style = 0
        self.events = 0

    def start(self, tag, attrib):
        local = _local(tag)
        if local == "row":
            self._start_row(attrib.get("r"))
        elif local == "c":
            if self.cells is None:
                self._start_row(None)
            self._start_cell(attrib)
        elif self.in_cell:
            if local == "v":
                self.capture = True
            elif local == "is":
                self.in_inline = True
            elif local == "rPh":
                self.rph += 1
            elif local == "t" and self.in_inline and not self.rph:
                self.capture = True

    def data(self, text):
        if self.capture:
            self.length += len(text)
            if self.length <= self.limits.max_cell_chars:
                self.parts.append(text)

    def end(self, tag):
        local = _local(tag)
        self.events += 1
        if self.events % 10_000 == 0:
            self.collector.deadline.check()
        if local in {"v", "t"}:
            self.capture = False
        elif local == "rPh":
            self.rph -= 1
        elif local == "is":
            self.in_inline = False
        elif local == "c" and self.in_cell:
            self._end_cell()
        elif local == "row" and self.cells is not None:
            self._end_row()

    def _start_row(self, ref):
        if ref:
            try:
                number = int(ref)
            except ValueError:
                raise SpreadsheetError(
                    _("XLSX 工作表里有无效的行号“%(ref)s”。") % {"ref": ref[:20]}
                ) from None
        else:
            number = self.row_number + 1
        if not 1 <= number <= MAX_SHEET_ROW:
            raise SpreadsheetError(_("XLSX 工作表里有无效的行号“%(ref)s”。") % {"ref": str(number)})
        # Rows a sheet leaves out are blank rows; the collector counts them against the limit.
        if number > self.row_number + 1:
            self.collector.add_blank_rows(number - self.row_number - 1)
        self.row_number = number
        self.cells = {}
        self.column = 0

    def _start_cell(self, attrib):
        ref = attrib.get("r")
        if ref:
            match = _CELL_REF.match(ref)
            if not match:
                raise SpreadsheetError(
                    _("%(where)s有无效的单元格位置“%(ref)s”。")
                    % {"where": where(self.row_number), "ref": ref[:20]}
                )
            column = _column_number(match.group(1))
        else:
            column = self.column + 1
        if column > MAX_SHEET_COLUMN:
            raise SpreadsheetError(
                _("%(where)s有超出 XFD 列的单元格。") % {"where": where(self.row_number)}
            )
        self.column = column
        self.type = attrib.get("t", "n")
        try:
            self.style = int(attrib.get("s", 0))
        except ValueError:
            self.style = 0
        self.in_cell, self.in_inline, self.capture, self.rph = True, False, False, 0
        self.parts, self.length = [], 0

    def _end_cell(self):
        self.in_cell = False
        column = self.column
        if self.length > self.limits.max_cell_chars:
            raise self.collector.cell_too_long(self.row_number, column, self.length)
        text = "".join(self.parts)
        self.parts = []
        value = self._value(text)
        if _blank(value):
            return
        if column > self.limits.max_columns:
            raise self.collector.too_many_columns(self.row_number, column)
        self.cells[column] = value

    def _value(self, text: str):
        kind = self.type
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "s":
            try:
                value = self.strings[int(text)]
            except (ValueError, IndexError):
                raise SpreadsheetError(
                    _("%(where)s引用了不存在的共享字符串。")
                    % {"where": where(self.row_number, self.column)}
                ) from None
            if isinstance(value, int):  # longer than a cell may be (see _shared_strings)
                raise self.collector.cell_too_long(self.row_number, self.column, value)
            return value
        if kind in {"str", "e"}:
            return text
        if kind == "b":
            return text.strip() in {"1", "true"}
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip().rstrip("Z"))
            except ValueError:
                return text
        # A number; a date when its style's number format is a date.
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            return text
        if not number.is_finite():
            return text
        if self.style in self.date_styles:
            try:
                return from_excel(float(number), self.epoch)
            except (OverflowError, ValueError):
                return text
        if number == number.to_integral_value() and "E" not in text.upper() and "." not in text:
            return int(number)
        return number

    def _end_row(self):
        cells = self.cells or {}
        self.cells = None
        width = max(cells, default=0)
        self.collector.add(self.row_number, [cells.get(i) for i in range(1, width + 1)])


def read_xlsx(data: bytes, limits: ImportLimits, deadline: Deadline) -> tablib.Dataset:
    return XlsxReader(data, limits, deadline).read()


def read_spreadsheet(data: bytes, fmt: str, deadline: Deadline | None = None) -> tablib.Dataset:
    """``fmt``: "csv" or "xlsx". A zip is read as XLSX whichever was chosen."""
    limits = import_limits()
    deadline = deadline or Deadline(limits.max_seconds)
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            _("文件有 %(size).1f MB，超过上限 %(max).1f MB；请分成几个文件导入。")
            % {"size": len(data) / 1e6, "max": limits.max_bytes / 1e6}
        )
    if fmt == "xlsx" or data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, limits, deadline)
    return read_csv(data, limits, deadline)


# ---------------------------------------------------------------------------------------------
# The formats the admin offers, in place of django-import-export's CSV and XLSX readers


class CSVFormat(base_formats.CSV):
    """CSV read by read_csv(): bytes in (the encoding is detected), limits enforced."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return read_spreadsheet(in_stream, "csv", kwargs.get("deadline"))


class XLSXFormat(base_formats.XLSX):
    """XLSX read by read_xlsx(): streamed, never loaded whole, limits enforced."""

    def create_dataset(self, in_stream, **kwargs):
        return read_spreadsheet(in_stream, "xlsx", kwargs.get("deadline"))


# ---------------------------------------------------------------------------------------------
# Where a preview waits for its confirmation: a cache every app server reaches (Redis in
# production; IMPORT_PREVIEW_CACHE names another of CACHES, e.g. a file-based one on a single
# server whose workers share no local memory)

PREVIEW_KEY = re.compile(r"\A[A-Za-z0-9_-]{32,64}\Z")


def preview_cache():
    return caches[getattr(settings, "IMPORT_PREVIEW_CACHE", "default")]


class PreviewStorage(CacheStorage):
    """django-import-export's temporary storage, in Django's cache under a random key.

    The confirm form names the key; a name that is not such a key (a path, ``../x``) names
    nothing, so a forged form can neither read nor remove any file. Entries expire after
    ``IMPORT_PREVIEW_SECONDS``; ``remove()`` says whether this call removed it, so of two
    confirmations of one preview exactly one goes ahead.
    """

    CACHE_PREFIX = "bjdigital-import-preview:"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        name = self.name
        self.name = name if isinstance(name, str) and PREVIEW_KEY.match(name) else None
        self.CACHE_LIFETIME = import_limits().preview_seconds

    @property
    def key(self) -> str:
        return self.CACHE_PREFIX + (self.name or "")

    def save(self, data):
        if self.name is None:
            self.name = secrets.token_urlsafe(32)
        preview_cache().set(self.key, data, self.CACHE_LIFETIME)

    def read(self):
        return None if self.name is None else preview_cache().get(self.key)

    def remove(self) -> bool:
        return self.name is not None and bool(preview_cache().delete(self.key))
