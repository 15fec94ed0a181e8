"""Every public address, whatever its query: a page, a redirect, a 404 or a 400 naming the problem;
never a 500, never unbounded work (core/parameters.py, core/paging.py, core/caching.py).

The property test draws arbitrary values and combinations for every parameter of every public
URL in both languages. ``BJDIGITAL_HYPOTHESIS_EXAMPLES`` sets the examples per URL and language
(default 50: 22 × 50 requests; the file runs in 20–50 s on two cores, depending on the database
and the load). Raise it for a longer hunt: ``BJDIGITAL_HYPOTHESIS_EXAMPLES=500 pytest
tests/test_parameters.py``.
"""

import datetime as dt
import gzip
import json
import os
import re
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core import caching
from core.caching import accepts_gzip
from core.paging import EXPORT_FORMATS, MAX_PAGE, MAX_PER_PAGE
from core.parameters import MAX_QUERY_LENGTH, MAX_VALUE_LENGTH
from indicators.choices import Kind, Qualifier, Topic
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("BJDIGITAL_HYPOTHESIS_EXAMPLES", "50"))


def _fixture(name: str) -> list[dict]:
    return json.loads((ROOT / "fixtures" / name).read_text(encoding="utf-8"))


def _slugs(name: str) -> list[str]:
    return sorted(row["fields"]["slug"] for row in _fixture(name))


REGIONS = _slugs("02_regions.json")
INDUSTRIES = _slugs("03_industries.json")
INDICATORS = _slugs("07_indicators.json")
SOURCES = _slugs("01_sources.json")
PERIODS = sorted(
    {
        f"{o['fields']['period_start']}_{o['fields']['period_end']}"
        for o in _fixture("08_observations.json")
    }
)
FIGURE_COLUMNS = ["region", "indicator", "period", "figure", "kind", "source"]
REGION_COLUMNS = ["name", "kind", "code"]

# The valid values of each known parameter (the strategies mix them with anything at all).
VALID = {
    "region": [*REGIONS, "海淀", "亦庄", "E-Town", "110108"],
    "indicator": INDICATORS,
    "topic": list(Topic.values),
    "year": ["2020", "2023", "2024", "2025"],
    "kind": [*Kind.values, "district", "zone", "city"],
    "qualifier": list(Qualifier.values),
    "source": SOURCES,
    "as_of": ["2023-01-01", "2024-06-30", "2025-12-31", "1949-10-01"],
    "period": PERIODS,
    "regions": [*REGIONS, "haidian,chaoyang", "haidian,dongcheng,yizhuang", ",".join(REGIONS[:8])],
    "q": ["海淀", "AI", "E-Town", "区"],
    "industry": INDUSTRIES,
    "page": ["1", "2", "3", str(MAX_PAGE)],
    "per_page": ["1", "10", "50", str(MAX_PER_PAGE)],
    "sort": [f"{sign}{c}" for c in FIGURE_COLUMNS + REGION_COLUMNS for sign in ("", "-")],
    "_export": list(EXPORT_FORMATS),
}
KNOWN = list(VALID)

# Every public URL; "{}" is a slug drawn from the list (or anything at all).
URLS = [
    ("/", None),
    ("/districts/", None),
    ("/districts/{}/", REGIONS),
    ("/compare/", None),
    ("/indicators/", None),
    ("/indicators/{}/", INDICATORS),
    ("/industries/", None),
    ("/industries/{}/", INDUSTRIES),
    ("/sources/", None),
    ("/sources/{}/", SOURCES),
    ("/data/", None),
    ("/coverage/", None),
]

# --- strategies -------------------------------------------------------------------------------

