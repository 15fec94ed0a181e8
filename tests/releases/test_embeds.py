"""Embeds: every chart offers an <iframe> pinned to a release, drawn from that release's frozen
data, frameable by any site (and nothing else is)."""

import html as html_lib
import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from indicators.models import Observation
from releases.models import Release
from releases.services import publish_release
from tests.browser.test_every_page import PAGES

pytestmark = pytest.mark.django_db

SNIPPET = re.compile(r"<textarea[^>]*>(.*?)</textarea>", re.S)


def charts(html: str) -> dict[str, dict]:
    found = {}
    for chart_id, data in re.findall(
        r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, re.S
    ):
        found[chart_id] = json.loads(data)
    return found


def embeds(html: str) -> list[str]:
    """The embed addresses of a page's snippets (path and query)."""
    out = []
    for snippet in SNIPPET.findall(html):
        src = re.search(r'src="([^"]+)"', html_lib.unescape(snippet)).group(1)
        parts = urlsplit(html_lib.unescape(src))
        out.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return out


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
@pytest.mark.usefixtures("no_page_cache")
def test_every_chart_has_an_embed_that_draws_the_same_data(client, prefix):
    release = Release.objects.order_by("-number").first()
    total = 0
    for path in PAGES:
        page = client.get(prefix + path).content.decode()
        page_charts = charts(page)
        addresses = embeds(page)
        assert len(addresses) == len(page_charts), f"{prefix}{path}: a chart without embed"
        for address, chart in zip(addresses, page_charts.values(), strict=True):
            assert address.startswith(f"{prefix}/embed/{release.number}/chart/"), address
            response = client.get(address)
            assert response.status_code == 200, (address, response.content[:300])
            embedded = list(charts(response.content.decode()).values())
            assert len(embedded) == 1, address
            # The release holds today's data, so the frozen chart is the page's chart.
            assert embedded[0]["rows"] == chart["rows"], address
            assert embedded[0]["labels"] == chart["labels"], address
            total += 1
    assert total > 30


def test_only_embeds_may_be_framed(client):
    release = Release.objects.order_by("-number").first()
    address = f"/embed/{release.number}/chart/series/digital-economy-value-added/?region=beijing"
    embed = client.get(address)
    assert embed.status_code == 200
    assert not embed.has_header("X-Frame-Options")
    policy = dict(d.strip().split(" ", 1) for d in embed["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'self'"  # the rest of the policy is the site's
    for path in ["/", "/districts/haidian/", f"/releases/{release.number}/", "/api/v1/docs/"]:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path


def test_an_embed_of_an_old_release_keeps_its_data_and_says_newer_data_exists(client):
    old = Release.objects.order_by("-number").first()
    address = f"/embed/{old.number}/chart/series/digital-economy-value-added/?region=beijing"
    before = client.get(address).content.decode()
    assert "查看最新数据" not in before

    obs = Observation.objects.filter(
        indicator__slug="digital-economy-value-added", region__slug="beijing", kind="actual"
    ).first()
    obs.value = Decimal("99999")
    obs.save()
    edited = client.get(address).content.decode()
    assert "此后数据已有更新" in edited and 'href="/districts/beijing/"' in edited
    assert charts(edited) == charts(before)  # the frozen data, not the edit

    publish_release("Newer")
    newer = client.get(address).content.decode()
    assert f"第 {old.number + 1} 版" in newer and "查看最新数据" in newer
    assert charts(newer) == charts(before)
    english = client.get("/en" + address).content.decode()
    assert "newer data exists" in english


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/embed/1/chart/series/digital-economy-value-added/", 400),
        ("/embed/1/chart/ranking/core-industries-revenue/?period=2023", 400),
        ("/embed/1/chart/compare/core-industries-revenue/", 400),
        ("/embed/1/chart/pie/core-industries-revenue/", 404),
        ("/embed/1/chart/series/no-such-indicator/?region=beijing", 404),
        ("/embed/1/chart/series/digital-economy-value-added/?region=atlantis", 404),
        ("/embed/999/chart/series/digital-economy-value-added/?region=beijing", 404),
        ("/embed/1/chart/series/digital-economy-value-added/?region=a&region=b", 400),
    ],
)
def test_bad_embed_addresses(client, address, status):
    assert client.get(address).status_code == status
