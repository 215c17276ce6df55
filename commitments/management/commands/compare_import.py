"""manage.py compare_import PATH --year 2024 --issuer 潜江市人民政府: what the importer misses, by the curated data.

Reads the report file as import_report does, writes nothing, and compares its quantified targets with the
quantified commitments of the same report in the database, which are right where the two differ. Prints the
targets the importer missed, those it found that the curated data lacks, and the differences in value,
unit, comparator, kind and baseline. Exits 0 whatever it finds: differences are information, not errors.

A found target and a curated commitment are compared when their quotes share a run of text (one usually
contains the other); among those, the pairs agreeing on value and unit, then kind, then the longest shared
text are paired first. "=" (a bare figure) and ">=" count as the same comparator, as DESIGN.md treats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from django.core.management.base import BaseCommand

from commitments.importers.errors import ReportImportError
from commitments.management.commands.import_report import ImportCommandError, read_report
from commitments.models import Commitment, WorkReport

_NOISE = re.compile(r"[\s\u00a0\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf“”\"]")
_MIN_SHARED = 6
_KINDS = dict(Commitment.Kind.choices)
_FIELDS = [("target_value", "目标值"), ("unit", "单位"), ("comparator", "比较方式"), ("kind", "类型")]
_FIELDS.append(("baseline_value", "基数"))
MISSED = "漏识（整理数据有，导入程序没有找到）"
EXTRA = "多识（导入程序找到，整理数据没有）"


@dataclass(frozen=True)
class Figures:
    """One quantified target, from the importer or from a curated commitment."""

    label: str  # the code of a curated commitment, the subject of a found target
    quote: str
    target_value: Decimal
    unit: str
    comparator: str
    kind: str
    baseline_value: Decimal | None

    def describe(self) -> str:
        baseline = "无" if self.baseline_value is None else _plain(self.baseline_value)
        kind = _KINDS.get(self.kind, self.kind)
        return f"{kind} {self.comparator} {_plain(self.target_value)}{self.unit}，基数 {baseline}"


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _shared(a: str, b: str) -> int:
    """Length of the longest run of text two quotes share (footnote markers and spaces ignored)."""
    a, b = _NOISE.sub("", a), _NOISE.sub("", b)
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def pair(found: list[Figures], curated: list[Figures]) -> list[tuple[int, int]]:
    """(found index, curated index) pairs, each side used at most once."""
    scored = []
    for i, f in enumerate(found):
        for j, c in enumerate(curated):
            shared = _shared(f.quote, c.quote)
            if shared >= min(_MIN_SHARED, len(_NOISE.sub("", f.quote)), len(_NOISE.sub("", c.quote))):
                same_figure = f.target_value == c.target_value and f.unit == c.unit
                scored.append(((same_figure, f.kind == c.kind, shared), i, j))
    pairs, used_f, used_c = [], set(), set()
    for _, i, j in sorted(scored, key=lambda s: s[0], reverse=True):
        if i not in used_f and j not in used_c:
            pairs.append((i, j))
            used_f.add(i)
            used_c.add(j)
    return sorted(pairs, key=lambda p: p[1])


def differences(f: Figures, c: Figures) -> list[str]:
    def shown(field, value):
        if value is None:
            return "无"
        if isinstance(value, Decimal):
            return _plain(value)
        return _KINDS.get(value, value) if field == "kind" else value or "（空）"

    return [
        f"{label} 导入为 {shown(field, getattr(f, field))}，应为 {shown(field, getattr(c, field))}"
        for field, label in _FIELDS
        if not _comparable(field, getattr(f, field), getattr(c, field))
    ]


def _comparable(field: str, a, b) -> bool:
    if field == "comparator":
        return {a, b} <= {"=", ">="} or a == b
    return a == b


class Command(BaseCommand):
    help = "对比导入程序对报告原文的识别结果与数据库中整理好的任务（以整理数据为准），列出漏识、多识和不一致"

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="报告文件（.txt、.html 或 .docx）")
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
        parser.add_argument("--issuer", required=True, help="发布机关，如 潜江市人民政府")

    def handle(self, *args, path: str, year: int, issuer: str, **options) -> None:
        work_report = WorkReport.objects.filter(issuer=issuer.strip(), year=year).first()
        if work_report is None:
            raise ImportCommandError(f"数据库中没有 {issuer}{year}年的报告，无从对比：请先导入或载入整理好的数据。")
        try:
            _, result = read_report(path, year=year)
        except ReportImportError as exc:
            raise ImportCommandError(exc.message) from None
        found = [
            Figures(t.subject, d.quote, t.value, t.unit, t.comparator, t.kind, t.baseline)
            for d in result.commitments
            for t in d.targets
        ]
        rows = work_report.commitments.exclude(kind=Commitment.Kind.MILESTONE).order_by("position", "code")
        curated = [
            Figures(c.code, c.quote, c.target_value, c.unit, c.comparator, c.kind, c.baseline_value) for c in rows
        ]
        names = {c.code: c.title for c in rows}
        pairs = pair(found, curated)
        matched_f, matched_c = {i for i, _ in pairs}, {j for _, j in pairs}
        mismatched = [(found[i], curated[j], d) for i, j in pairs if (d := differences(found[i], curated[j]))]
        missed = [c for j, c in enumerate(curated) if j not in matched_c]
        extra = [f for i, f in enumerate(found) if i not in matched_f]
        agree = len(pairs) - len(mismatched)
        self.stdout.write(
            f"对比《{work_report.title}》的量化目标（以数据库中的整理数据为准）：导入程序找到 {len(found)} 个，"
            f"整理数据 {len(curated)} 个；一致 {agree} 个，不一致 {len(mismatched)} 个，"
            f"漏识 {len(missed)} 个，多识 {len(extra)} 个"
        )
        self._list(MISSED, [f"{c.label} {names[c.label]}：{c.describe()}" for c in missed])
        self._list(EXTRA, [f"{f.label}：{f.describe()}（原文：{f.quote}）" for f in extra])
        self._list("不一致", [f"{c.label} {names[c.label]}：{'；'.join(d)}" for _, c, d in mismatched])
        qualitative = sum(1 for d in result.commitments if not d.targets)
        in_db = work_report.commitments.filter(kind=Commitment.Kind.MILESTONE).count()
        self.stdout.write(f"定性任务（只比数量）：导入程序 {qualitative} 项，整理数据 {in_db} 项")

    def _list(self, heading: str, lines: list[str]) -> None:
        if lines:
            self.stdout.write(f"{heading}：")
            for line in lines:
                self.stdout.write(f"  {line}")