# Text a browser can send (lone surrogates cannot be encoded at all).
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
control_text = st.builds(
    lambda before, c, after: f"{before}{c}{after}",
    st.sampled_from(["", "a", "haidian", "2024"]),
    st.characters(categories=("Cc",)),
    st.sampled_from(["", "b", "-01"]),
)
long_text = st.builds(
    lambda c, n: c * n,
    st.sampled_from(["a", "字", "1", "-"]),
    st.integers(MAX_VALUE_LENGTH - 5, 12_000),
)
numbers = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([2**63, 2**63 - 1, 2**64, -(2**63), -1, -5, 0, 10**6, MAX_PAGE + 1, 101]),
).map(str)
odd_numbers = st.sampled_from(
    [
        "1e400",
        "NaN",
        "Infinity",
        "-0",
        "2023.0",
        "2023.5",
        "１２",
        "٣",
        "0x10",
        " 2",
        "2 ",
        "+3",
        "1_000",
    ]
)
dates = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
    st.sampled_from(["2024-02-30", "2024-13-01", "99999-01-01", "0001-01-01", "2024/01/01"]),
)


def value_for(name: str):
    """A value as text (percent-encoded as UTF-8) or raw bytes (often not UTF-8 at all)."""
    options = [any_text, control_text, long_text, numbers, odd_numbers, dates]
    if name in VALID:
        options = [st.sampled_from(VALID[name])] * 3 + options
    return st.one_of(st.one_of(options), st.binary(max_size=8))


unknown_names = st.one_of(
    st.sampled_from(["anything", "region[]", "regions[]", "utm_source", "PAGE", "Sort", "", "x"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_[]", min_size=1, max_size=12),
    any_text,
)


@st.composite
def pairs(draw):
    name = draw(st.one_of(st.sampled_from(KNOWN), st.sampled_from(KNOWN), unknown_names))
    return name, draw(value_for(name))


# Known parameters with valid values only: the combinations that reach the database.
valid_pairs = st.sampled_from(KNOWN).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(VALID[name]))
)


def encode(value) -> str:
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="")


@st.composite
def addresses(draw, template, slugs):
    path = template
    if slugs is not None:
        slug = draw(
            st.one_of(
                st.sampled_from(slugs),
                st.sampled_from(slugs),
                st.from_regex(r"[-a-zA-Z0-9_]{1,30}", fullmatch=True),
                any_text.filter(bool),
            )
        )
        path = template.format(quote(slug, safe=""))
    drawn = draw(st.one_of(st.lists(pairs(), max_size=6), st.lists(valid_pairs, max_size=5)))
    query = "&".join(f"{encode(n)}={encode(v)}" for n, v in drawn)
    return f"{path}?{query}" if query else path


ACCEPT_ENCODINGS = st.sampled_from(
    ["", "gzip", "gzip;q=0", "identity", "*;q=0", "gzip;q=0.5, identity", "*", "br", "GZIP;Q=1"]
)

# --- what every answer must be ----------------------------------------------------------------

ALERT = re.compile(r'role="alert">(.*?)</(?:ul|div)>', re.S)
LANGUAGE_LINK = re.compile(r'<p class="lang-switch">\s*<a href="([^"]*)"')


def is_same_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def check_answer(response, address: str, accept_encoding: str = "") -> None:
    status = response.status_code
    assert status in {200, 302, 400, 404}, f"{address}: {status}"
    if response.get("Content-Encoding") == "gzip":
        assert accepts_gzip(accept_encoding), f"{address}: gzip for {accept_encoding!r}"
        body = gzip.decompress(response.content)
    else:
        body = response.content
    if status == 302:
        assert is_same_site_path(response["Location"]), response["Location"]
        return
    if not response["Content-Type"].startswith("text/html"):
        assert status == 200 and "_export=" in address, address
        return
    # Bounded work: the largest page is MAX_PER_PAGE figures (about 90 kB), whatever was asked.
    assert len(body) < 500_000, f"{address}: {len(body)} bytes"
    html = body.decode()
    link = LANGUAGE_LINK.search(html)
    assert link and is_same_site_path(link.group(1)), f"{address}: {link and link.group(1)}"
    if status == 400:
        alert = ALERT.search(html)
        assert alert, f"{address}: a 400 without a message"
        assert re.sub(r"<[^>]+>", "", alert.group(1)).strip(), f"{address}: an empty message"


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
@pytest.mark.parametrize(("template", "slugs"), URLS, ids=[t for t, _ in URLS])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # several people share the working tree: no .hypothesis/ written into it
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_query_on_any_public_page_is_answered_without_a_server_error(
    client, prefix, template, slugs, data
):
    address = prefix + data.draw(addresses(template, slugs), label="address")
    accept_encoding = data.draw(ACCEPT_ENCODINGS, label="Accept-Encoding")
    response = client.get(address, HTTP_ACCEPT_ENCODING=accept_encoding)
    event(f"status {response.status_code}")
    check_answer(response, address, accept_encoding)


