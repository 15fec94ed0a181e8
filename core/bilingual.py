"""Data text (notes) in the page's language, or in Chinese with a visible "Chinese only" mark.

Notes are our own words about a record, so they may be translated; where no English exists yet an
English page shows the Chinese, marked 仅有中文 / "Chinese only" rather than passed off as a
translation. Quotes are never translated: they are the source's words.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.naming import chinese_only, is_english


def chinese_only_mark() -> SafeString:
    return format_html('<span class="badge zh-only">{}</span>', _("仅有中文"))


def bilingual_html(zh: str, en: str, *, tag: str = "p", css: str = "note") -> SafeString | str:
    """``<p class="note">`` with the English on English pages, else the Chinese marked as such;
    "" when there is no text."""
    if not zh and not en:
        return ""
    if (is_english() or not zh) and en:
        return format_html('<{} class="{}" lang="en">{}</{}>', tag, css, en, tag)
    if not chinese_only(zh, en):
        return format_html('<{} class="{}" lang="zh-Hans">{}</{}>', tag, css, zh or en, tag)
    return format_html(
        '<{} class="{}"><span lang="zh-Hans">{}</span> {}</{}>',
        tag,
        css,
        zh,
        chinese_only_mark(),
        tag,
    )


def note_html(record) -> SafeString | str:
    """A record's note (a figure, brand, featured industry, site or source)."""
    return bilingual_html(record.note, getattr(record, "note_en", ""))
