import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from core.quotes import occurs_in
from districts.models import Region
from indicators.models import Indicator, Observation
from sources.models import Source
from tests.conftest import SEEDS

DOCUMENT = "第一段。\n2024年全市人工智能企业\n超2400家,核心产业营收超3000亿。\n\n图 1 说明\n\n余下的句子。\n"


def test_whitespace_and_line_breaks_do_not_count():
    assert occurs_in("人工智能企业超2400家", DOCUMENT)
    assert occurs_in("人工智能 企业 超 2400 家", DOCUMENT)


def test_a_changed_number_is_not_found():
    assert not occurs_in("人工智能企业超2500家", DOCUMENT)


def test_punctuation_must_match():
    assert not occurs_in("超2400家，核心产业", DOCUMENT)  # full-width comma; the document has ","


def test_an_elision_joins_parts_split_by_a_caption():
    assert occurs_in("核心产业营收超3000亿。…余下的句子", DOCUMENT)
    assert not occurs_in("余下的句子…核心产业营收", DOCUMENT)  # parts must come in order


@pytest.fixture
def one_cited_figure(empty_db):
    source = Source.objects.create(
        slug="doc",
        title="测试文档",
        publisher="测试",
        published=dt.date(2025, 1, 1),
        language="zh",
        kind="news",
        file_name="doc.txt",
    )
    region = Region.objects.create(
        slug="beijing",
        code="110000",
        kind="city",
        name_zh="北京市",
        name_en="Beijing",
        short_name_zh="北京",
        short_name_en="Beijing",
    )
    indicator = Indicator.objects.create(
        slug="ai-firms",
        name_zh="人工智能企业数",
        name_en="AI firms",
        unit="家",
        topic="ai",
        nature="stock",
        value_type="count",
    )
    return Observation.objects.create(
        indicator=indicator,
        region=region,
        value=Decimal(2400),
        qualifier="more_than",
        granularity="year",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        source=source,
        quote="2024年全市人工智能企业超2400家",
    )


def test_verify_quotes_passes_on_good_quotes(tmp_path, one_cited_figure, capsys):
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    call_command("verify_quotes", str(tmp_path))
    assert "1 quotes verified" in capsys.readouterr().out


def test_verify_quotes_fails_on_a_tampered_quote(tmp_path, one_cited_figure, capsys):
    (tmp_path / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    one_cited_figure.quote = "2024年全市人工智能企业超2500家"
    one_cited_figure.save()
    with pytest.raises(CommandError, match="1 of 1 quotes failed"):
        call_command("verify_quotes", str(tmp_path))
    assert "超2500家" in capsys.readouterr().err


def test_verify_quotes_fails_when_the_document_is_missing(tmp_path, one_cited_figure):
    with pytest.raises(CommandError):
        call_command("verify_quotes", str(tmp_path))


@pytest.mark.django_db
def test_every_quote_in_the_data_release_occurs_in_its_report():
    assert SEEDS.is_dir(), f"the source reports are expected at {SEEDS}"
    call_command("verify_quotes", str(SEEDS))