# --- per_page and page ------------------------------------------------------------------------

TABLE_PAGES = [
    "/data/",
    "/districts/",
    "/sources/basss-report-2023/",
    "/indicators/core-industries-revenue/",
]


def problems(response) -> str:
    alert = ALERT.search(response.content.decode())
    assert alert, "no message on the 400 page"
    return re.sub(r"<[^>]+>", "", alert.group(1))


@pytest.mark.parametrize("page", TABLE_PAGES)
@pytest.mark.parametrize("value", ["-1", "-5", "0", "abc", str(2**63), str(10**6), "101", "1.5"])
def test_a_page_size_outside_1_to_the_maximum_is_a_400_naming_the_range(client, page, value):
    response = client.get(page, {"per_page": value})
    assert response.status_code == 400
    message = problems(response)
    assert "per_page" in message and str(MAX_PER_PAGE) in message and value in message


@pytest.mark.parametrize("page", TABLE_PAGES)
@pytest.mark.parametrize("value", ["-1", "0", "abc", str(2**63), str(MAX_PAGE + 1), "１"])
def test_a_page_number_outside_1_to_the_bound_is_a_400(client, page, value):
    response = client.get(page, {"page": value})
    assert response.status_code == 400
    assert "page" in problems(response) and str(MAX_PAGE) in problems(response)


def test_the_largest_page_size_is_served_and_no_more(client):
    html = client.get("/en/data/", {"per_page": str(MAX_PER_PAGE)}).content.decode()
    assert html.count("<tr>") - 1 == MAX_PER_PAGE  # the data release has 157 figures
    html = client.get("/en/data/").content.decode()
    assert html.count("<tr>") - 1 == 50  # the default stays


@pytest.mark.parametrize("page", TABLE_PAGES)
def test_the_last_allowed_page_number_answers(client, page):
    assert client.get(page, {"page": str(MAX_PAGE)}).status_code == 200


# --- _export and sort -------------------------------------------------------------------------


@pytest.mark.parametrize("page", TABLE_PAGES)
@pytest.mark.parametrize("fmt", ["ods", "xls", "yaml", "json", "latex", "tsv", "html", "pdf"])
def test_only_csv_and_xlsx_downloads_are_offered(client, page, fmt):
    response = client.get(page, {"_export": fmt})
    assert response.status_code == 400
    message = problems(response)
    assert "_export" in message and "csv" in message and "xlsx" in message


