import pytest

from indicators.models import Observation

pytestmark = pytest.mark.django_db


def test_source_list_shows_all_five_documents_with_counts(client):
    html = client.get("/sources/").content.decode()
    assert "2023年北京全球数字经济标杆城市建设发展报告" in html
    assert "How to Build a Benchmark City for the Global Digital Economy?" in html


def test_source_page_lists_every_figure_taken_from_it(client):
    response = client.get("/sources/press-conference-2025-03-20/")
    html = response.content.decode()
    expected = Observation.objects.filter(source__slug="press-conference-2025-03-20").count()
    assert len(response.context["table"].rows) == expected
    assert "支持海淀区打造人工智能产业高地" in html  # a brand taken from it
