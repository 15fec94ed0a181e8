"""Every error as JSON: ``{"detail": "...", "errors": {"<parameter>": ["..."]}}``.

A 400 always names the parameter at fault (``errors``), and for a region name that several
regions share lists them (``candidates``). 304 (not modified) is raised from the conditional
check (api/views.py) and answered here without a body; an answer found in the page cache is
raised the same way (``CachedAnswer``) and returned as it was kept.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(exceptions.APIException):
    """One or more query parameters are wrong: a 400 naming each of them."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid query parameters."
    default_code = "invalid_parameters"

    def __init__(self, errors: dict[str, list[str]], candidates: dict | None = None):
        self.errors = {name: [str(m) for m in messages] for name, messages in errors.items()}
        self.candidates = candidates or {}
        super().__init__(self.default_detail)


class NotModified(exceptions.APIException):
    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""

    def __init__(self, headers: dict[str, str]):
        self.headers = headers
        super().__init__("")


class CachedAnswer(exceptions.APIException):
    """The answer to this request is in the page cache (raised by the view's checks, like
    NotModified, so that throttling and the query check run first)."""

    status_code = status.HTTP_200_OK

    def __init__(self, response):
        self.response = response
        super().__init__("")


def exception_handler(exc, context):
    if isinstance(exc, CachedAnswer):
        return exc.response
    if isinstance(exc, NotModified):
        response = Response(status=304)
        response.data = None
        for name, value in exc.headers.items():
            response[name] = value
        return response
    if isinstance(exc, ParameterError):
        body = {"detail": str(exc.detail), "errors": exc.errors}
        if exc.candidates:
            body["candidates"] = exc.candidates
        return Response(body, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    elif response is not None and isinstance(response.data, dict):
        # A serializer's field errors (not expected on a read-only API, but never a 500).
        response.data = {"detail": "Invalid input.", "errors": response.data}
    return response
