"""Reading what editors upload, and refusing what cannot be read: a clear message, never a 500."""

import codecs

import pytest

from ingestion.models import FileType
from ingestion.readers import ReadError, decode_text, read_document, read_pasted
from tests.ingestion import files


def test_plain_utf8_text():
    read = read_document(files.TEXT_ZH.encode("utf-8"), "report.txt")
    assert (read.text, read.file_type, read.encoding) == (files.TEXT_ZH, FileType.TEXT, "utf-8")
    assert len(read.sha256) == 64 and read.size == len(files.TEXT_ZH.encode())


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + files.TEXT_ZH.encode("utf-8"), "utf-8"),
        (files.TEXT_ZH.encode("utf-16"), "utf-16"),  # with its BOM
        (files.TEXT_ZH.encode("utf-16-le"), "utf-16-le"),  # without a BOM
        (files.TEXT_ZH.encode("utf-16-be"), "utf-16-be"),
        (files.TEXT_ZH.encode("gbk"), "gb18030"),
        (files.TEXT_ZH.encode("gb18030"), "gb18030"),
    ],
)
def test_gbk_and_utf16_are_accepted(data, encoding):
    text, found = decode_text(data)
    assert text == files.TEXT_ZH
    assert found == encoding


def test_markdown_and_html():
    assert read_document("# 标题\n\n正文".encode(), "a.md").file_type == FileType.MARKDOWN
    html = (
        "<!doctype html><html><head><style>p{}</style><script>var x=1;</script></head><body>"
        "<h1>报告</h1><p>全市5G基站<b>13.39万个</b>。</p><table><tr><th>批次</th><th>北京</th></tr>"
        "<tr><td>第一批</td><td>5</td></tr></table></body></html>"
    )
    read = read_document(html.encode("utf-8"), "page.html")
    assert read.file_type == FileType.HTML
    assert "全市5G基站13.39万个。" in read.text
    assert "var x" not in read.text and "p{}" not in read.text
    assert "| 第一批 | 5 |" in read.text


def test_pdf_with_a_text_layer():
    read = read_document(files.pdf_with_text(["Beijing has registered 132 large models."]))
    assert read.file_type == FileType.PDF
    assert "132 large models" in read.text


def test_docx_paragraphs_and_tables():
    read = read_document(files.docx_report(), "report.docx")
    assert read.file_type == FileType.DOCX
    assert "5G基站10.6万个" in read.text
    assert "| 第一批 | 5 | 8 |" in read.text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "空的"),
        (b"   \n\n  ", "blank.txt", "空的"),
        (files.pdf_without_text(), "scan.pdf", "没有文字层"),
        (files.encrypted_pdf(), "locked.pdf", "已加密"),
        (b"%PDF-1.4\n garbage that is no pdf", "broken.pdf", "无法读取这个 PDF"),
        (b"not a pdf at all", "fake.pdf", "不是 PDF"),
        (b"PK\x03\x04 broken zip", "broken.docx", "无法读取"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "old.doc", ".doc"),
        (bytes(range(256)) * 40, "binary.txt", "不是文本文件"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data, name, message):
    with pytest.raises(ReadError) as refused:
        read_document(data, name)
    assert message in str(refused.value)


def test_a_50_mb_file_is_refused_before_it_is_read():
    with pytest.raises(ReadError, match="超过上限"):
        read_document(b"x" * (50 * 1024 * 1024), "huge.txt")


def test_a_docx_zip_bomb_is_refused(settings):
    settings.INGESTION_MAX_UNPACKED_BYTES = 4 * 1024 * 1024
    bomb = files.zip_bomb(16 * 1024 * 1024)
    assert len(bomb) < 200_000  # small on disk, sixteen times the limit unpacked
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_document(bomb, "bomb.docx")


def test_the_limits_are_settings(settings):
    settings.INGESTION_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ReadError, match="超过上限"):
        read_document(b"12345678901", "a.txt")
    settings.INGESTION_MAX_TEXT_CHARS = 5
    with pytest.raises(ReadError, match="超过上限"):
        read_pasted("一二三四五六")


def test_pasted_text_is_cleaned_of_control_characters():
    read = read_pasted("全市\x00数字经济\r\n增加值\x0c达2.2万亿元")
    assert read.text == "全市数字经济\n增加值\n\n达2.2万亿元"
    assert read.file_type == FileType.PASTED
    with pytest.raises(ReadError):
        read_pasted("  \n ")
