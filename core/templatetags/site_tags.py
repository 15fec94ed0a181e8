"""Template helpers every page uses: citations, the language switch, lists in prose."""

from django import template
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import override

from core.citations import citation_html
from core.naming import is_english

register = template.Library()


@register.filter
def citation(record):
    """{{ brand|citation }}: the source, the verbatim quote and the note (core/citations.py)."""
    return citation_html(record)


def same_site_path(url: str) -> str:
    """``url`` if it is a path on this site ("/…", not "//host…" or "/\\host…" that a browser
    reads as another site, no scheme); "/" otherwise."""
    if (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    ):
        return url
    return "/"


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The page the reader is on, in the other language, query string kept.

    Always a path on this site: the address a reader followed can begin with several slashes
    (``//evil.example/x`` is a path to Django, a host to a browser), so the path is given one
    leading slash; an address that is no page (a 404) switches to the other language's home.
    """
    request = context["request"]
    path = "/" + escape_uri_path(request.path).lstrip("/")
    try:
        resolve(request.path_info)
    except Resolver404:
        with override(language):
            return same_site_path(reverse("pages:home"))
    query = request.META.get("QUERY_STRING", "")
    url = f"{path}?{iri_to_uri(query)}" if query else path
    return same_site_path(translate_url(url, language))


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
