"""Citations on the pages: one citation's markup for every quoted record on the site (figures,
brands, featured industries, sites), each figure's own citation text with a "copy" button, and
the page's "How to cite" (the page, the data release, the access date; the original source first
when the page is about one source, as Our World in Data does).

The markup is built in Python: a figures page shows hundreds, and a template include per citation
cost more than the rest of the page (bench/benchmark.py). The API writes citations as BibTeX, RIS
and CSL-JSON (api/citations.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.bilingual import note_html


def citation_html(record, subject: str = "") -> SafeString:
    """The source's publisher and date as a disclosure, the verbatim quote, the record's note and
    a link to the source's page. Given a ``subject`` (a figure: where, what, value and period),
    also the figure's citation as text with a button that copies it; static/js/cite.js adds the
    page's address, release and access date from the page's "How to cite".

    Written with f-strings over escaped parts rather than ``format_html``: a page of figures
    builds hundreds (bench/benchmark.py); the markup is the same."""
    parts = _source_parts(record.source)
    quote = conditional_escape(record.quote)
    cite = ""
    if subject:
        text = conditional_escape(figure_citation_text(subject, record, parts.plain))
        cite = f'<p class="cite-figure"><span class="cite-text">{text}</span> {copy_button()}</p>'
    return mark_safe(  # noqa: S308  (every part escaped above or in _source_parts)
        f'<details class="citation"><summary>{parts.publisher} {parts.published}</summary>'
        f'<blockquote lang="{parts.lang}">{quote}</blockquote>{conditional_escape(note_html(record))}'
        f'<p class="source-link"><a href="{parts.url}">{parts.title}</a></p>{cite}</details>'
    )


@dataclass(frozen=True)
class _SourceParts:
    """What a citation shows of its source, escaped for HTML; ``plain`` unescaped (publisher,
    date, title) for the citation text."""

    publisher: str
    published: str
    lang: str
    url: str
    title: str
    plain: tuple[str, str, str]


# A page cites a handful of sources hundreds of times: what a citation shows of its source is
# worked out once per source, language and address prefix (keyed on the fields it is made of,
# so an edited source is a new key), not once per figure (bench/benchmark.py, profile pages).
_SOURCE_PARTS: dict[tuple, _SourceParts] = {}


def _source_parts(source) -> _SourceParts:
    key = (
        source.pk,
        source.slug,
        source.publisher,
        source.publisher_en,
        source.title,
        source.title_en,
        source.published,
        source.published_precision,
        source.language,
        get_language(),
        get_script_prefix(),
    )
    parts = _SOURCE_PARTS.get(key)
    if parts is None:
        if len(_SOURCE_PARTS) > 2000:
            _SOURCE_PARTS.clear()
        publisher, published, title = (
            str(source.publisher_name),
            str(source.published_label),
            str(source.display_title),
        )
        parts = _SOURCE_PARTS[key] = _SourceParts(
            publisher=conditional_escape(publisher),
            published=conditional_escape(published),
            lang="en" if source.language == "en" else "zh-Hans",
            url=conditional_escape(source.get_absolute_url()),
            title=conditional_escape(title),
            plain=(publisher, published, title),
        )
    return parts


_COPY_BUTTONS: dict[str, SafeString] = {}


def copy_button() -> SafeString:
    """Hidden until static/js/cite.js finds the Clipboard API; without it there is nothing to
    click, and the citation is there to select."""
    language = get_language() or ""
    button = _COPY_BUTTONS.get(language)
    if button is None:
        button = _COPY_BUTTONS[language] = format_html(
            '<button type="button" class="copy-cite" hidden>{}</button>', _("复制引用")
        )
    return button


def figure_citation_text(subject: str, record, parts: tuple[str, str, str] | None = None) -> str:
    """A figure's citation, the original source first: 海淀区 · 数字经济增加值：超3000亿元
    （2024年）。来源：北京市海淀区人民政府（2025-03）《…》，原文：“…”。 ``parts`` (publisher,
    date, title) when the caller has them already."""
    source = record.source
    publisher, date, title = parts or (
        source.publisher_name,
        source.published_label,
        source.display_title,
    )
    return _("%(subject)s。来源：%(publisher)s（%(date)s）《%(title)s》，原文：“%(quote)s”。") % {
        "subject": subject,
        "publisher": publisher,
        "date": date,
        "title": title,
        "quote": record.quote,
    }


@dataclass(frozen=True)
class PageCitation:
    """What a page's "How to cite" says: the original source (when every figure of the page
    comes from one), the page, the data release and the day it was read."""

    title: str
    address: str
    release: int | None
    release_date: dt.date | None = None
    edited_since: bool = False
    source: object = None  # a sources.Source
    accessed: dt.date | None = None

    @property
    def accessed_on(self) -> str:
        return (self.accessed or timezone.localdate()).isoformat()

    @property
    def release_words(self) -> str:
        if self.release is None:
            return _("尚无编号的数据版本")
        words = {"number": self.release, "date": self.release_date.isoformat()}
        if self.edited_since:
            return _("第 %(number)s 版数据（%(date)s 发布，此后另有编辑）") % words
        return _("第 %(number)s 版数据（%(date)s 发布）") % words

    @property
    def original(self) -> str:
        """The original source, which comes first: 北京市海淀区人民政府（2025-03）《…》。"""
        if self.source is None:
            return ""
        return _("%(publisher)s（%(date)s）《%(title)s》。") % {
            "publisher": self.source.publisher_name,
            "date": self.source.published_label,
            "title": self.source.display_title,
        }

    def _compiled(self, accessed: str) -> str:
        return _(
            "引自北京数字经济一区一品：%(title)s，%(release)s。%(address)s，访问日期：%(accessed)s。"
        ) % {
            "title": self.title,
            "release": self.release_words,
            "address": self.address,
            "accessed": accessed,
        }

    @property
    def compiled(self) -> str:
        """bjdigital's part, which every figure's copied citation ends with too."""
        return self._compiled(self.accessed_on)

    @property
    def text(self) -> str:
        return self.original + self.compiled

    def compiled_html(self) -> SafeString:
        """``compiled`` with the access date in a ``<time>`` that static/js/cite.js sets to the
        reader's day (a cached page may have been written the day before)."""
        marker = "\x00"
        stamp = format_html(
            '<time datetime="{}" data-cite-today>{}</time>', self.accessed_on, self.accessed_on
        )
        escaped = conditional_escape(self._compiled(marker))
        return mark_safe(escaped.replace(marker, stamp))  # noqa: S308  (escaped above)
