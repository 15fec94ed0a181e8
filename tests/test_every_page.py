"""Every page of every kind, in both languages: it answers, and no two elements share an id (a
chart's data once shared its id with a heading, and the chart stayed an empty box)."""

import json
import re
from collections import Counter

import pytest

from tests.browser.test_every_page import PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_every_page_has_unique_ids_and_readable_chart_data(client, prefix):
    for path in PAGES:
        response = client.get(prefix + path)
        assert response.status_code == 200, f"{prefix}{path}"
        html = response.content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        assert [i for i, n in ids.items() if n > 1] == [], f"{prefix}{path}"
        for chart_id in re.findall(r'data-chart="([^"]+)"', html):
            data = re.search(
                rf'<script id="{re.escape(chart_id)}" type="application/json">(.*?)</script>',
                html,
                re.S,
            )
            assert data, f"{prefix}{path}: no data for {chart_id}"
            chart = json.loads(data.group(1))
            assert len(chart["labels"]) == len(chart["datasets"][0]["points"]) >= 1
