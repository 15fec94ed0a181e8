"""An editor ingests report 002 in Chromium: upload, review the candidates, publish some."""

import pytest

from tests.browser.conftest import EDITOR
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser


def test_editor_ingests_report_002(watched, site):
    page = watched.page
    watched.goto("/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.click("input[type=submit]")
    watched.after_navigation()
    assert "login" not in page.url

    watched.goto("/admin/ingestion/document/add/")
    watched.shot("upload-form")
    page.select_option("#id_source", label="2023年北京全球数字经济标杆城市建设发展报告 (2024)")
    page.set_input_files("#id_file", str(next(SEEDS.glob("002_*.txt"))))
    page.click("input[type=submit]")
    watched.after_navigation()
    assert "/review/" in page.url
    assert "找到" in page.inner_text(".messagelist")
    # The document, with its candidates marked in place.
    marks = page.locator("pre.document a.mark")
    assert marks.count() > 80
    assert "18766.7亿元" in page.inner_text("pre.document")
    watched.shot("review")

    # Candidates already in the data: select two and publish them.
    page.click("nav.candidate-filters a:has-text('已在数据中')")
    watched.after_navigation()
    rows = page.locator("#candidates tbody tr.candidate")
    assert rows.count() >= 2
    chosen = [rows.nth(i).get_attribute("id") for i in range(2)]
    for row_id in chosen:
        page.check(f"#{row_id} input[name$='-selected']")
        page.check(f"#{row_id} input[name$='-confirm_warnings']")
    watched.shot("selected")
    page.click("input[name=_confirm_selected]")
    watched.after_navigation()
    assert "已发布 2 个数字" in page.inner_text(".messagelist")
    watched.shot("published")

    # They are figures now; the rest wait for review (the state is in the database).
    watched.goto(page.url.split("?")[0].removeprefix(site.url) + "?show=confirmed")
    assert page.locator("#candidates tbody tr.candidate").count() == 2
    page.click("#candidates tbody tr.candidate >> nth=0 >> text=已发布为数据")
    watched.after_navigation()
    assert "/admin/indicators/observation/" in page.url
    page.click("text=历史")
    watched.after_navigation()
    assert "ingested from basss-report-2023" in page.inner_text("#content")
    watched.shot("history")
    watched.assert_clean()
