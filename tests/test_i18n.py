"""The language comes from the address alone (Django's LocaleMiddleware with i18n_patterns)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {"HTTP_COOKIE": "django_language=en"}],
    ids=["plain", "english-browser", "english-cookie"],
)
def test_an_unprefixed_address_stays_chinese_whatever_the_browser_prefers(client, headers):
    response = client.get("/districts/haidian/", **headers)
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_the_en_prefix_is_english_whatever_the_browser_prefers(client):
    response = client.get("/en/districts/haidian/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_an_english_browser_is_not_redirected_from_the_chinese_home(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
