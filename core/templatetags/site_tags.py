"""Template helpers every page uses: citations, the language switch, lists in prose."""

from django import template
from django.urls import translate_url

from core.citations import citation_html
from core.naming import is_english

register = template.Library()


@register.filter
def citation(record):
    """{{ brand|citation }}: the source, the verbatim quote and the note (core/citations.py)."""
    return citation_html(record)


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The page the reader is on, in the other language, query string kept."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def joined(names) -> str:
    separator = ", " if is_english() else "、"
    return separator.join(str(n) for n in names)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def url_without(request, *names) -> str:
    """The current address without the named query parameters (“back to today” links)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
