"""Template helpers every page uses: citations and "How to cite", the language switch, lists in
prose."""

import html
from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import timezone
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import override

from core.citations import PageCitation, citation_html
from core.naming import is_english

register = template.Library()


@register.filter
def citation(record):
    """{{ brand|citation }}: the source, the verbatim quote and the note (core/citations.py)."""
    return citation_html(record)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        output = self.nodelist.render(context)
        context[self.name] = output
        return output


@register.tag
def capture(parser, token):
    """{% capture as page_title %}{% block title %}{% endblock %}{% endcapture %}: writes what it
    wraps and keeps it as a variable for later in the template (the page's title, written in
    <title>, is cited again in "How to cite"). A block inside is still filled by child templates:
    ``nodelist`` is where Django's {% extends %} looks for blocks."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Write {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# Pages the API can cite as BibTeX, RIS and CSL-JSON (/api/v1/cite/?url=…).
CITABLE_NAMESPACES = ("pages", "indicators", "districts", "releases")


@register.inclusion_tag("_how_to_cite.html", takes_context=True)
def how_to_cite(context):
    """The page's "How to cite": the original source first when the view names one
    (``cited_source``: every figure of the page comes from it), the page's title and address,
    the data release (the footer's) and the access date; links to the API's BibTeX, RIS and
    CSL-JSON for the same page."""
    request = context["request"]
    release_info = context.get("data_release")
    release = release_info.latest if release_info else None
    citation = PageCitation(
        title=html.unescape(strip_tags(str(context.get("page_title", "")))).strip(),
        address=request.build_absolute_uri(),
        release=release.number if release else None,
        release_date=timezone.localtime(release.published_at).date() if release else None,
        edited_since=bool(release and release.edited_since),
        source=context.get("cited_source"),
    )
    formats = []
    match = getattr(request, "resolver_match", None)
    if match and match.namespace in CITABLE_NAMESPACES:
        try:
            api = reverse("api:cite")
        except NoReverseMatch:  # a project without the API
            api = ""
        if api:
            formats = [
                (label, f"{api}?{urlencode({'url': request.get_full_path(), 'format': fmt})}")
                for label, fmt in (("BibTeX", "bibtex"), ("RIS", "ris"), ("CSL-JSON", "csl-json"))
            ]
    return {"citation": citation, "formats": formats}


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
