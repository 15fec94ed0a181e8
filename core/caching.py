"""Caching public pages, and forgetting them the moment the data changes.

A public page depends only on its address (the language is in the path) and on the data. The
cache key holds the data version (core.models.DataVersion), which every write to a data model
increments; a stale page is never served, in any worker or on any server, and needs no
purge. Reading the version costs one indexed query per request.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from core.models import bump_data_version, data_version
from core.registry import data_models


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


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def cached_page(view):
    """Serve a GET from the cache while the data has not changed; cache 200 answers only.

    Each page is kept twice, plain and gzip-compressed; a client that accepts gzip gets the
    compressed copy, so a cached page costs a lookup and a few kilobytes on the wire.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{data_version()}:{path}"
        variant = f"{key}:gz" if _accepts_gzip(request) else key
        response = cache.get(variant)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:

            def store(rendered):
                patch_vary_headers(rendered, ("Accept-Encoding",))
                cache.set_many(
                    {key: rendered, f"{key}:gz": _gzipped(rendered)}, settings.PAGE_CACHE_SECONDS
                )

            if hasattr(response, "add_post_render_callback") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
        return response

    return wrapper
