"""A report's text from whatever the editor uploads: TXT, Markdown, HTML, DOCX, PDF.

Every refusal is a ``ReadError`` with a message an editor understands (nothing is stored, never
a 500): an empty file, one over the size limit, an image-only PDF (no text layer: OCR it
first), an encrypted PDF, a DOCX whose parts unpack to more than the limit (a zip bomb), text
in an encoding other than UTF-8, UTF-16 (with or without BOM) or GB18030/GBK, a binary file.

Limits are settings, read when a file is read (so an operator, or a test, may change them):

    INGESTION_MAX_UPLOAD_BYTES     20 MB     the uploaded file
    INGESTION_MAX_TEXT_CHARS       2,000,000 characters of extracted text
    INGESTION_MAX_PDF_PAGES        500       pages of a PDF
    INGESTION_MAX_UNPACKED_BYTES   100 MB    all parts of a DOCX, unpacked
    INGESTION_MAX_ZIP_ENTRIES      2,000     parts of a DOCX
"""

import codecs
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from ingestion.models import FileType

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 500
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def limit(name: str) -> int:
    """A limit: the setting INGESTION_<NAME> if set, else this module's constant."""
    return int(getattr(settings, f"INGESTION_{name}", globals()[name]))


class ReadError(Exception):
    """The file cannot be read as a report; the message says why, for the editor."""


@dataclass(frozen=True)
class ReadDocument:
    text: str
    file_type: str
    encoding: str
    sha256: str
    size: int


def read_document(data: bytes, file_name: str = "") -> ReadDocument:
    """The text of an uploaded file, or ReadError."""
    size = len(data)
    if size > limit("MAX_UPLOAD_BYTES"):
        raise ReadError(
            _("文件有 %(size).1f MB，超过上限 %(max).1f MB。")
            % {"size": size / 1e6, "max": limit("MAX_UPLOAD_BYTES") / 1e6}
        )
    if not data.strip():
        raise ReadError(_("文件是空的。"))
    file_type = detect_type(data, file_name)
    encoding = ""
    if file_type == FileType.PDF:
        text = _pdf_text(data)
    elif file_type == FileType.DOCX:
        text = _docx_text(data)
    else:
        raw, encoding = decode_text(data)
        text = _html_text(raw) if file_type == FileType.HTML else raw
    text = clean_text(text)
    if not text.strip():
        raise ReadError(_("文件里没有文字。"))
    if len(text) > limit("MAX_TEXT_CHARS"):
        raise ReadError(
            _("文本有 %(chars)s 个字符，超过上限 %(max)s。")
            % {"chars": f"{len(text):,}", "max": f"{limit('MAX_TEXT_CHARS'):,}"}
        )
    return ReadDocument(text, file_type, encoding, hashlib.sha256(data).hexdigest(), size)


def read_pasted(text: str) -> ReadDocument:
    text = clean_text(text or "")
    if not text.strip():
        raise ReadError(_("没有粘贴任何文字。"))
    if len(text) > limit("MAX_TEXT_CHARS"):
        raise ReadError(
            _("文本有 %(chars)s 个字符，超过上限 %(max)s。")
            % {"chars": f"{len(text):,}", "max": f"{limit('MAX_TEXT_CHARS'):,}"}
        )
    data = text.encode("utf-8")
    return ReadDocument(text, FileType.PASTED, "utf-8", hashlib.sha256(data).hexdigest(), len(data))


def detect_type(data: bytes, file_name: str) -> str:
    """By content first (a PDF or a ZIP says so in its first bytes), then by name."""
    name = (file_name or "").lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"PK\x03\x04"):
        if name.endswith(".docx") or b"word/" in data[:4096] or b"[Content_Types]" in data[:4096]:
            return FileType.DOCX
        raise ReadError(_("这是一个压缩文件，不是 DOCX 文档。"))
    if name.endswith(".pdf"):
        raise ReadError(_("文件名是 .pdf，但内容不是 PDF。"))
    if name.endswith(".docx"):
        raise ReadError(_("文件名是 .docx，但内容不是 Word 文档。"))
    if name.endswith(".doc") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(_("旧版 Word（.doc）文件无法读取；请另存为 .docx 或 PDF 后上传。"))
    if name.endswith((".html", ".htm")) or re.match(rb"(?i)(<!doctype html|<html)", head):
        return FileType.HTML
    if name.endswith((".md", ".markdown")):
        return FileType.MARKDOWN
    return FileType.TEXT


