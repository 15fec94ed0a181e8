"""A document's layout: paragraphs, headings, captions, tables and sentences, with offsets.

Reports arrive as plain text (whatever the file was). Two things make their layout hard:

- OCR (report 002) breaks sentences with stray spaces, line breaks and even blank lines
  ("门头沟、石\\n\\n景山"), and puts figure captions in the middle of a sentence. So whitespace
  next to a Chinese character is dropped (the *compact* text every pattern runs on, each
  character mapped back to its offset in the original), a paragraph that stops without closing
  punctuation continues in the next one, and captions ("图 3 …", "资料来源:…") are set aside.
- Markdown tables (| a | b |) hold figures too; they are kept as rows of cells.

Nothing here knows about figures: it only says where text is.
"""

import re
from dataclasses import dataclass, field

_CJK = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’、。，；：？！…—（）《》【】]"
)
_CAPTION = re.compile(
    r"^\s*(?:图|表|Figure|Table)\s*\d+|^\s*资料来源|^\s*(?:注|Note)[:：]"
    r"|^\s*(?:<sup>|[①-⑳]|\[\^?\d+\])"  # footnotes
)
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
_LIST_START = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]+[,，、]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+[、.]|\d+[、.．]|——|—|-\s|•|·|首先|其次|再次|最后|第[一二三四五六七八九十]+[,，、])"
)
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")


@dataclass
class Span:
    """Compact text with, for each of its characters, the offset in the original text."""

    text: str
    offsets: list[int]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of compact[start:end]."""
        if start >= end:
            position = self.offsets[start] if start < len(self.offsets) else self.offsets[-1] + 1
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class Block:
    """A paragraph, heading or table row of the document."""

    kind: str  # "paragraph", "heading", "caption", "table"
    span: Span
    parts: list[tuple[int, int]] = field(default_factory=list)  # original ranges it spans
    cells: list[Span] = field(default_factory=list)  # table rows: the cells
    is_list_item: bool = False
    table_index: int = -1  # rows of one table share it
    row_index: int = -1

    @property
    def text(self) -> str:
        return self.span.text


def compact(original: str, start: int, end: int) -> Span:
    """The text between start and end with whitespace dropped next to Chinese characters and
    runs of whitespace between Latin words kept as one space."""
    chars: list[str] = []
    offsets: list[int] = []
    i = start
    while i < end:
        char = original[i]
        if char.isspace():
            j = i
            while j < end and original[j].isspace():
                j += 1
            before = chars[-1] if chars else ""
            after = original[j] if j < end else ""
            if before and after and not _CJK.match(before) and not _CJK.match(after):
                chars.append(" ")
                offsets.append(i)
            i = j
            continue
        chars.append(char)
        offsets.append(i)
        i += 1
    return Span("".join(chars), offsets)


def _raw_paragraphs(text: str) -> list[tuple[int, int]]:
    """Each non-empty line, as a range; split_blocks() joins lines that continue a sentence."""
    ranges = []
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            ranges.append((position, position + len(line)))
        position += len(line)
    return ranges


def _looks_like_heading(span: Span, raw: str) -> bool:
    if _HEADING_MARK.match(raw):
        return True
    text = span.text.strip()
    if not text or len(text) > 60:
        return False
    if text[-1] in "。！？!?;；,，.":
        return False
    # A short line without closing punctuation or clauses: a title, a byline, a speaker.
    return not re.search(r"[。；;，,]", text) and ("\n" not in raw.strip())


def split_blocks(text: str) -> list[Block]:
    """The document's blocks in order, with OCR-broken paragraphs joined back together."""
    blocks: list[Block] = []
    table_index = -1
    in_table = False
    row = 0
    for start, end in _raw_paragraphs(text):
        raw = text[start:end]
        if _TABLE_LINE.match(raw):
            if _TABLE_RULE.match(raw):
                continue
            if not in_table:
                table_index += 1
                in_table, row = True, 0
            cells = _table_cells(text, start, end)
            block = Block("table", compact(text, start, end), [(start, end)], cells=cells)
            block.table_index, block.row_index = table_index, row
            row += 1
            blocks.append(block)
            continue
        in_table = False
        span = compact(text, start, end)
        if not span.text.strip():
            continue
        if _CAPTION.match(raw):
            blocks.append(Block("caption", span, [(start, end)]))
            continue
        previous = _open_paragraph(blocks)
        if (
            previous is not None
            and not _LIST_START.match(span.text)
            and not _HEADING_MARK.match(raw)
        ):
            # A line or the OCR broke a sentence: the previous paragraph did not end, this one
            # goes on (English lines wrapped by a PDF keep a space between them).
            joiner = Span(" ", [start]) if _latin_end(previous.span.text) else Span("", [])
            previous.span = Span(
                previous.span.text + joiner.text + span.text,
                previous.span.offsets + joiner.offsets + span.offsets,
            )
            previous.parts.append((start, end))
            continue
        if _looks_like_heading(span, raw):
            heading_mark = _HEADING_MARK.match(raw)
            heading = (
                compact(text, start + len(heading_mark.group(0)), end) if heading_mark else span
            )
            blocks.append(Block("heading", heading, [(start, end)]))
            continue
        block = Block("paragraph", span, [(start, end)])
        block.is_list_item = bool(_LIST_START.match(span.text))
        blocks.append(block)
    return blocks


