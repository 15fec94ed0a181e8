"""Numbered releases: publishing, changelogs, frozen downloads, the footer and the data package."""

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import validate

from core.models import bump_data_version
from indicators.models import Observation
from releases.identity import observation_figure_id, parse_figure_id
from releases.models import Immutable, Release, ReleaseFile
from releases.services import NothingToPublish, publish_release
from tests.test_query_counts import MAX_QUERIES, PAGES

pytestmark = pytest.mark.django_db


def latest() -> Release:
    return Release.objects.order_by("-number").first()


def fetch_all(client, release) -> dict[str, bytes]:
    files = {}
    for stored in release.files.all():
        response = client.get(f"/releases/{release.number}/files/{stored.name}")
        assert response.status_code == 200, stored.name
        files[stored.name] = response.content
    return files


def test_a_release_exists_after_setup_and_lists_its_files(client):
    release = latest()
    assert release is not None
    names = set(release.files.values_list("name", flat=True))
    assert {
        "datapackage.json",
        "statements.csv",
        "regions.csv",
        "indicators.csv",
        "sources.csv",
        "sites.csv",
        f"bjdigital-release-{release.number}.xlsx",
        f"bjdigital-release-{release.number}.json",
    } == names
    assert release.counts["statements"] == Observation.objects.count()
    for prefix in ("", "/en"):
        page = client.get(f"{prefix}/releases/{release.number}/")
        assert page.status_code == 200
        html = page.content.decode()
        for name in names:
            assert f"/releases/{release.number}/files/{name}" in html
        assert client.get(f"{prefix}/releases/").status_code == 200


def test_every_file_is_served_byte_for_byte_with_its_hash(client):
    release = latest()
    for stored in release.files.all():
        response = client.get(f"/releases/{release.number}/files/{stored.name}")
        assert hashlib.sha256(response.content).hexdigest() == stored.sha256
        assert response["ETag"] == f'"{stored.sha256}"'
        assert "immutable" in response["Cache-Control"]
        again = client.get(
            f"/releases/{release.number}/files/{stored.name}", HTTP_IF_NONE_MATCH=response["ETag"]
        )
        assert again.status_code == 304
    assert client.get(f"/releases/{release.number}/files/nothing.csv").status_code == 404
    assert client.post(f"/releases/{release.number}/files/statements.csv").status_code == 405


def test_downloads_never_change_after_later_edits_and_releases(client):
    first = latest()
    before = fetch_all(client, first)

    obs = Observation.objects.order_by("pk").first()
    obs.value = obs.value + Decimal(1)
    obs.quote = obs.quote + " (edited)"
    obs.save()
    publish_release("After an edit")

    assert fetch_all(client, first) == before
    second = latest()
    assert second.number == first.number + 1
    assert fetch_all(client, second)["statements.csv"] != before["statements.csv"]


def test_the_changelog_lists_statements_added_changed_and_removed(client):
    previous = latest()
    changed = Observation.objects.with_related().order_by("pk")[0]
    removed = Observation.objects.with_related().order_by("pk")[1]
    old_value = str(changed.value.normalize())
    changed.value = Decimal("123.5")
    changed.save()
    removed_id = observation_figure_id(removed)
    removed_source = removed.source.slug
    removed.delete()
    added = Observation.objects.create(
        indicator=changed.indicator,
        region=changed.region,
        value=Decimal("7"),
        qualifier="exact",
        kind="expected",
        granularity="year",
        period_start=dt.date(2031, 1, 1),
        period_end=dt.date(2031, 12, 31),
        source=changed.source,
        quote="测试",
    )

    call_command("publish_release", "--note", "Corrections", verbosity=0)
    release = latest()
    log = release.changelog
    assert release.number == previous.number + 1 and log["previous"] == previous.number
    assert [e["figure_id"] for e in log["added"]] == [observation_figure_id(added)]
    assert [(e["figure_id"], e["source"]) for e in log["removed"]] == [(removed_id, removed_source)]
    assert len(log["changed"]) == 1
    assert log["changed"][0]["figure_id"] == observation_figure_id(changed)
    assert log["changed"][0]["changes"]["value"][1] == "123.5"
    assert Decimal(log["changed"][0]["changes"]["value"][0]) == Decimal(old_value)

    page = client.get(f"/en/releases/{release.number}/").content.decode()
    assert "123.5" in page and observation_figure_id(added).split(".")[0] in page
    # Keyed by the figure identity: every entry names all of its parts.
    for entry in log["added"] + log["removed"] + log["changed"]:
        assert parse_figure_id(entry["figure_id"]) is not None
        for part in ("indicator", "region", "site", "period_start", "period_end", "kind", "source"):
            assert part in entry


