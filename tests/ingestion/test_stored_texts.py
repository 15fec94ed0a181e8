"""verify_quotes checks quotes against a source's stored text as well as a folder of files."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.quotes import check_quotes
from districts.models import Region
from indicators.models import Indicator, Observation
from ingestion.models import Document
from sources.models import Source
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

TEXT = "测试报告:海淀区人工智能企业数量达到 1234 家。"


@pytest.fixture
def stored_source():
    source = Source.objects.create(
        slug="stored-text-report",
        title="只有存储全文的报告",
        publisher="测试",
        published=dt.date(2026, 1, 1),
        language="zh",
        kind="research_report",
    )
    Document.objects.create(
        source=source,
        text=TEXT,
        file_type="txt",
        sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
    )
    return source


def figure(source, quote):
    return Observation(
        indicator=Indicator.objects.get(slug="ai-enterprises"),
        region=Region.objects.get(slug="haidian"),
        value=1234,
        granularity="year",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        source=source,
        quote=quote,
    )


def test_a_quote_is_found_in_the_stored_text_without_any_file(stored_source):
    checked, problems = check_quotes(
        None, records=[figure(stored_source, "海淀区人工智能企业数量达到 1234 家")]
    )
    assert (checked, problems) == (1, [])


def test_a_quote_missing_from_the_stored_text_fails(stored_source):
    _, problems = check_quotes(
        None, records=[figure(stored_source, "海淀区人工智能企业数量达到 9999 家")]
    )
    assert [p.reason for p in problems] == ["not found verbatim"]


def test_the_command_checks_stored_texts_beside_the_folder(stored_source):
    figure(stored_source, "海淀区人工智能企业数量达到 1234 家").save()
    out = StringIO()
    call_command("verify_quotes", str(SEEDS), stdout=out, stderr=StringIO())
    assert "stored texts and" in out.getvalue()
    figure_row = Observation.objects.get(source=stored_source)
    figure_row.quote = "海淀区人工智能企业数量达到 9999 家"
    figure_row.save()
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_quotes", str(SEEDS), stdout=StringIO(), stderr=StringIO())
