"""Public pages come from the cache until the data changes, and never after."""

import logging
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import caching
from core.redis_cache import RedisCache
from indicators.models import Observation

pytestmark = pytest.mark.django_db


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, len(ctx.captured_queries)


def test_a_cached_page_costs_one_query(client):
    first, cold = queries(client, "/districts/haidian/")
    second, warm = queries(client, "/districts/haidian/")
    assert first.content == second.content
    assert cold > 1 and warm == 1  # only the data version


def test_a_change_to_the_data_is_shown_at_once(client):
    before = client.get("/districts/chaoyang/").content.decode()
    assert "4321亿元" not in before
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    obs.value = 4321
    obs.qualifier = "exact"
    obs.save()
    html = client.get("/districts/chaoyang/").content.decode()
    assert "4321亿元" in html
    # Its figure, its bar label and the figure's citation text no longer say the old value.
    assert html.count("超4000亿元") == before.count("超4000亿元") - 3


def test_languages_and_query_strings_are_cached_apart(client):
    zh = client.get("/compare/?regions=haidian,chaoyang").content.decode()
    en = client.get("/en/compare/?regions=haidian,chaoyang").content.decode()
    other = client.get("/compare/?regions=haidian,dongcheng").content.decode()
    assert '<html lang="zh-Hans">' in zh and '<html lang="en">' in en
    assert "东城" in other and zh != other


def test_a_page_cached_for_one_host_cites_the_address_of_another(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "data.example.org"]
    assert "http://testserver/districts/haidian/" in client.get("/districts/haidian/").text
    other = client.get("/districts/haidian/", HTTP_HOST="data.example.org").text
    assert "http://data.example.org/districts/haidian/" in other
    assert "http://testserver/" not in other


def test_error_answers_are_not_cached(client):
    assert client.get("/compare/?regions=atlantis,haidian").status_code == 400
    assert client.get("/compare/?regions=atlantis,haidian").status_code == 400
    assert client.get("/districts/nowhere/").status_code == 404


def test_a_client_that_accepts_gzip_gets_the_compressed_copy(client):
    import gzip

    plain = client.get("/districts/beijing/")
    compressed = client.get("/districts/beijing/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    again = client.get("/districts/beijing/")
    assert "Content-Encoding" not in again and again.content == plain.content


# --- the cache is a help, never a dependency ------------------------------------------------


@pytest.fixture
def unreachable_cache(settings, monkeypatch):
    """The page cache pointed at a Redis that is not there (a port nothing listens on)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(caching, "_cache_down_until", 0.0)
    now = [1000.0]
    monkeypatch.setattr(caching, "_clock", lambda: now[0])
    return now


class Recording:
    """A cache whose lookups are recorded, then passed on."""

    def __init__(self, cache, calls):
        self.cache, self.calls = cache, calls

    def get(self, *args, **kwargs):
        self.calls.append(args)
        return self.cache.get(*args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self.cache.set_many(*args, **kwargs)


def test_pages_are_served_uncached_while_the_cache_is_unreachable(
    client, unreachable_cache, caplog, monkeypatch
):
    with caplog.at_level(logging.WARNING, logger="core.caching"):
        first = client.get("/districts/haidian/")
        assert first.status_code == 200 and "海淀" in first.content.decode()
        tried = []
        monkeypatch.setattr(caching, "cache", Recording(caching.cache, tried))
        for path in ("/districts/haidian/", "/en/sources/", "/data/?region=haidian"):
            assert client.get(path).status_code == 200
    # Logged once for the outage, not once per request; the dead cache not asked meanwhile.
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1
    assert tried == []
    # After CACHE_RETRY_SECONDS the cache is asked again.
    unreachable_cache[0] += caching.CACHE_RETRY_SECONDS + 1
    assert client.get("/industries/").status_code == 200
    assert len(tried) == 1


def test_an_error_while_storing_a_page_still_serves_it(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(caching, "_cache_down_until", 0.0)

    def broken(*args, **kwargs):
        raise ConnectionResetError("connection reset by peer")

    monkeypatch.setattr(caching, "cache", Recording(caching.cache, []))
    monkeypatch.setattr(caching.cache, "set_many", broken)
    response = client.get("/industries/")
    assert response.status_code == 200 and "产业" in response.content.decode()
    assert caching._cache_down_until > 0


def test_a_worker_serves_a_page_again_from_its_own_copy(client, monkeypatch):
    first = client.get("/industries/")
    calls = []
    monkeypatch.setattr(caching, "cache", Recording(caching.cache, calls))
    again = client.get("/industries/")
    assert again.content == first.content and calls == []  # no round trip to the shared cache
    caching.clear_local_cache()
    shared = client.get("/industries/")
    assert shared.content == first.content and len(calls) == 1  # from the shared cache


def test_a_workers_own_copies_stay_within_their_bytes(client, monkeypatch):
    monkeypatch.setattr(caching, "LOCAL_CACHE_BYTES", 60_000)
    for path in ("/", "/districts/", "/industries/", "/sources/", "/data/", "/indicators/"):
        assert client.get(path).status_code == 200
        assert caching._local_size[0] <= 60_000
    assert 0 < len(caching._local) < 12


def test_the_redis_backend_makes_one_client_per_connection_pool():
    """core/redis_cache.py: Django's backend made a redis.Redis for every operation (a sixth of
    a millisecond each); ours makes one per pool and reuses it (no server needed to check)."""
    backend = RedisCache("redis://127.0.0.1:1/0", {})
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first
    assert backend._cache.get_client("c", write=True) is first  # one server: one pool
    assert first.connection_pool is backend._cache._get_connection_pool(False)
