import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from api import conditional
from core import caching
from core.registry import data_models
from core.roles import DATA_EDITORS
from districts.models import Region
from indicators.models import Indicator
from sources.models import Source

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the whole data release, loaded with Django's own loaddata."""
    with django_db_blocker.unblock():
        call_command("loaddata", *FIXTURES, verbosity=0)
        # As `make data` does: each loaded row gets its first history record, to restore to.
        call_command("populate_history", auto=True, verbosity=0)
        # As `make data` does: the data as loaded is release 1 (pages name it in their footer).
        call_command("publish_release", "--if-none", "--note", "The data release", verbosity=0)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /en/ leaves English active in the
    thread, and a later test must not depend on the order tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with no cached pages (a rolled-back test reuses data version numbers)."""
    cache.clear()
    caching.clear_local_cache()
    conditional.forget_seen()
    yield
    cache.clear()
    caching.clear_local_cache()
    conditional.forget_seen()


@pytest.fixture
def empty_db(db):
    """The data release removed, inside the test's transaction (rolled back afterwards)."""
    Source.objects.update(translation_of=None)
    Region.objects.update(parent=None)
    for data_model in reversed(data_models()):  # dependants first (core/registry.py)
        data_model.model._default_manager.all().delete()


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page: a query count can never be satisfied by the cache."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def source(db):
    return Source.objects.create(
        slug="test-source",
        title="测试来源",
        publisher="测试出版社",
        published=dt.date(2025, 3, 20),
        language="zh",
        kind="news",
        file_name="test.txt",
    )


@pytest.fixture
def indicators(db):
    return {
        "share": Indicator.objects.create(
            slug="test-share",
            name_zh="测试占比",
            name_en="Test share",
            unit="%",
            topic="scale",
            nature="flow",
            value_type="share",
        ),
        "count": Indicator.objects.create(
            slug="test-count",
            name_zh="测试数量",
            name_en="Test count",
            unit="家",
            topic="enterprises",
            nature="stock",
            value_type="count",
        ),
    }


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editor", "editor@example.invalid", "a-Long-pass-phrase-7", is_staff=True
    )
    user.groups.add(Group.objects.get(name=DATA_EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
