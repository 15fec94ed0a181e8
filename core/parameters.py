"""What a public address may carry: checked before a page is rendered, and before it is cached.

Two layers, both answering a 400 page that names the problem (core/responses.py):

- the address as a whole (``address_problems``), for every public page: the query string is at
  most ``MAX_QUERY_LENGTH`` characters and ``MAX_PARAMETERS`` parameters, is valid UTF-8 once
  percent-decoded, and holds no control character (NUL, line breaks, U+007F–U+009F…);
- each page's own parameters (``Parameters``, declared with ``accepts`` on a view function or
  by a class-based view): a parameter given twice, unless the page takes a list (``regions`` on
  /compare/), and a value longer than ``MAX_VALUE_LENGTH`` characters. The view then checks
  what each value means (a date, a slug, a page number…).

A parameter a page does not know is ignored, as before, but such a page is not cached
(core/caching.py): the cache holds only addresses made of the page's own parameters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import unquote_to_bytes

from django.utils.translation import gettext as _

from core.responses import bad_request

# Characters after "?", percent-encoded: a search of 100 Chinese characters is 900 of them.
MAX_QUERY_LENGTH = 2000
MAX_PARAMETERS = 30  # name=value pairs (compare's eight region checkboxes and its filters fit)
MAX_VALUE_LENGTH = 200  # characters of one value, decoded


def _raw_query(request) -> bytes:
    """The query string as the client sent it (WSGI hands it over as Latin-1 text)."""
    raw = request.META.get("QUERY_STRING", "") or ""
    try:
        return raw.encode("iso-8859-1")
    except UnicodeEncodeError:  # a server that decoded it already
        return raw.encode("utf-8", "surrogatepass")


def _control_character(text: str) -> str | None:
    for character in text:
        if unicodedata.category(character) == "Cc":
            return character
    return None


def address_problems(request) -> list[str]:
    """What is wrong with the query string itself, whatever the page; [] when nothing is."""
    raw = _raw_query(request)
    if not raw:
        return []
    if len(raw) > MAX_QUERY_LENGTH:
        return [
            _("地址中的查询参数太长（%(length)d 个字符，最多 %(max)d 个）。")
            % {"length": len(raw), "max": MAX_QUERY_LENGTH}
        ]
    pairs = [part for part in raw.split(b"&") if part]
    if len(pairs) > MAX_PARAMETERS:
        return [
            _("地址中的查询参数太多（%(count)d 个，最多 %(max)d 个）。")
            % {"count": len(pairs), "max": MAX_PARAMETERS}
        ]
    for pair in pairs:
        try:
            text = unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return [_("地址中的查询参数不是有效的 UTF-8 编码。")]
        character = _control_character(text)
        if character is not None:
            return [
                _("地址中的查询参数含有控制字符 %(char)s，请删除。")
                % {"char": f"U+{ord(character):04X}"}
            ]
    return []


@dataclass(frozen=True)
class Parameters:
    """The query parameters one page understands.

    ``repeatable``: those that may be given more than once (a list). ``uncached``: those whose
    presence keeps the page out of the cache (free-text search, page sizes): their values are
    too many to keep a page for each.
    """

    names: frozenset[str] = field(default_factory=frozenset)
    repeatable: frozenset[str] = field(default_factory=frozenset)
    uncached: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *names: str, repeatable=(), uncached=()) -> Parameters:
        return cls(
            frozenset(names) | frozenset(repeatable), frozenset(repeatable), frozenset(uncached)
        )

    def problems(self, query) -> list[str]:
        """Repeated and overlong values of this page's parameters (query: a QueryDict)."""
        problems = []
        for name in sorted(self.names):
            values = query.getlist(name)
            if len(values) > 1 and name not in self.repeatable:
                problems.append(
                    _("参数 %(name)s 只能出现一次（出现了 %(count)d 次）。")
                    % {"name": name, "count": len(values)}
                )
            longest = max((len(v) for v in values), default=0)
            if longest > MAX_VALUE_LENGTH:
                problems.append(
                    _("参数 %(name)s 太长（%(length)d 个字符，最多 %(max)d 个）。")
                    % {"name": name, "length": longest, "max": MAX_VALUE_LENGTH}
                )
        return problems

    def cacheable(self, query) -> bool:
        """Whether a page for this query may be cached: only this page's own parameters, none
        of them one that keeps pages out of the cache."""
        given = set(query)
        return given <= self.names and not given & self.uncached


NO_PARAMETERS = Parameters()


def accepts(*names: str, repeatable=(), uncached=()):
    """Decorate a view function with the parameters its page understands.

    A request whose address is malformed (``address_problems``), or that repeats one of them
    (unless ``repeatable``) or gives an overlong value, is answered with a 400 naming it; the
    view sees only requests that pass. The declaration is kept on the view as ``parameters``
    for the page cache.
    """
    parameters = Parameters.of(*names, repeatable=repeatable, uncached=uncached)

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            problems = address_problems(request) or parameters.problems(request.GET)
            if problems:
                return bad_request(request, problems)
            return view(request, *args, **kwargs)

        checked.parameters = parameters
        return checked

    return decorate


def declared_parameters(view) -> Parameters:
    """The parameters a view declared: ``accepts`` on a function, ``parameters()`` on a
    class-based view (``as_view()`` keeps the class as ``view_class``); none otherwise."""
    parameters = getattr(view, "parameters", None)
    if isinstance(parameters, Parameters):
        return parameters
    view_class = getattr(view, "view_class", None)
    if view_class is not None and callable(getattr(view_class, "parameters", None)):
        return view_class.parameters()
    return NO_PARAMETERS
