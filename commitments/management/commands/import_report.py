"""manage.py import_report PATH --year 2024 --issuer 潜江市人民政府 [--title T] [--dry-run] [--format jsonl|summary]
[--replace-drafts]

Reads a work report (.txt, .html, .docx, text .pdf), writes the Report, its sections and draft commitments in one
transaction and prints a one-line summary; importing the same text again changes nothing, another text for
an imported report is refused unless ``--replace-drafts`` (see commitments/importers/loader.py). ``--dry-run``
writes nothing and needs no database; with ``--format jsonl`` it prints one JSON object per quantified
target (keys quote, subject, value, unit, comparator, kind, baseline, section), a format other tools read.
Bad input (empty, binary, too large, no coming-year part) prints one line "错误: …" and exits 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.importers import loader
from commitments.importers.errors import ReportImportError
from commitments.importers.sources import MAX_BYTES, read_source
from commitments.importers.work_report import ParseResult, parse_report, targets_as_jsonl


class ImportCommandError(CommandError):
    """Django prints a CommandError as "<class name>: <message>"; the agreed error line starts with "错误:"."""


ImportCommandError.__name__ = "错误"


def read_report(path: str, *, year: int | None) -> tuple[str, ParseResult]:
    """The text of the file at ``path`` and its parse; ReportImportError for anything unreadable."""
    file = Path(path)
    if not file.is_file():
        raise ReportImportError(f"找不到文件：{path}")
    size = file.stat().st_size
    if size > MAX_BYTES:  # refused before reading: the message gives the real size
        raise ReportImportError(f"文件太大（{size / 1024 / 1024:.1f} MB），上限是 5 MB。")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ReportImportError(f"无法读取文件：{path}（{exc.strerror}）") from exc
    text = read_source(data, filename=file.name)
    return text, parse_report(text, year=year)


class Command(BaseCommand):
    help = "导入政府工作报告：写入报告、章节和草稿任务（未公开、未分配单位）；--dry-run 只打印不写入"

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="报告文件（.txt、.html、.docx 或文字版 .pdf，不超过 5 MB）")
        parser.add_argument("--year", type=int, default=None, help="报告年度，如 2024；省略时从原文判断")
        parser.add_argument("--issuer", default="", help="发布机关，如 潜江市人民政府（写入时必填）")
        parser.add_argument("--title", default=None, help="报告标题，省略时取原文标题")
        parser.add_argument("--dry-run", action="store_true", help="只解析并打印，不写入数据库")
        parser.add_argument("--replace-drafts", action="store_true", help="以新原文替换尚未发布、尚无填报的草稿")
        parser.add_argument("--format", choices=["summary", "jsonl"], default="summary", help="输出格式")

    def handle(self, *args, path: str, year: int | None, issuer: str, title: str | None, **options) -> None:
        try:
            text, result = read_report(path, year=year)
            planned = loader.plan(result, issuer=issuer or result.place, title=title)
            summary = None
            if not options["dry_run"]:
                summary = loader.load(
                    result,
                    issuer=issuer,
                    title=title,
                    source_text=text,
                    today=timezone.localdate(),  # the clock is read once, here
                    replace_drafts=options["replace_drafts"],
                )
        except ReportImportError as exc:
            raise ImportCommandError(exc.message) from None
        if options["format"] == "jsonl":
            try:
                for line in targets_as_jsonl(result):
                    self.stdout.write(line)
                self.stdout.flush()
            except BrokenPipeError:
                # The reader stopped early (`| head`): not an error; keep the interpreter from printing one
                # while it flushes stdout at exit.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        elif summary is None:
            counts = f"{len(planned.sections)} 个章节、{len(planned.rows)} 项任务"
            kinds = f"量化 {planned.quantified} 项、定性 {planned.qualitative} 项"
            self.stdout.write(f"试运行，未写入：《{planned.title}》{planned.year}年，{counts}（{kinds}）")
            self._warn(planned.warnings)
        else:
            self.stdout.write(summary.line())
            self._warn(summary.warnings)

    def _warn(self, warnings: tuple[str, ...]) -> None:
        for warning in warnings:
            self.stdout.write(f"警告：{warning}")
