"""Every URL in the contract, in both languages; bad input never gives a 500; no inline script."""

import re

import pytest

from sources.models import Source

pytestmark = pytest.mark.django_db

CONTRACT = [
    "/",
    "/districts/",
    "/districts/haidian/",
    "/districts/yizhuang/",
    "/districts/beijing/",
    "/districts/daxing/",
    "/compare/",
    "/compare/?regions=haidian,chaoyang,yizhuang",
    "/indicators/",
    "/indicators/core-industries-revenue/",
    "/indicators/digital-economy-value-added/",
    "/industries/",
    "/industries/artificial-intelligence/",
    "/sources/",
    "/sources/basss-report-2023/",
    "/data/",
]


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", CONTRACT)
def test_every_contract_url_answers_in_both_languages(client, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    html = response.content.decode()
    expected_lang = 'lang="en"' if prefix else 'lang="zh-Hans"'
    assert f"<html {expected_lang}>" in html


@pytest.mark.parametrize("path", CONTRACT)
def test_pages_carry_no_inline_script(client, path):
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert " onclick=" not in html and " onload=" not in html


def test_numeric_source_address_redirects_to_its_slug(client):
    source = Source.objects.get(slug="basss-report-2023")
    response = client.get(f"/sources/{source.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/sources/basss-report-2023/"


def test_language_switch_keeps_the_reader_on_the_same_page(client):
    html = client.get("/compare/?regions=haidian,dongcheng").content.decode()
    assert 'href="/en/compare/?regions=haidian,dongcheng"' in html
    html = client.get("/en/districts/haidian/").content.decode()
    assert 'href="/districts/haidian/"' in html


def test_english_browser_still_gets_chinese_at_the_unprefixed_address(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/districts/atlantis/",
        "/indicators/no-such-indicator/",
        "/industries/nothing/",
        "/sources/nope/",
        "/sources/99999/",
        "/en/districts/atlantis/",
        "/no/such/page/",
    ],
)
def test_unknown_slug_is_a_404_in_the_site_design(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html


BAD_QUERIES = [
    "/districts/?kind=planet",
    "/districts/?industry=nope",
    "/districts/?topic=%00",
    "/data/?year=abc",
    "/data/?year=99999999999999999999",
    "/data/?region=atlantis",
    "/data/?indicator=%3Cscript%3E",
    "/data/?kind=wish",
    "/data/?qualifier=maybe",
    "/data/?source=..%2F..%2Fetc",
    "/compare/?regions=haidian,atlantis",
    "/compare/?regions=haidian",
    "/compare/?regions="
    + ",".join(
        [
            "haidian",
            "chaoyang",
            "yizhuang",
            "dongcheng",
            "xicheng",
            "fengtai",
            "shijingshan",
            "mentougou",
            "fangshan",
        ]
    ),
    "/compare/?regions=haidian,chaoyang&indicator=unknown",
    "/compare/?regions=haidian,chaoyang&topic=weather",
    # Paging, sorting and downloads outside what core/paging.py allows (tests/test_parameters.py).
    "/data/?page=abc",
    "/data/?sort=bogus",
    "/districts/?sort=-nothing&page=-1",
    "/data/?_export=pdf",
]


@pytest.mark.parametrize("path", BAD_QUERIES)
def test_malformed_query_strings_get_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<script>" not in html.split("</header>", 1)[1].lower() or "&lt;script" in html


@pytest.mark.parametrize(
    "path",
    [
        "/data/?page=9999",
        "/districts/?page=9999",
        "/data/?sort=-figure&page=2&per_page=100",
        "/districts/?sort=-name&per_page=1",
        "/indicators/core-industries-revenue/?page=50",
        "/data/?year=",
        "/?anything=1",
        "/compare/?regions=,,,",
        "/compare/?regions=HAIDIAN,Chaoyang",
        "/data/?region=&indicator=",
    ],
)
def test_odd_but_harmless_queries_still_answer(client, path):
    assert client.get(path).status_code == 200


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
