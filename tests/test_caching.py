"""Public pages come from the cache until the data changes, and never after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
