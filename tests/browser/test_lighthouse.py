"""Lighthouse (npm `lighthouse`, run with Debian's chromium) on the pages a briefing starts from,
in both languages, as a phone sees them (Lighthouse's default: a mobile screen, slow 4G and a
4× slower CPU, simulated): accessibility, best practices and SEO 100, performance at least 95.

The site is the browser tests' gunicorn with the production settings: DEBUG off, hashed and
compressed static files served by whitenoise, cached pages sent gzipped. Every report goes to
artifacts/browser/lighthouse-<page>.json, and the scores are printed (pytest -s shows them).

Performance is measured on a machine other work shares: a busy moment only ever makes a page
look slower, so a page below 95 is measured again (three runs at most) and its best run counts. A run that
Lighthouse itself asks to repeat (a trace it failed to record) counts as one of the three.
"""

import json
import os
import subprocess

import pytest

from tests.browser.conftest import CHROMIUM, SHOTS
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
MISSING_LIGHTHOUSE = (
    "\n\n*** Lighthouse is missing: run `npm ci` in the repository (make test does). ***\n"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
REQUIRED = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
PAGES = [
    "/",
    "/districts/haidian/",
    "/compare/",
    "/indicators/digital-economy-value-added/",
    "/data/",
]
RUNS = 3


def _lighthouse(url: str, report) -> dict | None:
    """Lighthouse's report, or None when Lighthouse itself asks to be run again (a trace it
    failed to record, NO_NAVSTART and the like: its own error, not the page's)."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=240,
    )
    if result.returncode != 0 and "Please run Lighthouse again" in result.stderr:
        print(f"lighthouse {url}: {result.stderr.strip().splitlines()[-1]}")
        return None
    assert result.returncode == 0, f"lighthouse {url}: {result.stderr[-2000:]}"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert not data.get("runtimeError"), data["runtimeError"]
    return data


def _failures(data: dict) -> list[str]:
    """The audits that cost points, with Lighthouse's own words for them."""
    found = []
    for name in CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(
                    f"{name}: {audit['id']} {audit['score']} {audit.get('displayValue', '')}"
                )
    return found


@pytest.mark.parametrize("language", ["", "/en"], ids=["zh", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(site, path, language):
    if not LIGHTHOUSE.exists():
        pytest.fail(MISSING_LIGHTHOUSE, pytrace=False)
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Lighthouse needs chromium at {CHROMIUM}", pytrace=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = (language + path).strip("/").replace("/", "-") or "home"
    report = SHOTS / f"lighthouse-{name}.json"
    best = None
    for run in range(1, RUNS + 1):
        data = _lighthouse(site.url + language + path, report)
        if data is None:
            continue
        scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
        print(f"lighthouse {language + path} run {run}: {scores}")
        if best is None or scores["performance"] > best[0]["performance"]:
            best = (scores, data)
        if scores["performance"] >= REQUIRED["performance"]:
            break
    assert best, f"{language + path}: Lighthouse could not record the page in {RUNS} runs"
    scores, data = best
    report.write_text(json.dumps(data), encoding="utf-8")
    short = [c for c in CATEGORIES if scores[c] < REQUIRED[c]]
    assert not short, f"{language + path}: {scores}\n" + "\n".join(_failures(data))
