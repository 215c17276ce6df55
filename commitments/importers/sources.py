"""Report files as uploaded: plain text (UTF-8 or GBK), a web page saved from a browser, a Word
document (.docx) or a text PDF. Everything else is refused with a message the uploader can act on.
"""

import io
import re
import zipfile
from html.parser import HTMLParser

from commitments.importers.errors import ReportImportError
from commitments.importers.pdf import pdf_to_text

MAX_BYTES = 5 * 1024 * 1024

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_BINARY = "这不是文本、网页、Word（.docx）或 PDF 文件，无法读取。请上传报告的 .txt、.html、.docx 或 .pdf 文件。"
_REFUSED_MAGIC = [
    (b"\x89PNG", _BINARY),
    (b"\xff\xd8\xff", _BINARY),
    (b"GIF8", _BINARY),
    (b"\xd0\xcf\x11\xe0", "暂不支持旧版 Word（.doc）或 Excel 文件，请另存为 .docx 或文本文件。"),
]
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<p[\s>])", re.IGNORECASE)
_CONTROL_SHARE = 0.01  # real text has almost no control characters; binary data has many


def read_source(data: bytes, *, filename: str = "") -> str:
    """The text of an uploaded report file (DESIGN.md: bad input gets a clear message).

    Accepts UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, HTML pages (scripts,
    styles, navigation and tags removed, entities decoded, one line per block), .docx
    (paragraphs and table rows in document order) and text PDFs (pdf.py: paragraphs rebuilt,
    running headers and page numbers dropped; a scan is refused). Raises ReportImportError for an empty
    file, a file over MAX_BYTES, a binary or unsupported file, or an unknown encoding.
    """
    if len(data) > MAX_BYTES:
        raise ReportImportError(f"文件太大（{len(data) / 1024 / 1024:.1f} MB），上限是 5 MB。")
    if not data.strip():
        raise ReportImportError("文件是空的，没有可导入的内容。")
    for magic, message in _REFUSED_MAGIC:
        if data.startswith(magic):
            raise ReportImportError(message)
    if data.startswith(b"PK\x03\x04"):
        text = _read_docx(data)
    elif data[:1024].lstrip().startswith(b"%PDF"):
        text = pdf_to_text(data)
    else:
        text = _decode(data)
        if _looks_binary(text):
            raise ReportImportError(_BINARY)
        if filename.lower().endswith((".htm", ".html")) or _HTML_START.match(text[:1000]):
            text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReportImportError("文件里没有可读的文字。")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReportImportError("文件编码有误，无法读取。请另存为 UTF-8 文本后再上传。") from exc
    if b"\x00" in data:
        raise ReportImportError(_BINARY)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportImportError("无法识别文件编码（支持 UTF-8 和 GBK/GB18030），请另存为 UTF-8 文本后再上传。")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > len(text) * _CONTROL_SHARE


def _read_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_docx = "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile as exc:
        raise ReportImportError(_BINARY) from exc
    if not is_docx:
        raise ReportImportError("这个压缩文件不是 Word（.docx）文档，无法读取。")
    import docx  # python-docx is only needed for Word files, so it is imported here
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise ReportImportError("Word 文件已损坏或格式不对，无法读取。") from exc
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


class _PageText(HTMLParser):
    """Visible text of a page, one line per block element; page furniture is skipped."""

    SKIPPED = frozenset(
        ["script", "style", "noscript", "nav", "head", "iframe", "svg", "template", "form", "button", "select"]
    )
    SKIPPED |= frozenset(["aside", "header", "footer", "menu", "object", "canvas"])
    BLOCKS = frozenset(["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"])
    BLOCKS |= frozenset(["section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr", "center"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping = 0  # a <head> left open must not hide the whole page
        elif tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Line breaks in the page source are layout, not text: 各位代表：\n  现在 → 各位代表：现在.
            data = re.sub(r"[ \t]*[\r\n]+[ \t]*", "", data.replace("\xa0", " "))
            self.parts.append(re.sub(r"[ \t]+", " ", data))


def html_to_text(page: str) -> str:
    """Text of an HTML page: tags removed, entities decoded, a paragraph per line."""
    parser = _PageText()
    parser.feed(page)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
