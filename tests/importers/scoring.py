"""Precision and recall of the importer's targets against rows labelled by hand (the sample reports' tests).

A row is (subject, value, unit, comparator, kind, baseline). A target matches a row when value, unit, comparator,
kind and baseline agree and the subjects overlap as in test_gold (one contains the other, or they share a
two-character word); each row matches at most one target.
"""

from decimal import Decimal


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def overlap(a: str, b: str) -> bool:
    return a in b or b in a or bool(bigrams(a) & bigrams(b))


def matches(target, row) -> bool:
    subject, value, unit, comparator, kind, baseline = row
    return (
        (target.value, target.unit, target.comparator, target.kind) == (Decimal(value), unit, comparator, kind)
        and target.baseline == (None if baseline is None else Decimal(baseline))
        and overlap(target.subject, subject)
    )


def score(targets, rows) -> tuple[float, float, list, list]:
    """(precision, recall, targets matching no row, rows matched by no target)."""
    unmatched = list(rows)
    extra = []
    for target in targets:
        partner = next((r for r in unmatched if matches(target, r)), None)
        if partner is None:
            extra.append(target)
        else:
            unmatched.remove(partner)
    hits = len(targets) - len(extra)
    return hits / max(len(targets), 1), hits / max(len(rows), 1), extra, unmatched
