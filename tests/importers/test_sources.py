"""Report files as uploaded: encodings, saved web pages, Word documents, and refusals."""

import io

import pytest

from commitments.importers import ReportImportError
from commitments.importers.sources import MAX_BYTES, html_to_text, read_source

REPORT = "2024年某市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n新增2000个停车位。\n"


def test_it_reads_utf8_with_and_without_bom():
    assert read_source(REPORT.encode("utf-8")) == REPORT
    assert read_source(b"\xef\xbb\xbf" + REPORT.encode("utf-8")) == REPORT


def test_it_reads_gbk_and_gb18030():
    assert read_source(REPORT.encode("gbk")) == REPORT
    assert read_source(REPORT.encode("gb18030")) == REPORT


def test_it_reads_utf16_with_bom():
    assert read_source(REPORT.encode("utf-16")) == REPORT


def test_it_turns_windows_line_ends_into_newlines():
    assert read_source(REPORT.replace("\n", "\r\n").encode("gbk")) == REPORT


def test_it_reads_a_web_page_saved_from_a_browser():
    page = """<!DOCTYPE html><html><head><title>报告</title><style>p{color:red}</style>
    <script>document.write("各位代表：脚本");</script></head><body>
    <nav>首页 | 政务公开</nav><div class="article"><h1>2024年某市政府工作报告</h1>
    <p>各位代表：</p><p>现在，我代表市人民政府
       向大会报告工作&nbsp;&amp;&#x8BF7;予审议。</p><p>新增2000个停车位。</p></div>
    <footer>版权所有</footer></body></html>"""
    text = read_source(page.encode("utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == [
        "2024年某市政府工作报告",
        "各位代表：",
        "现在，我代表市人民政府向大会报告工作 &请予审议。",
        "新增2000个停车位。",
    ]
    assert "脚本" not in text and "首页" not in text and "版权所有" not in text


def test_it_reads_a_gbk_web_page_by_its_file_name():
    page = "<p>各位代表：</p><p>新增2000个停车位。</p>"
    assert html_to_text(page) == read_source(page.encode("gbk"), filename="报告.HTML")


def test_it_reads_a_word_document_with_its_tables_in_order():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("各位代表：")
    document.add_paragraph("现在，我代表市人民政府向大会报告工作。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "地区生产总值"
    table.rows[0].cells[1].text = "增长7%以上"
    document.add_paragraph("新增2000个停车位。")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_source(buffer.getvalue(), filename="report.docx")
    assert text.splitlines() == [
        "各位代表：",
        "现在，我代表市人民政府向大会报告工作。",
        "地区生产总值\t增长7%以上",
        "新增2000个停车位。",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b" \n\t\r\n", "文件是空的"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF 文件已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "暂不支持旧版 Word"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "这不是文本、网页、Word"),
        (bytes(range(256)) * 8, "这不是文本、网页、Word"),
        (b"PK\x03\x04not really a zip", "这不是文本、网页、Word"),
        (b"<html><body><script>var a = 1;</script></body></html>", "没有可读的文字"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(data, message):
    with pytest.raises(ReportImportError, match=message):
        read_source(data)


def test_it_refuses_a_zip_that_is_not_a_word_document():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReportImportError, match="不是 Word"):
        read_source(buffer.getvalue(), filename="report.xlsx")


def test_it_refuses_a_file_over_five_megabytes():
    assert MAX_BYTES == 5 * 1024 * 1024
    with pytest.raises(ReportImportError, match="上限是 5 MB"):
        read_source(("各位代表" * (MAX_BYTES // 12 + 1)).encode("utf-8"))


def test_it_accepts_a_file_of_exactly_five_megabytes():
    data = b"a" * (MAX_BYTES - 1) + b"\n"
    assert len(read_source(data)) == MAX_BYTES
