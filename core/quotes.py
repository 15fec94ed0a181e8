"""Checking that every quote occurs verbatim in the text of its source document.

Normalisation, exactly: every Unicode whitespace character (spaces, tabs, line breaks, the
ideographic space U+3000) is deleted from both the quote and the document before comparing.
Nothing else is changed: punctuation, full- and half-width forms, OCR typos (人驻 for 入驻) and
letter case must match as they are. Report 002 is OCR'd from a PDF and breaks sentences with
stray spaces and line breaks (“智 能制造”), which is why whitespace cannot count.

One convention: “…” in a quote marks an elision, for a sentence the OCR split around a figure
caption. Each part must then occur in the document, in order, within 400 characters of the
previous part.

Beyond the words themselves, a record may name words its quote must contain for what the record
claims: a featured industry labelled 主导产业 (leading) must be quoted saying 主导, one labelled
未来产业 (future) saying 未来 (``required_quote_words()``, districts/models.py). A record whose
quote lacks such a word fails like a quote that is not found.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from core.registry import cited_models

_WHITESPACE = re.compile(r"\s+")
ELLIPSIS = "…"
MAX_GAP = 400


def normalize(text: str) -> str:
    return _WHITESPACE.sub("", text)


def occurs_in(quote: str, document: str) -> bool:
    """Does ``quote`` occur in ``document``, whitespace aside (and elisions allowed)?"""
    parts = [part for part in (normalize(p) for p in quote.split(ELLIPSIS)) if part]
    if not parts:
        return False
    doc = normalize(document)
    first, rest = parts[0], parts[1:]
    position = doc.find(first)
    while position >= 0:
        if _follow(doc, rest, position + len(first)):
            return True
        position = doc.find(first, position + 1)
    return False


def _follow(doc: str, parts: list[str], start: int) -> bool:
    for part in parts:
        found = doc.find(part, start, start + MAX_GAP + len(part))
        if found < 0:
            return False
        start = found + len(part)
    return True


@dataclass(frozen=True)
class QuoteProblem:
    label: str
    source: str
    quote: str
    reason: str

    def __str__(self):
        return f"{self.label} [{self.source}]: {self.reason}: {self.quote!r}"


def cited_records():
    """Every record that carries a quote (core/registry.py), with the source it cites."""
    for model in cited_models():
        related = [f.name for f in model._meta.get_fields() if f.many_to_one and f.concrete]
        yield from model._default_manager.select_related(*related)


def stored_text(source) -> str | None:
    """A source's text stored in the database, if an app keeps one.

    Apps offer stored texts through their AppConfig's ``source_text(source)`` (the ingestion app
    keeps every uploaded or pasted report), so the kernel needs to import none of them.
    """
    for config in apps.get_app_configs():
        getter = getattr(config, "source_text", None)
        if getter is not None:
            text = getter(source)
            if text:
                return text
    return None


def check_quotes(directory: Path | None = None, records=None) -> tuple[int, list[QuoteProblem]]:
    """Check each record's quote against its source's text: the text stored in the database
    when there is one, else the source's file in ``directory``.

    Returns the number of quotes examined and the problems found among them.
    """
    directory = Path(directory) if directory is not None else None
    documents: dict[int, str | None] = {}
    problems: list[QuoteProblem] = []
    checked = 0
    for record in cited_records() if records is None else records:
        checked += 1
        source = record.source
        label = f"{record._meta.verbose_name}: {record}"
        if source.pk not in documents:
            documents[source.pk] = stored_text(source) or _file_text(source, directory)
        document = documents[source.pk]
        if document is None:
            where = (
                f"file {source.file_name} not found in {directory}"
                if source.file_name and directory
                else "the source names no text file and has no stored text"
            )
            problems.append(QuoteProblem(label, source.slug, record.quote, where))
            continue
        if not occurs_in(record.quote, document):
            problems.append(QuoteProblem(label, source.slug, record.quote, "not found verbatim"))
        problems.extend(_missing_words(record, label))
    return checked, problems


def _file_text(source, directory: Path | None) -> str | None:
    if directory is None or not source.file_name:
        return None
    path = directory / source.file_name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _missing_words(record, label: str) -> list[QuoteProblem]:
    """The words a record's claim needs that its quote does not contain (whitespace aside)."""
    required = getattr(record, "required_quote_words", None)
    if required is None:
        return []
    quote = normalize(record.quote)
    return [
        QuoteProblem(
            label,
            record.source.slug,
            record.quote,
            f"its role needs the word {word!r} in the quote",
        )
        for word in required()
        if word not in quote
    ]
