"""Citations: the original source first, then "compiled by bjdigital, release N".

For a figure, the source of its shown statement; for a page, the sources the page cites. Each is
written as BibTeX, RIS or CSL-JSON: one entry per original source (its note saying where and in
which release bjdigital compiled it), then one entry for bjdigital's compilation itself.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.utils import timezone

from sources.models import DatePrecision, Source, SourceKind

FORMATS = {
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
    "csl-json": ("json", "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
SUFFIXES = {suffix: name for name, (suffix, _type) in FORMATS.items()}
PROJECT = "bjdigital"
PROJECT_TITLE = "Beijing digital economy: one district, one brand (北京数字经济一区一品)"


@dataclass
class Compilation:
    """Where bjdigital compiled what is cited: the page or figure, and the release."""

    title: str
    url: str
    release: int | None
    edited_since: bool = False
    release_url: str = ""
    quote: str = ""

    @property
    def words(self) -> str:
        if self.release is None:
            where = f"compiled by {PROJECT} (no numbered release yet)"
        else:
            where = f"compiled by {PROJECT}, release {self.release}"
            if self.edited_since:
                where += " (with edits since)"
        return f"{where}, {self.url}"


def accessed() -> dt.date:
    return timezone.localdate()


def citation_text(source: Source, compilation: Compilation) -> str:
    """A plain-text reference: the original source first, then bjdigital's compilation."""
    title = source.title + (f" [{source.title_en}]" if source.title_en else "")
    url = f" {source.url}." if source.url else ""
    return (
        f"{source.publisher} ({source.published_label}). {title}.{url} "
        f"{compilation.words[0].upper()}{compilation.words[1:]}. "
        f"Accessed {accessed().isoformat()}."
    )


# --- BibTeX -------------------------------------------------------------------------------------

_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#_$~^])")


def _tex(text: str) -> str:
    """Text safe inside a BibTeX field's braces."""
    return _BIBTEX_SPECIAL.sub(lambda m: _TEX[m.group(1)], text or "")


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines)


def _month(source: Source) -> str:
    if source.published_precision == DatePrecision.YEAR:
        return ""
    return source.published.strftime("%b").lower()


def _compilation_fields(compilation: Compilation) -> tuple[str, str]:
    key = f"{PROJECT}-release-{compilation.release}" if compilation.release else PROJECT
    title = PROJECT_TITLE + (f", release {compilation.release}" if compilation.release else "")
    return key, title


def bibtex(sources: list[Source], compilation: Compilation) -> str:
    entries = []
    for source in sources:
        kind = "techreport" if source.kind == SourceKind.RESEARCH_REPORT else "misc"
        note = f"{compilation.words[0].upper()}{compilation.words[1:]}"
        if compilation.quote:
            note += f". Quote: “{compilation.quote}”"
        fields = [
            ("author", "{" + _tex(source.publisher) + "}"),
            ("title", _tex(source.title)),
            ("titleaddon", _tex(source.title_en)),
            ("institution" if kind == "techreport" else "publisher", _tex(source.publisher)),
            ("year", str(source.published.year)),
            ("month", _month(source)),
            ("url", source.url),
            ("language", "chinese" if source.language == "zh" else "english"),
            ("note", _tex(note)),
            ("urldate", accessed().isoformat()),
        ]
        entries.append(_bibtex_entry(kind, source.slug, fields))
    key, title = _compilation_fields(compilation)
    entries.append(
        _bibtex_entry(
            "misc",
            key,
            [
                ("author", "{" + PROJECT + "}"),
                ("title", _tex(title)),
                ("version", str(compilation.release or "")),
                ("year", str(accessed().year)),
                ("url", compilation.release_url or compilation.url),
                ("note", _tex(f"Cited: {compilation.title}, {compilation.url}")),
                ("urldate", accessed().isoformat()),
            ],
        )
    )
    return "\n\n".join(entries) + "\n"


# --- RIS ----------------------------------------------------------------------------------------

_RIS_TYPES = {
    SourceKind.RESEARCH_REPORT: "RPRT",
    SourceKind.NEWS: "NEWS",
    SourceKind.PRESS_CONFERENCE: "GEN",
}


