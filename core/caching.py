"""Caching public pages, and forgetting them the moment the data changes.

A public page depends only on its address (the language is in the path) and on the data. The
cache key holds the data version (core.models.DataVersion), which every write to a data model
increments; a stale page is never served, in any worker or on any server, and needs no
purge. Reading the version costs one indexed query per request.

Every public page passes through ``cached_page``, so the checks every address gets whatever the
page (core/parameters.py: length, UTF-8, control characters) are made here, before the cache is
asked. What is cached is bounded by what the page understands: only 200 answers, only for
addresses made of the page's own parameters (``Parameters.cacheable``: an unknown parameter, a
free-text search or a page size renders the page without caching it), keyed on the parsed
parameters in a fixed order (``?a=1&b=2``, ``?b=2&a=1`` and ``?a=%31&b=2`` are one entry), and at
most ``MAX_CACHED_BYTES`` per answer (whole-table downloads are rendered each time).
"""

import hashlib
import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from core.models import bump_data_version, data_version
from core.parameters import address_problems, declared_parameters
from core.registry import data_models
from core.responses import bad_request

# A cached answer larger than this is not kept: a page of a hundred figures is about 100 kB, a
# download of the whole data set tens of megabytes (twice, with its gzip copy).
MAX_CACHED_BYTES = 1_000_000


def connect_invalidation() -> None:
    """Every save or delete of a data model, and every change to a many-to-many relation between
    data rows, bumps the data version (bulk writes do it in core.models.DataQuerySet)."""
    for data_model in data_models():
        model, uid = data_model.model, f"bjdigital-cache-{data_model.label}"
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_data_version,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )


def _gzipped(response: HttpResponse) -> HttpResponse:
    """A compressed copy of a cached page, made once when the page is cached.

    Public pages carry no secret (no CSRF token, no session data), so compressing them does
    not open the BREACH attack that Django's GZipMiddleware pads against. nginx passes an
    already-compressed answer through unchanged.
    """
    compressed = HttpResponse(compress_string(response.content), status=response.status_code)
    for header, value in response.headers.items():
        if header.lower() not in {"content-length", "content-encoding"}:
            compressed[header] = value
    compressed["Content-Encoding"] = "gzip"
    compressed["Content-Length"] = str(len(compressed.content))
    patch_vary_headers(compressed, ("Accept-Encoding",))
    return compressed


_QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


def _codings(header: str) -> dict[str, float]:
    """Accept-Encoding as {coding: q} (RFC 9110 §12.5.3). A coding listed twice keeps its lower
    q; an entry with a malformed q is left out."""
    codings: dict[str, float] = {}
    for item in header.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        coding = coding.lower()
        if not coding:
            continue
        q = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                q = float(value) if _QVALUE.match(value) else -1.0
        if q < 0:
            continue
        codings[coding] = min(q, codings.get(coding, q))
    return codings


def accepts_gzip(header: str) -> bool:
    """Whether a client sending this Accept-Encoding gets the gzip copy: gzip has a q above 0
    (gzip's own entry, else x-gzip's, else ``*``'s; unnamed, it is not acceptable) and plain
    text was not given a higher q (identity's own entry, else ``*``'s). No header: plain text.

    ``gzip;q=0``, ``*;q=0`` and ``gzip;q=0.5, identity`` get plain text; ``gzip``,
    ``gzip;q=0.5`` and ``identity;q=0, *`` get gzip."""
    codings = _codings(header or "")
    gzip = codings.get("gzip", codings.get("x-gzip", codings.get("*", 0.0)))
    identity = codings.get("identity", codings.get("*", 0.0))
    return gzip > 0 and gzip >= identity


def _accepts_gzip(request) -> bool:
    return accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))


def page_key(request) -> str:
    """The cache key of a page: the data version, the path and the parsed query in a fixed
    order (so encodings and orders of one query share an entry)."""
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in values)
    )
    address = f"{request.path}?{query}".encode("utf-8", "surrogatepass")
    return f"page:{data_version()}:{hashlib.sha256(address).hexdigest()}"


def cached_page(view):
    """Serve a GET from the cache while the data has not changed; cache 200 answers only.

    A malformed address is a 400 before anything else (core/parameters.py). Each page is kept
    twice, plain and gzip-compressed; a client that accepts gzip gets the compressed copy, so a
    cached page costs a lookup and a few kilobytes on the wire. Pages whose query the view does
    not declare as its own are rendered every time and never stored (module docstring).
    """
    parameters = declared_parameters(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        problems = address_problems(request)
        if problems:
            return bad_request(request, problems)
        if (
            request.method not in ("GET", "HEAD")
            or settings.PAGE_CACHE_SECONDS <= 0
            or not parameters.cacheable(request.GET)
        ):
            return view(request, *args, **kwargs)
        key = page_key(request)
        variant = f"{key}:gz" if _accepts_gzip(request) else key
        response = cache.get(variant)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:

            def store(rendered):
                patch_vary_headers(rendered, ("Accept-Encoding",))
                if len(rendered.content) > MAX_CACHED_BYTES:
                    return
                cache.set_many(
                    {key: rendered, f"{key}:gz": _gzipped(rendered)}, settings.PAGE_CACHE_SECONDS
                )

            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
        return response

    return wrapper
