"""Small real files for upload tests: each is what its name says, by content."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from commitments.data.demo import pdf_bytes, png_bytes

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("改造验收记录")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["小区", "户数"])
    book.active.append(["园林小区", 120])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


CONTENT = {
    "pdf": lambda: pdf_bytes(["evidence"]),
    "png": lambda: png_bytes(seed=1),
    "jpg": lambda: JPEG,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
}


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def good(kind: str, name: str | None = None) -> SimpleUploadedFile:
    return upload(name or f"现场照片.{kind}", CONTENT[kind]())
