"""The importer's targets against hand-labelled gold rows: precision, recall, comparator and baseline accuracy.

Pure. A found target and a gold row are paired when value and unit are equal and the subjects overlap (one
contains the other, or they share a two-character word); pairs that also agree on comparator and kind are made
first, so that the two ends of a range (增长4.5%—5%: 4.5 ">=" and 5 "<=") pair with their own rows. Each gold row
pairs at most once. Precision and recall count pairs; comparator, kind and baseline accuracy are shares of the
pairs, a baseline counting as right when both are the same figure or both are absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Row:
    """One target, found or labelled, reduced to what is scored."""

    subject: str
    value: Decimal
    unit: str
    comparator: str
    kind: str
    baseline: Decimal | None
    quote: str = ""

    @classmethod
    def from_json(cls, data: dict) -> Row:
        baseline = data.get("baseline")
        return cls(
            subject=data["subject"],
            value=Decimal(str(data["value"])),
            unit=data["unit"],
            comparator=data["comparator"],
            kind=data["kind"],
            baseline=None if baseline is None else Decimal(str(baseline)),
            quote=data.get("quote", ""),
        )


@dataclass
class Score:
    """Counts of one report or of a group of reports (added up: micro-averaged)."""

    found: int = 0
    gold: int = 0
    matched: int = 0
    comparator_right: int = 0
    kind_right: int = 0
    baseline_right: int = 0
    extra: list[Row] = field(default_factory=list)
    missed: list[Row] = field(default_factory=list)
    wrong: list[tuple[Row, Row]] = field(default_factory=list)  # (found, gold) pairs differing somewhere

    def __add__(self, other: Score) -> Score:
        return Score(
            self.found + other.found,
            self.gold + other.gold,
            self.matched + other.matched,
            self.comparator_right + other.comparator_right,
            self.kind_right + other.kind_right,
            self.baseline_right + other.baseline_right,
        )

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def precision(self) -> float:
        return self._share(self.matched, self.found)

    @property
    def recall(self) -> float:
        return self._share(self.matched, self.gold)

    @property
    def comparator_accuracy(self) -> float:
        return self._share(self.comparator_right, self.matched)

    @property
    def kind_accuracy(self) -> float:
        return self._share(self.kind_right, self.matched)

    @property
    def baseline_accuracy(self) -> float:
        return self._share(self.baseline_right, self.matched)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def subjects_overlap(a: str, b: str) -> bool:
    return a in b or b in a or bool(_bigrams(a) & _bigrams(b))


def _pairs(found: Sequence[Row], gold: Sequence[Row], *, strict: bool, taken: set[int], used: set[int]):
    for i, row in enumerate(found):
        if i in used:
            continue
        for j, label in enumerate(gold):
            if j in taken or (row.value, row.unit) != (label.value, label.unit):
                continue
            if strict and (row.comparator, row.kind) != (label.comparator, label.kind):
                continue
            if subjects_overlap(row.subject, label.subject):
                used.add(i)
                taken.add(j)
                yield row, label
                break


def score(found: Iterable[Row], gold: Iterable[Row]) -> Score:
    """Pair ``found`` with ``gold`` (see the module docstring) and count."""
    found, gold = list(found), list(gold)
    taken: set[int] = set()
    used: set[int] = set()
    pairs = list(_pairs(found, gold, strict=True, taken=taken, used=used))
    pairs += _pairs(found, gold, strict=False, taken=taken, used=used)
    result = Score(found=len(found), gold=len(gold), matched=len(pairs))
    for row, label in pairs:
        result.comparator_right += row.comparator == label.comparator
        result.kind_right += row.kind == label.kind
        result.baseline_right += row.baseline == label.baseline
        if (row.comparator, row.kind, row.baseline) != (label.comparator, label.kind, label.baseline):
            result.wrong.append((row, label))
    result.extra = [r for i, r in enumerate(found) if i not in used]
    result.missed = [r for j, r in enumerate(gold) if j not in taken]
    return result


def read_gold(text: str) -> list[Row]:
    """Rows of a gold JSONL file (the dry run's format)."""
    return [Row.from_json(json.loads(line)) for line in text.splitlines() if line.strip()]