@pytest.mark.parametrize("page", ["/data/", "/districts/"])
@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")],
)
def test_csv_and_xlsx_downloads_still_work(client, page, fmt, content_type):
    response = client.get(page, {"_export": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


@pytest.mark.parametrize(
    ("page", "download"),
    [
        (
            "/en/sources/basss-report-2023/?_export=csv&sort=-period",
            "/en/data/?source=basss-report-2023&sort=-period&_export=csv",
        ),
        # An indicator page downloads its ranking itself (tests/test_downloads.py).
    ],
)
def test_a_download_from_a_figures_table_is_data_s_download_of_the_same_rows(
    client, page, download
):
    response = client.get(page)
    assert response.status_code == 302 and response["Location"] == download
    assert client.get(download).status_code == 200


@pytest.mark.parametrize("page", TABLE_PAGES)
@pytest.mark.parametrize("sort", ["bogus", "-nothing", "x_quote", "x_note", "brand", "figure,kind"])
def test_sorting_by_a_column_the_table_does_not_offer_is_a_400(client, page, sort):
    # x_quote, x_note: columns only the downloads show; brand: shown on /districts/, not sortable
    response = client.get(page, {"sort": sort})
    assert response.status_code == 400
    assert "sort" in problems(response)


@pytest.mark.parametrize(
    "address",
    ["/data/?sort=-figure", "/data/?sort=source", "/districts/?sort=-code", "/districts/?sort="],
)
def test_sorting_by_an_offered_column_answers(client, address):
    assert client.get(address).status_code == 200


# --- every other parameter --------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/data/?kind=actual&kind=target",
        "/data/?page=1&page=2",
        "/compare/?topic=ai&topic=data",
        "/districts/haidian/?as_of=2024-01-01&as_of=2025-01-01",
        "/indicators/core-industries-revenue/?period=a&period=b",
    ],
)
def test_a_parameter_given_twice_is_a_400_naming_it(client, address):
    response = client.get(address)
    assert response.status_code == 400
    name = address.split("?")[1].split("=")[0]
    assert name in problems(response)


def test_compare_takes_its_regions_as_a_list(client):
    assert client.get("/compare/?regions=haidian&regions=chaoyang").status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/data/?region=" + "a" * 10_000,
        "/districts/?q=" + "a" * 10_000,
        "/compare/?regions=" + "haidian," * 2_000,
        "/industries/?x=" + "a" * 10_000,
    ],
)
def test_a_very_long_query_is_a_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert str(MAX_QUERY_LENGTH) in problems(response)


@pytest.mark.parametrize("name", ["region", "q", "period", "as_of", "regions"])
def test_a_value_longer_than_the_limit_is_a_400_naming_the_parameter(client, name):
    page = {
        "region": "/data/",
        "q": "/districts/",
        "period": "/indicators/core-industries-revenue/",
        "as_of": "/districts/haidian/",
        "regions": "/compare/",
    }[name]
    response = client.get(page, {name: "x" * (MAX_VALUE_LENGTH + 1)})
    assert response.status_code == 400
    message = problems(response)
    assert name in message and str(MAX_VALUE_LENGTH) in message


@pytest.mark.parametrize(
    "address",
    [
        "/data/?region=%00",
        "/districts/?q=hai%00dian",
        "/compare/?regions=haidian%0A,chaoyang",
        "/districts/haidian/?as_of=2024-01-01%0D",
        "/indicators/core-industries-revenue/?period=%7F",
        "/sources/?x=%C2%85",
        "/industries/?%00=1",
        "/?q=%1B",
    ],
)
def test_control_characters_are_a_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "U+00" in problems(response)


@pytest.mark.parametrize(
    "address",
    ["/data/?region=%ff", "/districts/?q=%C3", "/compare/?regions=%ED%A0%80", "/industries/?%fe=1"],
)
def test_a_query_that_is_not_utf_8_is_a_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "UTF-8" in problems(response)


@pytest.mark.parametrize(
    "address",
    [
        "/data/?region[]=haidian",
        "/data/?region%5B0%5D=haidian&region%5B1%5D=chaoyang",
        "/?anything=1",
        "/industries/artificial-intelligence/?utm_source=x",
    ],
)
def test_unknown_parameters_and_arrays_are_ignored(client, address):
    assert client.get(address).status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/data/?year=1e400",
        "/data/?year=2023.5",
        "/data/?as_of=99999-01-01",
        "/data/?as_of=0001-01-01",
        "/compare/?as_of=2024-02-30",
        "/districts/haidian/?as_of=NaN",
        "/indicators/core-industries-revenue/?period=2023",
        "/compare/?indicator=%3Cscript%3E",
        "/districts/?industry=" + "9" * 30,
    ],
)
def test_malformed_dates_years_periods_and_choices_are_a_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert problems(response).strip()


