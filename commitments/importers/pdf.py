"""Text of a report published as PDF: its lines in reading order, paragraphs rebuilt, page furniture dropped.

A PDF holds positioned lines, not paragraphs. Lines are read per page with pdfminer.six; a running header or
footer is a line in the top or bottom band of the page that repeats on most pages (page numbers differing), or a
bare page number ("3", "- 3 -", "第3页 共20页"). A line continues the paragraph before it unless that one stops short
of the right edge (a paragraph's last line, a heading), or this one is indented, or a wider gap than the line
spacing stands between them, or that one ended a sentence and a heading mark opens this one. Across a page
break the same rule holds, so a sentence broken by the page is joined again. A PDF without a text layer (a
scan) is refused: its words are pictures.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from commitments.importers.debris import HEADING_MARK
from commitments.importers.errors import ReportImportError

_BAND = 0.09  # share of the page height at top and bottom where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(?:第\s*)?[0-9０-９IVXivx]{1,4}(?:\s*页)?(?:\s*[/／共]\s*[0-9０-９]{1,4}\s*页?)?[\s\-—–－·•]*$"
)
_DIGITS = re.compile(r"[0-9０-９]+")
_ENDS = "。！？；：:;!?”’」』）)"
_MIN_TEXT_PER_PAGE = 20  # characters: fewer on average means the pages are pictures
SCANNED = (
    "这是扫描版 PDF（页面是图片，没有文字层），无法读取其中的文字。"
    "请上传文字版 PDF，或先做文字识别（OCR）另存为文本后再上传。"
)


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    height: float
    page: int
    page_height: float


def _lines(data: bytes) -> list[_Line]:
    from pdfminer.high_level import extract_pages  # only PDF uploads need pdfminer
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    # Lines are sorted below by page and position, so pdfminer's ordering of text boxes (boxes_flow) is skipped:
    # it is a fifth of the reading time.
    layout = LAParams(line_margin=0.3, boxes_flow=None)
    lines: list[_Line] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=layout)):
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                for line in element:
                    if isinstance(line, LTTextLine) and (text := line.get_text().strip()):
                        top = page.height - line.y1
                        lines.append(_Line(text, line.x0, line.x1, top, line.height, number, page.height))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ReportImportError("PDF 文件设有密码或加密，无法读取。请上传未加密的文件。") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ReportImportError("PDF 文件已损坏或格式不对，无法读取。") from exc
    lines.sort(key=lambda ln: (ln.page, round(ln.top), ln.x0))
    return lines


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of running headers, footers and page numbers."""
    pages = len({ln.page for ln in lines}) or 1
    in_band = [
        i for i, ln in enumerate(lines) if ln.top < ln.page_height * _BAND or ln.top > ln.page_height * (1 - _BAND)
    ]
    shapes = Counter(_DIGITS.sub("#", lines[i].text) for i in in_band)
    repeated = {shape for shape, n in shapes.items() if pages >= 2 and n >= max(2, pages // 2)}
    return {i for i in in_band if _PAGE_NUMBER.match(lines[i].text) or _DIGITS.sub("#", lines[i].text) in repeated}


def _ends_sentence(text: str) -> bool:
    return text[-1] in _ENDS


def pdf_to_text(data: bytes) -> str:
    """The report's text, one paragraph per line (DESIGN.md: most reports are published as PDF).

    Raises ReportImportError for a scan without a text layer, an encrypted or a damaged file.
    """
    lines = _lines(data)
    pages = len({ln.page for ln in lines}) or 1
    if sum(len(ln.text) for ln in lines) < _MIN_TEXT_PER_PAGE * pages:
        raise ReportImportError(SCANNED)
    skip = _furniture(lines)
    body = [ln for i, ln in enumerate(lines) if i not in skip]
    if not body:
        raise ReportImportError(SCANNED)
    left = sorted(ln.x0 for ln in body)[len(body) // 20]  # the margin: wrapped lines start there
    indent = median(ln.height for ln in body) * 0.8
    gaps = [b.top - a.top for a, b in pairwise(body) if a.page == b.page and b.top > a.top]
    spacing = median(gaps) if gaps else 0.0
    right = sorted(ln.x1 for ln in body)[int(len(body) * 0.9)]  # the text's right edge: most lines reach it
    char = median(ln.height for ln in body)
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in body:
        starts = (
            previous is None
            # a line that stops short of the right edge ends its paragraph (or is a heading)
            or previous.x1 < right - 2 * char
            or line.x0 > left + indent  # wrapped lines start at the margin: an indented one opens a paragraph
            or (line.page == previous.page and spacing and line.top - previous.top > spacing * 1.4)
            or (_ends_sentence(previous.text) and HEADING_MARK.match(line.text) is not None)
        )
        if starts:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] += line.text
        previous = line
    return "\n".join(paragraphs)