def decode_text(data: bytes) -> tuple[str, str]:
    """Bytes as text: a BOM decides (UTF-8, UTF-16); else UTF-8; else UTF-16 without a BOM
    (every other byte zero); else GB18030 (which includes GBK and GB2312)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(
                    _("文件以 %(enc)s 标记开头，却不是有效的该编码文字。") % {"enc": encoding}
                ) from None
    try:
        return _text_only(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # No BOM and not UTF-8: UTF-16 (either byte order) or GB18030, whichever reads as text.
    candidates = []
    for encoding in ("utf-16-le", "utf-16-be", "gb18030"):
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = _text_only(data.decode(encoding))
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), encoding, text))
    if b"\x00" in data[:4000] and not any(e.startswith("utf-16") for _, e, _ in candidates):
        raise ReadError(
            _("这不是文本文件（含二进制内容）；请上传 TXT、HTML、DOCX 或带文字层的 PDF。")
        )
    if candidates:
        score, encoding, text = max(candidates)
        if score > 0.9:
            return text, encoding
    raise ReadError(_("无法识别文字编码：请把文件存为 UTF-8（或 UTF-16、GBK/GB18030）后再上传。"))


_COMMON = re.compile(
    r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\s\u00a0-\u00ff]"
)


def _plausibility(text: str) -> float:
    """The share of characters a report is made of: common Chinese characters, Latin letters,
    digits, punctuation, spaces. Text decoded with the wrong encoding scores low."""
    sample = text[:5000]
    if not sample:
        return 0.0
    return len(_COMMON.findall(sample)) / len(sample)


def _text_only(text: str) -> str:
    controls = len(_CONTROL.findall(text[:20000]))
    if controls > max(10, len(text[:20000]) // 100):
        raise UnicodeDecodeError("text", b"", 0, 1, "binary content")
    return text


def clean_text(text: str) -> str:
    """Line ends as \\n, form feeds as paragraph breaks, no other control characters (they
    would be refused in a quote and break spreadsheet downloads)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", text)


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise ReadError(_("PDF 已加密（需要密码）；请上传未加密的文件。"))
        pages = reader.pages
        if len(pages) > limit("MAX_PDF_PAGES"):
            raise ReadError(
                _("PDF 有 %(pages)s 页，超过上限 %(max)s 页。")
                % {"pages": len(pages), "max": limit("MAX_PDF_PAGES")}
            )
        texts = [page.extract_text() or "" for page in pages]
    except ReadError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise ReadError(_("PDF 已加密（需要密码）；请上传未加密的文件。")) from None
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, OSError, RecursionError):
        raise ReadError(_("无法读取这个 PDF（文件可能已损坏）。")) from None
    text = "\n\n".join(t.strip() for t in texts)
    if len(re.sub(r"\s", "", text)) < 20:
        raise ReadError(
            _("这个 PDF 没有文字层（只有图片，如扫描件）：请先做文字识别（OCR），或上传文本版本。")
        )
    return text


# --- DOCX --------------------------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ReadError(_("无法读取这个 Word 文档（文件可能已损坏）。")) from None
    with archive:
        _check_unpacked_size(archive)
        if "word/document.xml" not in archive.namelist():
            raise ReadError(_("这个压缩包里没有 Word 正文（word/document.xml），不是 DOCX 文档。"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds (KeyError, XMLSyntaxError, ValueError…)
        raise ReadError(_("无法读取这个 Word 文档（文件可能已损坏）。")) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            lines.append("")
        elif tag == "tbl":
            lines.extend(_docx_table(child))
            lines.append("")
    return "\n".join(lines)


def _docx_table(table) -> list[str]:
    """A Word table as Markdown rows, which the extractor reads as a table."""
    rows = []
    for row in table.iter():
        if not row.tag.endswith("}tr"):
            continue
        cells = []
        for cell in row:
            if cell.tag.endswith("}tc"):
                text = "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                cells.append(text.replace("|", "/").strip())
        rows.append("| " + " | ".join(cells) + " |")
        if len(rows) == 1:
            rows.append("|" + "---|" * len(cells))
    return rows


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb: too many parts, or parts that unpack past the limit. The sizes the
    archive declares are checked first, then the parts are really unpacked (in pieces, and
    stopped at the limit), since a crafted archive may lie about them."""
    entries = archive.infolist()
    if len(entries) > limit("MAX_ZIP_ENTRIES"):
        raise ReadError(_("这个 Word 文档包含的部件过多，无法安全读取。"))
    maximum = limit("MAX_UNPACKED_BYTES")
    bomb = _("这个 Word 文档解压后超过 %(max)d MB（可能是“压缩炸弹”），无法安全读取。") % {
        "max": maximum // (1024 * 1024)
    }
    if sum(e.file_size for e in entries) > maximum:
        raise ReadError(bomb)
    total = 0
    try:
        for entry in entries:
            with archive.open(entry) as part:
                while chunk := part.read(1024 * 1024):
                    total += len(chunk)
                    if total > maximum:
                        raise ReadError(bomb)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        raise ReadError(_("无法读取这个 Word 文档（文件可能已损坏或加密）。")) from None


# --- HTML --------------------------------------------------------------------------------------

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "figcaption",
}
_SKIP = {"script", "style", "noscript", "template", "head", "nav", "svg"}


class _TextParser(HTMLParser):
    """Visible text of an HTML page, blocks on their own lines, tables as Markdown rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.rows_in_table = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "table":
            self.rows_in_table = 0
            self.out.append("\n\n")
        elif tag in _BLOCKS:
            self.out.append("\n\n" if tag != "br" else "\n")
        if tag in ("h1", "h2", "h3"):
            self.out.append("#" * int(tag[1]) + " ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()).replace("|", "/"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.out.append("| " + " | ".join(self.row) + " |\n")
            self.rows_in_table += 1
            if self.rows_in_table == 1:
                self.out.append("|" + "---|" * len(self.row) + "\n")
            self.row = None
        elif tag in _BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data):
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            self.out.append(data)


def _html_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        raise ReadError(_("无法解析这个 HTML 文件。")) from None
    text = "".join(parser.out)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
