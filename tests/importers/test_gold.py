"""The importer against targets labelled by hand on the real 2024 Qianjiang report.

The report is read from the repository's copy (``fixtures/qianjiang-2024.txt``, checked against its
published SHA-256), so the suite needs nothing outside the checkout. A target matches a gold one when
value, unit, comparator, kind and baseline agree and the subjects overlap; each gold target matches at
most once.
"""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from commitments.importers.sources import read_source
from commitments.importers.work_report import parse_report, targets_as_jsonl

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "fixtures" / "qianjiang-2024.txt"
PUBLISHED_SHA256 = "eb2745e81ab861eaa7319f099aa597aa79dcd2b8b45ec29dd1a776d2b0e7e8a3"
GOLD = Path(__file__).resolve().parent / "gold" / "qianjiang-2024.jsonl"
KEYS = ["quote", "subject", "value", "unit", "comparator", "kind", "baseline", "section"]


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def overlap(a: str, b: str) -> bool:
    """Subjects overlap: one contains the other, or they share a two-character word."""
    return a in b or b in a or bool(bigrams(a) & bigrams(b))


def number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def matches(found: dict, gold: dict) -> bool:
    same = ("unit", "comparator", "kind")
    return (
        all(found[k] == gold[k] for k in same)
        and number(found["value"]) == number(gold["value"])
        and number(found["baseline"]) == number(gold["baseline"])
        and overlap(found["subject"], gold["subject"])
    )


@pytest.fixture(scope="module")
def result():
    assert REPORT.exists(), f"the report is missing: {REPORT}"
    # The copy is byte for byte the report in the shared folder (its published SHA-256).
    assert hashlib.sha256(REPORT.read_bytes()).hexdigest() == PUBLISHED_SHA256
    return parse_report(read_source(REPORT.read_bytes(), filename=REPORT.name))


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_gold_file_is_well_formed_and_quotes_the_report(result, gold):
    for row in gold:
        assert list(row) == KEYS
        assert row["quote"] in result.text, row["quote"]


def test_it_finds_the_hand_labelled_targets_with_precision_and_recall_of_at_least_95_percent(result, gold):
    found = [json.loads(line) for line in targets_as_jsonl(result)]
    unmatched = list(gold)
    hits = 0
    for row in found:
        partner = next((g for g in unmatched if matches(row, g)), None)
        if partner is not None:
            unmatched.remove(partner)
            hits += 1
    precision, recall = hits / len(found), hits / len(gold)
    print(f"\nqianjiang-2024: {len(found)} found, {len(gold)} gold, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95, [r for r in found if not any(matches(r, g) for g in gold)]
    assert recall >= 0.95, unmatched


def test_it_reads_the_2024_report_as_a_2024_report_cut_off_in_section_two(result):
    assert result.year == 2024
    assert result.title == "2024年潜江市政府工作报告"
    assert result.truncated
    assert result.text.startswith("2024年潜江市政府工作报告\n各位代表:")
    assert "客服" not in result.text and "提纲" not in result.text


def test_it_builds_the_section_tree_of_the_2024_part(result):
    chapter = "(一)着力落实“双集中”,实现“一城三基地”新突破"
    assert [s.path[1:] for s in result.sections][:4] == [
        (),
        ("主要预期目标",),
        (chapter,),
        (chapter, "大力推进精致之城建设"),
    ]


def test_it_numbers_the_sections_with_the_reports_own_numerals(result):
    assert [(s.key, s.number, s.title) for s in result.sections][:4] == [
        ("2", "二、", "2024年重点工作"),
        ("2.0", "", "主要预期目标"),
        ("2.1", "(一)", "着力落实“双集中”,实现“一城三基地”新突破"),
        ("2.1.1", "", "大力推进精致之城建设"),
    ]
    assert len({s.key for s in result.sections}) == len(result.sections)


def test_it_says_where_each_baseline_comes_from(result):
    crayfish = next(t for t in result.targets if t.subject == "小龙虾交易量")
    assert crayfish.baseline_quote in result.text
    assert "小龙虾年交易量达23.7万吨" in crayfish.baseline_quote


def test_it_keeps_the_qualitative_promises_as_milestones(result):
    milestones = [d.quote for d in result.commitments if d.kind == "milestone"]
    assert "举办第二届潜江裁缝节" in milestones
    assert "推进松林智能制造、云尚智城二期等项目建设" in milestones
    assert all(d.targets == () for d in result.commitments if d.kind == "milestone")