# --- the language switch ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("//evil.example/x", "/en/"),
        ("//evil.example/x?y=1", "/en/"),
        ("/en//evil.example/x", "/"),
        ("///evil.example/", "/en/"),
        ("/%5Cevil.example/x", "/en/"),
        ("/districts/atlantis/", "/en/districts/atlantis/"),
        ("/districts/haidian/?as_of=2024-01-01", "/en/districts/haidian/?as_of=2024-01-01"),
    ],
)
def test_the_language_link_is_always_a_path_on_this_site(client, address, expected):
    response = client.get(address)
    assert response.status_code in {200, 404}
    link = LANGUAGE_LINK.search(response.content.decode()).group(1)
    assert link.replace("&amp;", "&") == expected
    assert 'href="//' not in response.content.decode()


# --- gzip only to clients that accept it ------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "gzipped"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("*", True),
        ("gzip;q=0.001", True),
        ("gzip;q=0.5, identity;q=0.5", True),
        ("identity;q=0, *", True),
        ("identity;q=0, gzip", True),
        ("br;q=1, gzip;q=0.8, *;q=0.1", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("gzip;q=0.000", False),
        ("*;q=0", False),
        ("*, gzip;q=0", False),
        ("gzip;q=0.5, identity", False),
        ("gzip;q=0.5, *", False),
        ("gzip;q=abc", False),
        ("gzip;q=2", False),
        ("gzip, gzip;q=0", False),
        ("deflate;q=0.5, *;q=0", False),
    ],
)
def test_accept_encoding_q_values_decide_the_compressed_copy(header, gzipped):
    assert accepts_gzip(header) is gzipped


@pytest.mark.parametrize("header", ["gzip;q=0", "*;q=0", "gzip;q=0.5, identity"])
def test_a_client_refusing_gzip_gets_the_plain_cached_page(client, header):
    plain = client.get("/districts/beijing/")  # rendered, then cached twice
    again = client.get("/districts/beijing/", HTTP_ACCEPT_ENCODING=header)
    assert "Content-Encoding" not in again
    assert again.content == plain.content
    compressed = client.get("/districts/beijing/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"


# --- the page cache stays bounded -------------------------------------------------------------


@pytest.fixture
def stored(monkeypatch):
    """The keys the page cache stores during the test."""
    keys = []
    set_many = caching.cache.set_many

    def recording(mapping, *args, **kwargs):
        keys.extend(mapping)
        return set_many(mapping, *args, **kwargs)

    monkeypatch.setattr(caching.cache, "set_many", recording)
    return keys


def test_the_cache_does_not_grow_with_unknown_parameters(client, stored):
    for n in range(15):
        assert client.get(f"/data/?utm_{n}={n}").status_code == 200
        assert client.get(f"/?nonce={n}").status_code == 200
        assert client.get(f"/industries/?x={n}").status_code == 200
    assert stored == []
    client.get("/data/")
    assert len(stored) == 2  # the page, plain and gzipped


def test_one_query_in_any_order_or_encoding_is_one_cache_entry(client, stored):
    for address in [
        "/data/?kind=actual&topic=ai",
        "/data/?topic=ai&kind=actual",
        "/data/?kind=%61ctual&topic=ai",
    ]:
        assert client.get(address).status_code == 200
    assert len(stored) == 2


def test_searches_page_sizes_and_errors_are_not_cached(client, stored):
    for n in range(20):
        client.get("/districts/", {"q": f"海{n}"})
        client.get("/data/", {"per_page": str(n + 1)})
        client.get("/data/", {"per_page": "-1"})
        client.get("/data/", {"region": f"nowhere-{n}"})
        client.get("/data/", {"_export": "ods"})
    assert stored == []


def test_answers_larger_than_the_limit_are_not_cached(client, stored, monkeypatch):
    monkeypatch.setattr(caching, "MAX_CACHED_BYTES", 10_000)
    assert client.get("/data/").status_code == 200  # about 50 kB
    assert client.get("/sources/").status_code == 200  # about 3 kB
    assert len(stored) == 2
