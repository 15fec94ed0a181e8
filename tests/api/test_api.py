"""The JSON API: its schema, reads, filters, paging, errors, caching headers, CORS and limits."""

import csv
import datetime as dt
import io
import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from api import figures
from core.models import bump_data_version
from districts.models import Region, RegionKind
from indicators.models import Observation
from indicators.selectors import representatives
from releases.identity import observation_figure_id

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/regions/",
    "/api/v1/indicators/",
    "/api/v1/industries/",
    "/api/v1/sources/",
    "/api/v1/figures/",
]


def get(client, path, **headers):
    return client.get(path, **headers)


def walk(client, path) -> list[dict]:
    """Every result of a list, following the next links."""
    results, seen_pages = [], 0
    while path:
        response = client.get(path)
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        path = body["next"]
        seen_pages += 1
        assert seen_pages < 1000
    return results


def test_the_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [*LISTS, "/api/v1/figures/{figure_id}/", "/api/v1/cite/"]:
        assert path in paths, path
    for operation in (op for item in paths.values() for op in item.values()):
        assert "400" in operation["responses"] and "429" in operation["responses"]


def test_the_docs_page_uses_vendored_files_and_no_inline_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
    # Every script is a file of this site; the set-up script is the docs address with ?script.
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert scripts and all('src="/' in line for line in scripts)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", LISTS)
def test_lists_answer_json_with_cors_and_validators(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    body = response.json()
    assert set(body) == {"next", "previous", "results"} and body["results"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, method):
    for path in [*LISTS, "/api/v1/regions/haidian/", "/api/v1/cite/?url=/&format=ris"]:
        response = getattr(client, method)(path, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, path, response.content)
        assert response.json()["detail"]
        # CORS opens reading only.
        assert not response.has_header("Access-Control-Allow-Origin")


def test_cors_on_get_head_and_a_preflight(client):
    assert client.head("/api/v1/regions/")["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/figures/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    # Pages outside /api/ are not opened to other origins.
    assert not client.get("/districts/haidian/").has_header("Access-Control-Allow-Origin")


def test_unknown_addresses_under_the_api_are_json_404s(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"
    for path in [
        "/api/v1/regions/nowhere/",
        "/api/v1/figures/not-an-id/",
        "/api/v1/regions/%E2%9C%93/",
    ]:
        response = client.get(path)
        assert response.status_code == 404 and response.json()["detail"], path


# --- ETag, Last-Modified, 304 -------------------------------------------------------------------


def test_etag_and_last_modified_follow_the_data_version(client):
    first = client.get("/api/v1/figures/?region=haidian")
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/figures/?region=haidian", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Access-Control-Allow-Origin"] == "*"
    weak = client.get("/api/v1/figures/?region=haidian", HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304
    since = client.get("/api/v1/regions/", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = client.get(
        "/api/v1/regions/", HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=modified
    )
    assert both.status_code == 200

    bump_data_version()  # an edit
    after = client.get("/api/v1/figures/?region=haidian", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert client.get("/api/v1/regions/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    parsed = [
        dt.datetime.strptime(v, "%a, %d %b %Y %H:%M:%S GMT")
        for v in (modified, after["Last-Modified"])
    ]
    assert parsed[1] > parsed[0]


# --- Rate limiting ------------------------------------------------------------------------------


def test_rate_limit_is_per_client_address_and_a_forged_header_does_not_dodge_it(client, settings):
    settings.TRUSTED_PROXIES = 1  # behind nginx: the client is the rightmost X-Forwarded-For entry
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }

    def from_client(real, forged=""):
        chain = f"{forged}, {real}" if forged else real
        return client.get(
            "/api/v1/regions/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=chain
        ).status_code

    assert [from_client("203.0.113.5", f"10.0.0.{i}") for i in range(3)] == [200] * 3
    # New forged addresses each time: still the same client, still limited.
    limited = client.get(
        "/api/v1/regions/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5"
    )
    assert limited.status_code == 429
    assert limited["Retry-After"] and limited.json()["detail"]
    assert limited["Access-Control-Allow-Origin"] == "*"
    # Another client is not affected.
    assert from_client("203.0.113.6") == 200


# --- Page cache ---------------------------------------------------------------------------------


def test_an_answer_comes_from_the_cache_until_the_data_changes(client):
    path = "/api/v1/figures/?region=chaoyang&indicator=core-industries-revenue"
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(path)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Access-Control-Allow-Origin"] == "*"
    # A hit reads the data version (validators, cache key) and no figure.
    assert not [q for q in queries if "observation" in q["sql"]], queries.captured_queries
    obs = Observation.objects.get(
        indicator__slug="core-industries-revenue", region__slug="chaoyang"
    )
    obs.value, obs.qualifier = 4321, "exact"
    obs.save()
    third = client.get(path)
    assert third["ETag"] != first["ETag"]
    assert [r["shown"]["display_zh"] for r in third.json()["results"]] == ["4321亿元"]


def test_a_cached_answer_still_counts_against_the_rate_and_bad_queries_stay_400s(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }
    assert client.get("/api/v1/regions/?bad=1").status_code == 400  # counted, never cached
    # The second 200 is a cache hit; it is counted all the same.
    assert [client.get("/api/v1/regions/").status_code for _ in range(3)] == [200, 200, 429]


def test_cached_links_name_the_host_that_was_asked(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "data.example.org"]
    client.get("/api/v1/regions/?page_size=2")
    other = client.get("/api/v1/regions/?page_size=2", HTTP_HOST="data.example.org")
    assert other.json()["next"].startswith("http://data.example.org/api/v1/regions/")


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("regoin=haidian", "regoin"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=eyJmIjoieCIsImQiOiJuIn0", "cursor"),  # base64 JSON, but not a figure
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=ten", "page_size"),
        ("as_of=2024-13-01", "as_of"),
        ("as_of=yesterday", "as_of"),
        ("year=99999", "year"),
        ("year=abc", "year"),
        ("region=atlantis", "region"),
        ("indicator=no-such-indicator", "indicator"),
        ("source=no-such-source", "source"),
        ("kind=guess", "kind"),
        ("qualifier=maybe", "qualifier"),
        ("topic=weather", "topic"),
        ("lang=fr", "lang"),
        ("region=haidian&region=chaoyang", "region"),
        ("region=", "region"),
    ],
)
def test_bad_figure_queries_are_400s_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/v1/figures/?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert parameter in body["errors"], body
    assert all(body["errors"][parameter])


def test_every_problem_is_named_at_once_in_english(client):
    body = client.get("/api/v1/figures/?page_size=0&year=abc&lang=fr&as_of=x&region=x").json()
    assert {"page_size", "year", "lang", "as_of", "region"} <= set(body["errors"])
    messages = " ".join(m for ms in body["errors"].values() for m in ms)
    assert messages.isascii() or "“x”" in messages, messages
    assert "YYYY-MM-DD" in body["errors"]["as_of"][0] and "written" in body["errors"]["as_of"][0]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/regions/?kind=planet", "kind"),
        ("/api/v1/regions/?page_size=1000", "page_size"),
        ("/api/v1/regions/?cursor=%%%", "cursor"),
        ("/api/v1/indicators/?topic=weather", "topic"),
        ("/api/v1/sources/?language=fr", "language"),
        ("/api/v1/industries/?q=ai", "q"),
        ("/api/v1/figures/x.y..2024-01-01.2024-12-31.actual/?as_of=soon", "as_of"),
        ("/api/v1/cite/?url=https://elsewhere.example/&format=bibtex", "url"),
        ("/api/v1/cite/?url=/&format=word", "format"),
    ],
)
def test_bad_queries_elsewhere_are_400s_naming_the_parameter(client, path, parameter):
    response = client.get(path)
    assert response.status_code == 400, response.content
    assert parameter in response.json()["errors"]


def test_a_control_character_or_broken_utf8_in_the_query_is_a_400(client):
    for query in ["region=%00", "region=%ff"]:
        response = client.get(f"/api/v1/figures/?{query}")
        assert response.status_code == 400
        assert response.json()["errors"]


def test_an_ambiguous_region_name_is_a_400_listing_the_candidates(client):
    city = Region.objects.create(
        slug="changchun",
        name_zh="长春市",
        name_en="Changchun",
        kind=RegionKind.CITY,
        short_name_zh="长春",
        short_name_en="Changchun",
        code="220100",
    )
    Region.objects.create(
        slug="changchun-chaoyang",
        name_zh="朝阳区",
        name_en="Chaoyang District",
        kind=RegionKind.DISTRICT,
        short_name_zh="朝阳",
        short_name_en="Chaoyang",
        code="220104",
        parent=city,
    )
    for path, parameter in [
        ("/api/v1/figures/?region=朝阳区", "region"),
        ("/api/v1/regions/?name=朝阳区", "name"),
    ]:
        response = client.get(path)
        assert response.status_code == 400
        body = response.json()
        assert parameter in body["errors"]
        slugs = {c["slug"] for c in body["candidates"][parameter]}
        assert slugs == {"chaoyang", "changchun-chaoyang"}
    # The slug names one of them.
    assert client.get("/api/v1/figures/?region=changchun-chaoyang").status_code == 200


# --- Figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["yizhuang", "亦庄", "E-Town", "经开区"])
def test_region_by_any_name_or_alias(client, name):
    expected = walk(client, "/api/v1/figures/?region=yizhuang&page_size=100")
    assert expected
    assert walk(client, f"/api/v1/figures/?region={name}&page_size=100") == expected


def test_cursor_paging_visits_every_figure_once_in_a_stable_order(client):
    everything = walk(client, "/api/v1/figures/?page_size=7")
    ids = [f["id"] for f in everything]
    assert len(ids) == len(set(ids))
    expected = {observation_figure_id(o) for o in Observation.objects.with_related()}
    assert set(ids) == expected
    assert ids == sorted(ids, key=lambda i: tuple(i.split(".")))  # slugs and ISO dates
    # The previous link of the second page is the first page.
    first = client.get("/api/v1/figures/?page_size=7").json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None
    back = client.get(second["previous"]).json()
    assert [f["id"] for f in back["results"]] == [f["id"] for f in first["results"]]
    assert back["previous"] is None


def test_the_api_and_the_data_download_hold_the_same_statements(client):
    """/api/v1/figures/?region=haidian lists exactly the statements of
    /en/data/?region=haidian&_export=csv."""
    download = client.get("/en/data/?region=haidian&_export=csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    from_csv = sorted(
        (
            r["indicator_slug"],
            r["region_slug"],
            r["period_start"],
            r["period_end"],
            r["kind"],
            r["value"],
            r["qualifier"],
            r["source_slug"],
            r["quote"].lstrip("'"),
        )
        for r in rows
    )
    from_api = sorted(
        (
            figure["indicator"]["slug"],
            figure["region"]["slug"],
            s["period_start"],
            s["period_end"],
            s["kind"],
            s["value"],
            s["qualifier"],
            s["source"]["slug"],
            s["quote"],
        )
        for figure in walk(client, "/api/v1/figures/?region=haidian&page_size=100")
        for s in figure["statements"]
    )
    assert from_csv and from_api == from_csv


def test_a_revised_figure_lists_every_statement_and_the_shown_one(client):
    statements = Observation.objects.with_related().filter(
        indicator__slug="digital-economy-value-added",
        region__slug="beijing",
        site__isnull=True,
        period_end=dt.date(2024, 12, 31),
        period_start=dt.date(2024, 1, 1),
        kind="actual",
    )
    assert statements.count() >= 2
    for lang in ("zh", "en"):
        shown = representatives(list(statements), lang)[0]
        fid = observation_figure_id(shown)
        figure = client.get(f"/api/v1/figures/{fid}/?lang={lang}").json()
        assert figure["id"] == fid
        assert figure["shown"]["id"] == shown.pk and figure["statements"][0]["role"] == "shown"
        assert {s["id"] for s in figure["statements"]} == {o.pk for o in statements}
        assert figure["revised"] == shown.revised
        roles = {s["id"]: s["role"] for s in figure["statements"]}
        assert {pk for pk, role in roles.items() if role == "earlier"} == {
            o.pk for o in shown.earlier
        }
        assert all(s["quote"] and s["source"]["slug"] for s in figure["statements"])


def test_as_of_shows_the_figure_as_known_then(client):
    obs = Observation.objects.with_related().order_by("-source__published").first()
    fid = observation_figure_id(obs)
    before = (obs.source.published - dt.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/figures/{fid}/").status_code == 200
    earlier = client.get(f"/api/v1/figures/{fid}/?as_of={before}")
    statements = earlier.json()["statements"] if earlier.status_code == 200 else []
    assert obs.source.slug not in {s["source"]["slug"] for s in statements}
    listed = walk(client, f"/api/v1/figures/?as_of={before}&page_size=100")
    assert all(
        s["source"]["published"] <= before for figure in listed for s in figure["statements"]
    )


def test_filters_select_figures_like_the_data_page(client):
    for query in ["indicator=5g-base-stations", "topic=ai", "year=2023", "kind=target"]:
        figures = walk(client, f"/api/v1/figures/?{query}&page_size=100")
        assert figures, query
    targets = walk(client, "/api/v1/figures/?kind=target&page_size=100")
    assert {f["kind"] for f in targets} == {"target"}
    in_2023 = walk(client, "/api/v1/figures/?year=2023&page_size=100")
    assert all(
        f["period"]["start"] <= "2023-12-31" and f["period"]["end"] >= "2023-01-01" for f in in_2023
    )


# --- Query counts and timing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/figures/?page_size=100",
        "/api/v1/figures/?region=haidian",
        "/api/v1/regions/",
        "/api/v1/industries/",
        "/api/v1/sources/",
        "/api/v1/indicators/",
        "/api/v1/regions/haidian/",
    ],
)
def test_query_counts_are_small_and_do_not_grow_with_the_page(client, path, no_page_cache):
    client.get(path)  # the data version's first-seen time is recorded once
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        elapsed = time.perf_counter() - start
    assert len(queries) <= 8, [q["sql"] for q in queries]
    assert elapsed < 2.0


