import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The data release as tests/conftest.py loads it, published as release 1 when no release is
    there yet (as `make data` does on a fresh database)."""
    with django_db_blocker.unblock():
        call_command("publish_release", "--if-none", "--note", "The data release", verbosity=0)


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """Tests send hundreds of requests from one address; the throttle has its own tests."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"},
    }