def test_publishing_unchanged_data_is_refused_unless_forced():
    number = latest().number
    with pytest.raises(NothingToPublish):
        publish_release("Nothing new")
    with pytest.raises(CommandError):
        call_command("publish_release", "--note", "Nothing new", verbosity=0)
    call_command("publish_release", "--if-none", "--note", "Only on a fresh database", verbosity=0)
    assert latest().number == number
    publish_release("A re-issue", force=True)
    assert latest().number == number + 1 and latest().changelog["added"] == []


def test_published_rows_never_change():
    release = latest()
    stored = release.files.first()
    stored.content = b"tampered"
    with pytest.raises(Immutable):
        stored.save()
    with pytest.raises(Immutable):
        ReleaseFile.objects.filter(pk=stored.pk).update(content=b"x")
    with pytest.raises(Immutable):
        Release.objects.filter(pk=release.pk).delete()
    with pytest.raises(Immutable):
        release.delete()


def test_the_data_package_validates_with_frictionless(client, tmp_path):
    release = latest()
    for name, content in fetch_all(client, release).items():
        (tmp_path / name).write_bytes(content)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    # A Table Schema for every table of every file: five CSV files, the workbook's five sheets
    # and the JSON document's five arrays.
    paths = {r["path"] for r in package["resources"]}
    assert paths == {p.name for p in tmp_path.iterdir()} - {"datapackage.json"}
    assert all(r["schema"]["fields"] for r in package["resources"])
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 15


def test_the_frictionless_check_catches_a_bad_file(tmp_path, client):
    """The validation above would catch a wrong file: a changed byte fails its hash."""
    release = latest()
    for name, content in fetch_all(client, release).items():
        (tmp_path / name).write_bytes(content)
    csv_path = tmp_path / "statements.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b",exact,", b",exactly,", 1))
    assert not validate(str(tmp_path / "datapackage.json")).valid


# --- The footer ---------------------------------------------------------------------------------


def footer(client, path) -> str:
    html = client.get(path).content.decode()
    return re.search(r'<p class="release-line">(.*?)</p>', html, re.S).group(1)


@pytest.mark.usefixtures("no_page_cache")
def test_every_page_names_its_release_and_says_when_edits_are_newer(client):
    number = latest().number
    for path in ["/", "/districts/haidian/", "/en/data/", "/releases/"]:
        line = footer(client, path)
        assert f"/releases/{number}/" in line, path
        assert "此后另有编辑" not in line and "edited since" not in line
    bump_data_version()  # an editor's save
    assert "此后另有编辑" in footer(client, "/districts/haidian/")
    assert "edited since" in footer(client, "/en/districts/haidian/")


def test_a_cached_page_shows_a_new_release_at_once(client):
    number = latest().number
    assert f"/releases/{number}/" in footer(client, "/sources/")
    publish_release("New", force=True)
    assert f"/releases/{number + 1}/" in footer(client, "/sources/")


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.usefixtures("no_page_cache")
def test_the_release_line_keeps_pages_within_their_query_budget(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) <= MAX_QUERIES
    assert sum("releases_release" in q["sql"] for q in queries) == 1