def test_citations_name_the_original_source_first_then_the_release(client):
    obs = Observation.objects.with_related().filter(source__slug="basss-report-2023").first()
    fid = observation_figure_id(obs)
    figure = client.get(f"/api/v1/figures/{fid}/").json()
    text = figure["citation"]["text"]
    assert text.startswith(figure["shown"]["source"]["publisher"])
    assert "compiled by bjdigital, release 1" in text.lower()

    bib = client.get(reverse("api:figure-cite", args=[fid, "bib"]))
    assert bib.status_code == 200 and bib["Content-Type"].startswith("application/x-bibtex")
    entries = bib.content.decode().split("\n\n")
    shown_source = figure["shown"]["source"]["slug"]
    assert entries[0].startswith("@") and f"{{{shown_source}," in entries[0]
    assert "Compiled by bjdigital, release 1" in entries[0]
    assert "bjdigital-release-1" in entries[-1]

    ris = client.get(reverse("api:figure-cite", args=[fid, "ris"])).content.decode()
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == 2 and "TY  - DATA" in records[1]
    assert "Compiled by bjdigital, release 1" in records[0]

    csl = client.get(reverse("api:figure-cite", args=[fid, "json"]))
    items = json.loads(csl.content)
    assert items[0]["id"] == shown_source and items[-1]["type"] == "dataset"
    assert items[-1]["version"] == "1"


