"""Print the candidate figures the extractor finds in a report file.

    manage.py extract_figures PATH [--source SLUG] [--format csv|json]

CSV columns: region, indicator, period_start, period_end, granularity, value, unit, qualifier,
kind, quote, start, end — value in unit; qualifier and kind as the downloads' codes; start and
end the quote's character offsets into the file's text (for a quote with "…", from its first
part to its last); region and indicator as slugs, empty when unknown. With --source, the
source's date, language and title inform periods ("目前" is its date); without, a date written
at the top of the file, or today. Exit 0 with the candidates (perhaps none); exit 2, with a
one-line reason, when the file cannot be read.
"""

import csv
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.formatting import plain_number
from ingestion.extraction.engine import DocumentContext, extract
from ingestion.extraction.layout import is_english
from ingestion.extraction.vocabulary import Vocabulary
from ingestion.readers import ReadError, read_document
from ingestion.services import guess_date
from sources.models import Source

COLUMNS = [
    "region",
    "indicator",
    "period_start",
    "period_end",
    "granularity",
    "value",
    "unit",
    "qualifier",
    "kind",
    "quote",
    "start",
    "end",
]


class Command(BaseCommand):
    help = "Print the candidate figures found in a report (TXT, Markdown, HTML, DOCX, PDF)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", help="the source's slug: its date, language and title")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, path: Path, source=None, format="csv", **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"cannot read {path}: {error.strerror or error}", returncode=2
            ) from None
        try:
            document = read_document(data, path.name)
        except ReadError as error:
            raise CommandError(f"cannot read {path}: {error}", returncode=2) from None
        context = self._context(document.text, source, path)
        candidates = extract(document.text, context, Vocabulary.from_database())
        out = self.stdout
        if format == "json":
            out.write(json.dumps([c.as_dict() for c in candidates], ensure_ascii=False, indent=2))
            return
        writer = csv.writer(_Lines(out), lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in candidates:
            writer.writerow(
                [
                    c.region or "",
                    c.indicator or "",
                    c.period_start.isoformat(),
                    c.period_end.isoformat(),
                    c.granularity,
                    plain_number(c.value),
                    c.unit,
                    c.qualifier,
                    c.kind,
                    c.quote,
                    c.start,
                    c.end,
                ]
            )

    def _context(self, text: str, slug: str | None, path: Path) -> DocumentContext:
        if slug:
            found = Source.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"no source with the slug {slug!r}")
            return DocumentContext(found.published, found.language, found.title)
        first_line = next(
            (line.strip("# ").strip() for line in text.splitlines() if line.strip()), ""
        )
        return DocumentContext(
            published=guess_date(text) or dt.date.today(),
            language="en" if is_english(text) else "zh",
            title=first_line[:200],
        )


class _Lines:
    """csv.writer into a management command's OutputWrapper (which adds no newlines here)."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str):
        self.out.write(text, ending="")
