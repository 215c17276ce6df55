"""PDF input (issue 15): text PDFs made from the corpus and sample texts in two layouts read as their text does;
a scan without a text layer, an encrypted or a damaged PDF is refused with a clear message.

The PDFs are made here with reportlab (tests/importers/pdfs.py), so the tests need no file from outside.
"""

from pathlib import Path

import pytest

from commitments.importers.errors import ReportImportError
from commitments.importers.sources import read_source
from commitments.importers.work_report import parse_report
from tests.importers.pdfs import make_pdf, make_scanned_pdf

HERE = Path(__file__).resolve().parent
SOURCES = [
    HERE / "corpus" / "shanghai-2026.txt",
    HERE / "corpus" / "tianjin-2026.txt",
    HERE / "samples" / "heling-2026.txt",
]
LAYOUTS = ["indented", "spaced"]


def paragraphs(path: Path) -> list[str]:
    # STSong-Light has no glyph for the middle dot; the PDF drops it, so the comparison does too.
    text = path.read_text(encoding="utf-8").replace("·", "")
    return [line.strip(" \u3000\u00a0") for line in text.splitlines() if line.strip(" \u3000\u00a0")]


def targets(result) -> list[tuple]:
    return [(t.subject, t.value, t.unit, t.comparator, t.kind, t.baseline) for t in result.targets]


@pytest.fixture(
    scope="module", params=[(s, layout) for s in SOURCES for layout in LAYOUTS], ids=lambda p: f"{p[0].stem}-{p[1]}"
)
def pdf_and_text(request):
    source, layout = request.param
    header = f"{source.stem} 政府工作报告"
    data = make_pdf(paragraphs(source), layout=layout, header=header)
    return read_source(data, filename="report.pdf"), paragraphs(source), header  # read once: pdfminer is slow


def test_a_text_pdf_gives_back_its_paragraphs_one_per_line(pdf_and_text):
    text, expected, _ = pdf_and_text
    assert text.splitlines() == expected


def test_running_headers_and_page_numbers_are_dropped(pdf_and_text):
    text, _, header = pdf_and_text
    assert header not in text
    assert not any(line.startswith(("— ", "第 ")) and line.endswith(("—", "页")) for line in text.splitlines())


def test_the_importer_reads_the_same_targets_from_the_pdf_as_from_the_text(pdf_and_text):
    text, expected, _ = pdf_and_text
    from_pdf = parse_report(text)
    from_text = parse_report("\n".join(expected))
    assert targets(from_pdf) == targets(from_text)
    assert len(from_pdf.targets) >= 10


def test_a_scanned_pdf_without_a_text_layer_is_refused():
    with pytest.raises(ReportImportError, match=r"扫描版 PDF.*没有文字层"):
        read_source(make_scanned_pdf(), filename="scan.pdf")


def test_a_damaged_pdf_is_refused():
    data = make_pdf(["各位代表：", "新增停车位1000个。"], layout="indented")
    with pytest.raises(ReportImportError, match="PDF 文件已损坏"):
        read_source(data[: len(data) // 3], filename="cut.pdf")


def test_an_encrypted_pdf_is_refused():
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    pdf.drawString(72, 720, "report")
    pdf.showPage()
    pdf.save()
    with pytest.raises(ReportImportError, match=r"密码|加密|损坏"):
        read_source(out.getvalue(), filename="locked.pdf")


def test_import_report_reads_a_pdf_file(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "tianjin.pdf"
    path.write_bytes(make_pdf(paragraphs(SOURCES[1]), layout="spaced"))
    out = StringIO()

    call_command("import_report", str(path), "--year", "2026", "--dry-run", stdout=out)

    assert out.getvalue().startswith("试运行，未写入：《2026年天津市政府工作报告》2026年")


def test_a_scanned_pdf_given_to_import_report_exits_1_with_the_message(tmp_path, capsys):
    from commitments.management.commands.import_report import Command

    path = tmp_path / "scan.pdf"
    path.write_bytes(make_scanned_pdf())

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_report", str(path), "--year", "2026", "--dry-run"])

    assert exited.value.code == 1
    assert capsys.readouterr().err.startswith("错误: 这是扫描版 PDF")


def test_an_administrator_uploads_a_pdf_and_a_scan_is_refused_at_once(db, admin_user, row_counts):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from commitments.models import ImportJob

    client = Client()
    client.force_login(admin_user)
    add = reverse("admin:commitments_importjob_add")
    before = row_counts()

    scan = SimpleUploadedFile("scan.pdf", make_scanned_pdf(), content_type="application/pdf")
    refused = client.post(add, {"source": scan, "year": 2026, "issuer": "上海市人民政府"})
    text = make_pdf(paragraphs(SOURCES[0]), layout="indented")
    accepted = client.post(
        add,
        {
            "source": SimpleUploadedFile("r.pdf", text, content_type="application/pdf"),
            "year": 2026,
            "issuer": "上海市人民政府",
        },
    )

    assert "扫描版 PDF" in refused.content.decode()
    assert accepted.status_code == 302
    assert ImportJob.objects.get().original_name == "r.pdf"
    assert row_counts()["ImportJob"] == before["ImportJob"] + 1
