"""Report files made for the tests: PDFs with and without a text layer, encrypted, DOCX, a zip
bomb, text in several encodings."""

import io
import zipfile

import docx
from pypdf import PdfReader, PdfWriter

TEXT_ZH = "2024年,北京市数字经济增加值达2.2万亿元,占GDP比重45%。\n"


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds these (ASCII) lines, written by hand."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        f"({line.replace('(', '[').replace(')', ']')}) '" for line in lines
    )
    content += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def pdf_without_text() -> bytes:
    """What a scanner makes, as far as text goes: pages with no text layer."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    reader = PdfReader(io.BytesIO(pdf_with_text(["Beijing has registered 132 large models."])))
    writer = PdfWriter()
    writer.append_pages_from_reader(reader)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_report() -> bytes:
    document = docx.Document()
    document.add_paragraph("2023年北京数字经济报告")
    document.add_paragraph("截至2023年11月末,全市累计建设5G基站10.6万个,每万人拥有5G基站数48个。")
    document.add_paragraph("表 1 中央网信办大模型产品备案数量")
    document.add_paragraph("单位:款")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [("批次", "北京", "全国"), ("第一批", "5", "8"), ("第二批", "10", "11")]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb(unpacked_bytes: int) -> bytes:
    """A DOCX-looking archive whose one part unpacks to ``unpacked_bytes`` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()
