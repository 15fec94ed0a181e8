"""The query parameters of the API: which each address takes, and their shared checks.

Strict where the HTML pages are lenient: a parameter an address does not take is a 400 naming it
(a typo such as ``?regoin=`` must not silently return everything), and so is a repeated one.
The whole query string passes core.parameters' checks first (length, UTF-8, control
characters).
"""

import base64
import binascii
import json

from api.errors import ParameterError
from core.parameters import MAX_VALUE_LENGTH, address_problems

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
LANGUAGES = ("zh", "en")
PAGING = ("cursor", "page_size")


def check_query(request, allowed: tuple[str, ...]) -> None:
    """Raise ParameterError for a malformed query, an unknown, repeated or overlong parameter."""
    problems = address_problems(request)
    if problems:
        raise ParameterError({"query": problems})
    errors: dict[str, list[str]] = {}
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in allowed:
            errors[name] = [
                f"Unknown parameter. This address takes: {', '.join(allowed) or 'none'}."
            ]
        elif len(values) > 1:
            errors[name] = ["Give this parameter once."]
        elif values[0] == "":
            errors[name] = ["Empty: give a value, or leave the parameter out."]
        elif len(values[0]) > MAX_VALUE_LENGTH:
            errors[name] = [f"Too long (at most {MAX_VALUE_LENGTH} characters)."]
    if errors:
        raise ParameterError(errors)


def page_size(request) -> int:
    text = request.GET.get("page_size", "")
    if text == "":
        return DEFAULT_PAGE_SIZE
    if text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text) <= MAX_PAGE_SIZE:
        return int(text)
    raise ParameterError(
        {
            "page_size": [
                f"A whole number from 1 to {MAX_PAGE_SIZE} (got {text!r}); {DEFAULT_PAGE_SIZE} "
                "when not given."
            ]
        }
    )


def language(request) -> str:
    text = request.GET.get("lang", "") or "zh"
    if text not in LANGUAGES:
        raise ParameterError({"lang": ["zh or en: whose reader the shown statement is for."]})
    return text


def choice(request, name: str, choices) -> str:
    text = request.GET.get(name, "")
    if text and text not in choices:
        raise ParameterError({name: [f"One of: {', '.join(choices)}."]})
    return text


def encode_cursor(payload: dict) -> str:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> dict:
    """The cursor's payload; a cursor this API did not write is a 400 naming ``cursor``."""
    try:
        padded = text + "=" * (-len(text) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        payload = None
    if not isinstance(payload, dict):
        raise ParameterError(
            {"cursor": ["Not a cursor of this API: follow the next or previous link of a page."]}
        )
    return payload


class Problems:
    """Collects every parameter's problem, so one 400 names them all.

    ``value = problems.check(function, *args)`` returns the function's result, or None after
    noting its ParameterError; ``problems.raise_any()`` raises them together.
    """

    def __init__(self):
        self.errors: dict[str, list[str]] = {}
        self.candidates: dict = {}

    def check(self, function, *args):
        try:
            return function(*args)
        except ParameterError as exc:
            self.add(exc)
            return None

    def add(self, exc: ParameterError) -> None:
        for name, messages in exc.errors.items():
            self.errors.setdefault(name, []).extend(messages)
        self.candidates.update(exc.candidates)

    def raise_any(self) -> None:
        if self.errors:
            raise ParameterError(self.errors, self.candidates)