def _open_paragraph(blocks: list[Block]) -> Block | None:
    """The last paragraph, if it stopped mid-sentence (only captions or nothing since)."""
    for block in reversed(blocks):
        if block.kind == "caption":
            continue
        if block.kind != "paragraph":
            return None
        last = block.span.text.rstrip()
        if re.search(r"(?:摄|供图|摄影)[)）]?$", last):
            return None  # a photo's caption: "新华社记者 张三 摄"
        if last and ("\u4e00" <= last[-1] <= "\u9fff" or last[-1] in "、,，" or _latin_end(last)):
            return block
        return None
    return None


def _latin_end(text: str) -> bool:
    return bool(text) and text[-1].isascii() and (text[-1].isalnum() or text[-1] in ",-")


def _table_cells(text: str, start: int, end: int) -> list[Span]:
    line = text[start:end]
    cells = []
    position = line.index("|") + 1
    while True:
        bar = line.find("|", position)
        if bar < 0:
            break
        cells.append(compact(text, start + position, start + bar))
        position = bar + 1
    return cells


@dataclass(frozen=True)
class Sentence:
    start: int  # compact offsets within the block
    end: int
    clauses: tuple[tuple[int, int], ...]


_ZH_BOUNDARY = re.compile(r"[。！？!?…]+[”’」』]?")
_EN_BOUNDARY = re.compile(r"(?:[.!?…]+[”’\"]?|;)(?=\s|$)")
_ZH_CLAUSE = re.compile(r"[,，;；:：]")
_EN_CLAUSE = re.compile(r"[,;:](?=\s)|\s[—–]\s?")


def sentences(text: str, english: bool = False) -> list[Sentence]:
    """Sentences of a compact paragraph, each with its clauses (split at commas, semicolons)."""
    boundary = _EN_BOUNDARY if english else _ZH_BOUNDARY
    splitter = _EN_CLAUSE if english else _ZH_CLAUSE
    cuts = [m.end() for m in boundary.finditer(text)]
    if not cuts or cuts[-1] < len(text):
        cuts.append(len(text))
    result = []
    start = 0
    for end in cuts:
        if text[start:end].strip():
            clauses = []
            clause_start = start
            for cut in splitter.finditer(text, start, end):
                clauses.append((clause_start, cut.start()))
                clause_start = cut.end()
            clauses.append((clause_start, end))
            result.append(Sentence(start, end, tuple(c for c in clauses if c[1] > c[0])))
        start = end
    return result


def is_english(text: str) -> bool:
    """Mostly Latin letters: an English report (003)."""
    sample = text[:5000]
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    return latin > 3 * cjk
