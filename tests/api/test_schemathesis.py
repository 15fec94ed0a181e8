"""Schemathesis against the OpenAPI schema, in-process through the WSGI app, for every operation:
no 5xx, status codes, content types, headers and bodies as the schema says, invalid input
rejected, and every 400 naming the parameter at fault. Examples are bounded (MAX_EXAMPLES per
operation, derandomized so every run sends the same requests): 12 operations × 100 examples run
in about 15 s on SQLite and 20 s on PostgreSQL on two cores.

One built-in check is left out: ``positive_data_acceptance`` expects every schema-valid request
to succeed, but a filter such as ``region`` takes free text that must name an existing region
(/data/'s rule: an unknown one is a 400 naming it), which no schema can express. In its place,
``bad_requests_name_the_parameter`` holds every 400 to the API's promise.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from bjdigital.wsgi import application

MAX_EXAMPLES = 100

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def bad_requests_name_the_parameter(ctx, response, case):
    if response.status_code == 400:
        body = response.json()
        errors = body.get("errors")
        assert isinstance(errors, dict) and errors, f"a 400 without errors: {body}"
        for name, messages in errors.items():
            assert isinstance(name, str) and isinstance(messages, list) and messages, body


@pytest.fixture
def keep_the_test_transaction():
    """Schemathesis calls the WSGI app itself, not Django's test client, which is what stops
    Django from closing the connection (and so the test's transaction) after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_the_test_transaction")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_conforms_to_the_schema(case):
    # Plain answers: the WSGI transport hands over the body as sent and does not undo a
    # Content-Encoding as an HTTP client would; the page cache's gzip copy is the same answer
    # compressed (tests/test_caching.py). Cached answers are checked too: the page cache is on.
    case.headers = {**(case.headers or {}), "Host": "127.0.0.1", "Accept-Encoding": "identity"}
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[bad_requests_name_the_parameter],
    )
