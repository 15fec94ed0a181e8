"""Caching public pages, and forgetting them the moment the data changes.

A public page depends only on its address (the language is in the path) and on the data. The
cache key holds the data version (core.models.DataVersion), which every write to a data model
increments; a stale page is never served, in any worker or on any server, and needs no
purge. Reading the version costs one indexed query per request.

Every public page passes through ``cached_page`` (the API's answers through the same lookup and
store, api/views.py), so the checks every address gets whatever the page (core/parameters.py:
length, UTF-8, control characters) are made here, before the cache is asked. What is cached is
bounded by what the page understands: only 200 answers, only for addresses made of the page's
own parameters (``Parameters.cacheable``: an unknown parameter, a
free-text search or a page size renders the page without caching it), keyed on the parsed
parameters in a fixed order (``?a=1&b=2``, ``?b=2&a=1`` and ``?a=%31&b=2`` are one entry), and at
most ``MAX_CACHED_BYTES`` per answer (whole-table downloads are rendered each time).

The cache is a help, never a dependency: when its server cannot be reached (Redis stopped,
restarted, out of network), the error is caught (``CACHE_ERRORS``), logged once, and the page is
rendered and served as if nothing were cached. After an error the cache is left alone for
``CACHE_RETRY_SECONDS`` (a circuit breaker: no request waits on a dead server meanwhile), then
tried again; pages are stored again as soon as it answers.

A hit costs as little as possible (its throughput is measured against /healthz's in
docs/performance.md): the data version is read with one plain SQL statement, and an entry is the
answer's status, headers and body as bytes, not a pickled response object. Each worker also
keeps the entries it served last in its own memory (at most ``LOCAL_CACHE_BYTES``), in front of
the shared cache: the key holds the data version, so a local copy is never staler than the
shared one, and a page asked for again costs the version query and no cache round trip.
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from core.models import DataVersion, bump_data_version
from core.parameters import address_problems, declared_parameters
from core.registry import data_models
from core.responses import bad_request

# A cached answer larger than this is not kept: a page of a hundred figures is about 100 kB, a
# download of the whole data set tens of megabytes (twice, with its gzip copy).
MAX_CACHED_BYTES = 1_000_000

logger = logging.getLogger(__name__)

try:  # the errors of the Redis client, when it is installed (the production cache)
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - local memory only
    RedisError = OSError

# What a cache backend raises when its server cannot be reached or answers wrongly. OSError
# covers refused and reset connections and timeouts of any backend speaking over a socket.
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError, OSError, EOFError)
# After a cache error, pages skip the cache for this long, then try it again.
CACHE_RETRY_SECONDS = 10.0

# When the cache may be tried again (by _clock); 0: it is in use. Per process.
_cache_down_until = 0.0
_clock = time.monotonic


def _cache_usable() -> bool:
    return not _cache_down_until or _clock() >= _cache_down_until


def _cache_failed(error: Exception) -> None:
    """Leave the cache alone for CACHE_RETRY_SECONDS; log once per outage, not per request."""
    global _cache_down_until
    if not _cache_down_until:
        logger.warning(
            "Page cache unreachable (%s: %s); serving pages uncached, retrying every %g s.",
            type(error).__name__,
            error,
            CACHE_RETRY_SECONDS,
        )
    _cache_down_until = _clock() + CACHE_RETRY_SECONDS


def _cache_worked() -> None:
    global _cache_down_until
    if _cache_down_until:
        logger.warning("Page cache reachable again; caching pages.")
        _cache_down_until = 0.0


def _cache_get(key: str):
    if not _cache_usable():
        return None
    try:
        entry = cache.get(key)
    except CACHE_ERRORS as error:
        _cache_failed(error)
        return None
    _cache_worked()
    return entry


def _cache_set_many(entries: dict) -> None:
    if not _cache_usable():
        return
    try:
        cache.set_many(entries, settings.PAGE_CACHE_SECONDS)
    except CACHE_ERRORS as error:
        _cache_failed(error)
        return
    _cache_worked()


def cached_value(name: str, compute, seconds: int = 3600):
    """A value derived from the data (statistics a page plans its queries with), computed once
    per data version and kept in the shared cache; computed every time while it is down."""
    key = f"value:{data_version()}:{name}"
    value = _cache_get(key)
    if value is None:
        value = compute()
        if _cache_usable():
            try:
                cache.set(key, value, seconds)
            except CACHE_ERRORS as error:
                _cache_failed(error)
    return value


# The worker's own copies of the entries it served last (module docstring), least recently
# used first; bounded by the bytes of their bodies.
LOCAL_CACHE_BYTES = 16_000_000
_local: OrderedDict[str, tuple] = OrderedDict()
_local_size = [0]
_local_lock = threading.Lock()


def _local_get(key: str):
    with _local_lock:
        entry = _local.get(key)
        if entry is not None:
            _local.move_to_end(key)
        return entry


def _local_put(key: str, entry: tuple) -> None:
    size = len(entry[2])
    with _local_lock:
        if key in _local:
            return
        _local[key] = entry
        _local_size[0] += size
        while _local_size[0] > LOCAL_CACHE_BYTES and _local:
            _old_key, old = _local.popitem(last=False)
            _local_size[0] -= len(old[2])


def clear_local_cache() -> None:
    """Forget this process's copies (tests: a rolled-back test reuses data version numbers)."""
    with _local_lock:
        _local.clear()
        _local_size[0] = 0


