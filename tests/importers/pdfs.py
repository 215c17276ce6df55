"""PDFs made from the sample texts for the PDF tests, in two layouts, with reportlab and a CID font (STSong-Light,
one of the Adobe Asian fonts every PDF reader has, so nothing is embedded or downloaded).

- "indented": A4, first lines indented by two characters, a running title at the top of each page and the page
  number as "— 3 —" at the bottom, as government offices print their reports.
- "spaced": a narrower page in a larger size, no indentation, a blank line between paragraphs, a right-aligned
  running header and "第 3 页 共 12 页" at the bottom.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, B5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, width: float, size: float, first_indent: float) -> list[str]:
    lines, line, room = [], "", width - first_indent
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, FONT, size) > room:
            lines.append(line)
            line, room = "", width
        line += ch
    lines.append(line)
    return lines


def make_pdf(paragraphs: list[str], *, layout: str, header: str = "政府工作报告") -> bytes:
    """A text PDF of ``paragraphs`` (one string each) in ``layout`` ("indented" or "spaced")."""
    indented = layout == "indented"
    page_w, page_h = A4 if indented else B5
    size = 12 if indented else 13
    margin = 72 if indented else 50
    leading = size * 1.6
    width = page_w - 2 * margin
    placed: list[tuple[float, str]] = []  # (x offset, text); "" between paragraphs of the spaced layout
    for paragraph in paragraphs:
        first = 2 * size if indented else 0
        for n, text in enumerate(_wrap(paragraph, width, size, first)):
            placed.append((first if n == 0 else 0, text))
        if not indented:
            placed.append((0, ""))
    per_page = int((page_h - 2 * margin) // leading)
    pages = [placed[i : i + per_page] for i in range(0, len(placed), per_page)]
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(page_w, page_h))
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(FONT, 9)
        if indented:
            pdf.drawCentredString(page_w / 2, page_h - 40, header)
            pdf.drawCentredString(page_w / 2, 30, f"— {number} —")
        else:
            pdf.drawRightString(page_w - margin, page_h - 30, header)
            pdf.drawCentredString(page_w / 2, 22, f"第 {number} 页 共 {len(pages)} 页")
        pdf.setFont(FONT, size)
        y = page_h - margin
        for x, text in lines:
            if text:
                pdf.drawString(margin + x, y, text)
            y -= leading
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_scanned_pdf(pages: int = 3) -> bytes:
    """Pages of pictures only: grey bars where lines of text would be, and no text layer."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        for row in range(30):
            pdf.setFillGray(0.3)
            pdf.rect(72, 760 - row * 22, 450, 12, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
