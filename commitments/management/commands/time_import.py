"""manage.py time_import [PATH ...] [--chars 33000] [--repeat 5]: how long the importer takes, in process.

Prints, for each file (by default the corpus's reports) and for one report grown to ``--chars`` characters (the
tuned reports' task chapters appended to the first until it is that long; also as a PDF when reportlab is
there), the characters read, the median and slowest wall time and the median CPU time of ``--repeat`` runs of
read_source + parse_report + loader.plan (everything an import does but the database writes). Issue 15 asks
for a 33,000-character report in under 3 s. Writes nothing; a script, not a test.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from commitments.importers import loader
from commitments.importers.sources import read_source
from commitments.importers.work_report import parse_report

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "importers" / "corpus"


def _run(data: bytes, name: str) -> tuple[float, float]:
    """(wall, CPU) seconds: on a shared machine the CPU time says what the importer itself costs."""
    started, cpu = time.perf_counter(), time.process_time()
    loader.plan(parse_report(read_source(data, filename=name), year=2026), issuer="某省人民政府")
    return time.perf_counter() - started, time.process_time() - cpu


def grown(chars: int) -> str:
    """A report of at least ``chars`` characters: the first tuned report, with the work chapters of the others
    appended before its closing words, as a longer report of the same shape would read."""
    names = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["groups"]["tuned"]
    texts = [(CORPUS / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    head, extra = texts[0], []
    for text in texts[1:]:
        start = text.find("（一）", text.find("主要预期目标"))
        extra.append(text[start : text.rfind("各位代表")])
    body = "\n".join(extra)
    cut = head.rfind("各位代表")
    need = max(0, chars - len(head))
    end = body.find("\n", need)  # whole paragraphs: up to the end of the one that reaches the length
    return head[:cut] + body[: end if end >= 0 else len(body)] + "\n" + head[cut:]


def _as_pdf(text: str) -> bytes | None:
    """The same report as a PDF (the tests' reportlab layout), when the development dependencies are there."""
    try:
        from tests.importers.pdfs import make_pdf
    except ImportError:
        return None
    return make_pdf([line.strip() for line in text.splitlines() if line.strip()], layout="indented")


class Command(BaseCommand):
    help = "测量导入程序在进程内的耗时（读文件、解析、生成导入计划），不写数据库"

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", help="报告文件；省略时测语料目录中的全部报告")
        parser.add_argument("--chars", type=int, default=33000, help="另测一份加长到这么多字符的报告")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, paths: list[str], chars: int, repeat: int, **options) -> None:
        files = [Path(p) for p in paths] or sorted(CORPUS.glob("*.txt"))
        cases = [(f.name, f.read_bytes()) for f in files]
        if chars:
            text = grown(chars)
            cases.append((f"grown-{chars}.txt", text.encode("utf-8")))
            pdf = _as_pdf(text)
            if pdf:
                cases.append((f"grown-{chars}.pdf", pdf))
        self.stdout.write(f"{'file':<22}{'chars':>8}{'median s':>10}{'max s':>8}{'median CPU s':>14}")
        for name, data in cases:
            runs = [_run(data, name) for _ in range(repeat)]
            wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
            text = read_source(data, filename=name)
            median = statistics.median
            self.stdout.write(f"{name:<22}{len(text):>8}{median(wall):>10.3f}{max(wall):>8.3f}{median(cpu):>14.3f}")