_VERSION_SQL = f"SELECT value FROM {DataVersion._meta.db_table} WHERE id = 1"


def data_version() -> int:
    """core.models.data_version() in plain SQL: it runs on every cached page."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row and row[0] else 0


def _entry(response: HttpResponse) -> tuple:
    """What the cache keeps of an answer: status, headers and body, plain data."""
    return (response.status_code, list(response.headers.items()), response.content)


def _response(entry: tuple) -> HttpResponse:
    status, headers, content = entry
    return HttpResponse(content, status=status, headers=dict(headers))


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


def page_key(request, version: int | None = None) -> str:
    """The cache key of a page: the data version (read here unless the caller has it), the
    scheme and host, the path and the parsed query in a fixed order (so encodings and orders of
    one query share an entry). The host is in the key because a page writes its own address
    (its "How to cite", the API's links)."""
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in values)
    )
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{data_version() if version is None else version}:{digest}"


def caching_pages(request) -> bool:
    """Whether this request may be answered from the cache and its answer kept: a GET or HEAD,
    with the page cache switched on (DJANGO_PAGE_CACHE_SECONDS) and reachable."""
    return request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS > 0 and _cache_usable()


def cached_response(request, key: str) -> HttpResponse | None:
    """The kept answer for ``key`` (page_key), gzip-compressed when the client accepts it, from
    this worker's copy first, then the shared cache; None when there is none."""
    variant = f"{key}:gz" if _accepts_gzip(request) else key
    entry = _local_get(variant)
    if entry is None:
        entry = _cache_get(variant)
        if entry is None:
            return None
        _local_put(variant, entry)
    return _response(entry)


def keep_response(key: str, response) -> None:
    """Keep a 200 answer under ``key``, plain and gzip-compressed, once it is rendered; a
    streamed or oversized answer (MAX_CACHED_BYTES) is not kept."""
    if response.status_code != 200 or response.streaming:
        return

    def store(rendered):
        patch_vary_headers(rendered, ("Accept-Encoding",))
        if len(rendered.content) > MAX_CACHED_BYTES:
            return
        entries = {key: _entry(rendered), f"{key}:gz": _entry(_gzipped(rendered))}
        _cache_set_many(entries)
        for name, entry in entries.items():
            _local_put(name, entry)

    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(store)
    else:
        store(response)


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
        if not (caching_pages(request) and parameters.cacheable(request.GET)):
            return view(request, *args, **kwargs)
        key = page_key(request)
        cached = cached_response(request, key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        keep_response(key, response)
        return response

    return wrapper