@pytest.mark.parametrize(
    ("page", "cited"),
    [
        ("/districts/haidian/", None),
        ("/en/indicators/core-industries-revenue/", None),
        ("/sources/basss-report-2023/", {"basss-report-2023"}),
        ("/releases/1/", None),
        ("/", None),
    ],
)
def test_a_page_can_be_cited_in_every_format(client, page, cited):
    for fmt in ("bibtex", "ris", "csl-json"):
        response = client.get("/api/v1/cite/", {"url": page, "format": fmt})
        assert response.status_code == 200, (page, fmt, response.content)
    items = json.loads(client.get("/api/v1/cite/", {"url": page, "format": "csl-json"}).content)
    sources, compiled = items[:-1], items[-1]
    assert sources and compiled["type"] == "dataset" and compiled["version"] == "1"
    if cited:
        assert {i["id"] for i in sources} == cited
    full = client.get("/api/v1/cite/", {"url": f"http://testserver{page}", "format": "bibtex"})
    assert full.status_code == 200
    assert (
        client.get("/api/v1/cite/", {"url": "/no/such/page/", "format": "ris"}).status_code == 404
    )


@pytest.mark.parametrize("chunk", [1, 4])
def test_paging_a_few_indicators_at_a_time_finds_every_figure_in_order(client, monkeypatch, chunk):
    """api/figures.py looks for a page among a few indicators' statements at a time, then the
    rest at once: with tiny chunks every path (several chunks, the rest) is taken, forward and
    back, and the pages are the same as one query over everything gives."""
    one_query = [f["id"] for f in walk(client, "/api/v1/figures/?page_size=9")]
    monkeypatch.setattr(figures, "CHUNK_STATEMENTS", chunk)
    for query in ("", "&kind=target", "&region=haidian", "&year=2024"):
        chunked = [f["id"] for f in walk(client, f"/api/v1/figures/?page_size=9{query}")]
        if not query:
            assert chunked == one_query
        assert chunked == sorted(chunked, key=lambda i: tuple(i.split(".")))
        assert len(chunked) == len(set(chunked)) and chunked, query
    # From the last page back to the first, by the previous links.
    pages, body = [], {"next": "/api/v1/figures/?page_size=9"}
    while body["next"]:
        body = client.get(body["next"]).json()
        pages.append([f["id"] for f in body["results"]])
    back = []
    while body["previous"]:
        body = client.get(body["previous"]).json()
        back.append([f["id"] for f in body["results"]])
    assert back == pages[-2::-1]
    assert [i for page in pages for i in page] == one_query
