"""manage.py score_import [--corpus DIR] [--misses NAME]: the importer against the hand-labelled corpus.

Reads ``DIR/manifest.json`` (groups of report names, the year), parses each ``DIR/<name>.txt`` as import_report
does and scores its targets against ``DIR/gold/<name>.jsonl`` (commitments/importers/scoring.py). Prints per
report and micro-averaged per group: found, gold, precision, recall, comparator, kind and baseline accuracy.
Writes nothing and needs no database. ``--misses NAME`` lists one report's extra, missed and differing targets;
it refuses a report of the held-out group, whose misses must stay unread while the importer is developed.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.importers.scoring import Row, Score, read_gold, score
from commitments.importers.sources import read_source
from commitments.importers.work_report import parse_report

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "importers" / "corpus"
HELD_OUT = "held-out"


def _found(path: Path, year: int) -> list[Row]:
    result = parse_report(read_source(path.read_bytes(), filename=path.name), year=year)
    return [
        Row(t.subject, t.value, t.unit, t.comparator, t.kind, t.baseline, d.quote)
        for d in result.commitments
        for t in d.targets
    ]


def _line(name: str, s: Score) -> str:
    return (
        f"{name:<16}{s.found:>6}{s.gold:>6}{s.matched:>6}{s.precision:>10.3f}{s.recall:>8.3f}"
        f"{s.comparator_accuracy:>8.3f}{s.kind_accuracy:>8.3f}{s.baseline_accuracy:>8.3f}"
    )


def _row(r: Row) -> str:
    return f"{r.subject} {r.comparator} {r.value}{r.unit} [{r.kind}] 基数 {r.baseline} «{r.quote}»"


class Command(BaseCommand):
    help = "用人工标注的报告给导入程序打分：精确率、召回率、比较方式和基数的正确率（按报告和按组）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="语料目录（含 manifest.json 和 gold/）")
        parser.add_argument("--misses", default=None, help="列出某一报告（调试组）的漏识、多识和不一致")

    def handle(self, *args, corpus: str, misses: str | None, **options) -> None:
        root = Path(corpus)
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        groups: dict[str, list[str]] = manifest["groups"]
        if misses:
            if misses in groups.get(HELD_OUT, []):
                raise CommandError(f"{misses} 属于保留组：开发期间不看它的逐条差异，只看汇总数字。")
            self._misses(root, misses, manifest["year"])
            return
        header = f"{'report':<16}{'found':>6}{'gold':>6}{'match':>6}{'precision':>10}{'recall':>8}"
        self.stdout.write(header + f"{'comp.':>8}{'kind':>8}{'base.':>8}")
        for group, names in groups.items():
            total = Score()
            for name in names:
                s = score(_found(root / f"{name}.txt", manifest["year"]), self._gold(root, name))
                self.stdout.write(_line(name, s))
                total = total + s
            self.stdout.write(_line(f"= {group}", total))
            self.stdout.write("")

    @staticmethod
    def _gold(root: Path, name: str) -> list[Row]:
        return read_gold((root / "gold" / f"{name}.jsonl").read_text(encoding="utf-8"))

    def _misses(self, root: Path, name: str, year: int) -> None:
        s = score(_found(root / f"{name}.txt", year), self._gold(root, name))
        self.stdout.write(_line(name, s))
        for title, rows in (("多识", s.extra), ("漏识", s.missed)):
            self.stdout.write(f"-- {title} ({len(rows)})")
            for r in rows:
                self.stdout.write("  " + _row(r))
        self.stdout.write(f"-- 不一致 ({len(s.wrong)})")
        for found, gold in s.wrong:
            self.stdout.write(f"  找到 {_row(found)}\n  标注 {_row(gold)}")