def _ris_record(fields: list[tuple[str, str]]) -> str:
    lines = [f"{tag}  - {value}" for tag, value in fields if value]
    return "\r\n".join([*lines, "ER  - "])


def _ris_date(source: Source) -> str:
    day = source.published
    if source.published_precision == DatePrecision.YEAR:
        return f"{day.year}///"
    if source.published_precision == DatePrecision.MONTH:
        return f"{day.year}/{day.month:02d}//"
    return f"{day.year}/{day.month:02d}/{day.day:02d}/"


def _line(text: str) -> str:
    return " ".join((text or "").split())


def ris(sources: list[Source], compilation: Compilation) -> str:
    records = []
    note = _line(f"{compilation.words[0].upper()}{compilation.words[1:]}")
    if compilation.quote:
        note += _line(f". Quote: “{compilation.quote}”")
    for source in sources:
        records.append(
            _ris_record(
                [
                    ("TY", _RIS_TYPES.get(source.kind, "GEN")),
                    ("AU", _line(source.publisher)),
                    ("TI", _line(source.title)),
                    ("TT", _line(source.title_en)),
                    ("PB", _line(source.publisher)),
                    ("PY", str(source.published.year)),
                    ("DA", _ris_date(source)),
                    ("LA", "Chinese" if source.language == "zh" else "English"),
                    ("UR", source.url),
                    ("N1", note),
                    ("Y2", accessed().strftime("%Y/%m/%d")),
                ]
            )
        )
    _key, title = _compilation_fields(compilation)
    records.append(
        _ris_record(
            [
                ("TY", "DATA"),
                ("AU", PROJECT),
                ("TI", _line(title)),
                ("ET", str(compilation.release or "")),
                ("PY", str(accessed().year)),
                ("UR", compilation.release_url or compilation.url),
                ("N1", _line(f"Cited: {compilation.title}, {compilation.url}")),
                ("Y2", accessed().strftime("%Y/%m/%d")),
            ]
        )
    )
    return "\r\n".join(records) + "\r\n"


# --- CSL-JSON -----------------------------------------------------------------------------------

_CSL_TYPES = {
    SourceKind.RESEARCH_REPORT: "report",
    SourceKind.NEWS: "article-newspaper",
    SourceKind.PRESS_CONFERENCE: "speech",
}


def _date_parts(source: Source) -> list:
    day = source.published
    if source.published_precision == DatePrecision.YEAR:
        return [day.year]
    if source.published_precision == DatePrecision.MONTH:
        return [day.year, day.month]
    return [day.year, day.month, day.day]


def csl_items(sources: list[Source], compilation: Compilation) -> list[dict]:
    today = accessed()
    note = f"{compilation.words[0].upper()}{compilation.words[1:]}"
    if compilation.quote:
        note += f". Quote: “{compilation.quote}”"
    items = []
    for source in sources:
        item = {
            "id": source.slug,
            "type": _CSL_TYPES.get(source.kind, "document"),
            "title": source.title,
            "author": [{"literal": source.publisher}],
            "publisher": source.publisher,
            "issued": {"date-parts": [_date_parts(source)]},
            "language": "zh-CN" if source.language == "zh" else "en",
            "note": note,
            "accessed": {"date-parts": [[today.year, today.month, today.day]]},
        }
        if source.title_en:
            item["title-short"] = source.title_en
        if source.url:
            item["URL"] = source.url
        items.append(item)
    key, title = _compilation_fields(compilation)
    compiled = {
        "id": key,
        "type": "dataset",
        "title": title,
        "author": [{"literal": PROJECT}],
        "issued": {"date-parts": [[today.year]]},
        "URL": compilation.release_url or compilation.url,
        "note": f"Cited: {compilation.title}, {compilation.url}",
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
    }
    if compilation.release:
        compiled["version"] = str(compilation.release)
    items.append(compiled)
    return items


def csl_json(sources: list[Source], compilation: Compilation) -> str:
    return json.dumps(csl_items(sources, compilation), ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}
