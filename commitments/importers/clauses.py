"""Sentences and clauses of a paragraph, as spans of the paragraph so quotes stay verbatim.

A report writes ，/, and ；/; in either width and puts commas inside quotes and brackets
("“一环多廊”“一城两轴多片区”", "路(渠)"); a split never cuts inside a matched pair.
"""

import re

SENTENCE_ENDS = "。！？；;!?"
CLAUSE_ENDS = ",，:："
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "(": ")", "（": "）", "【": "】"}
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", '"': '"'}
_PAIR_REACH = 60  # a mark left open longer than this is a typo or a cut, not a pair
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def _matched_spans(text: str, pairs: dict[str, str]) -> list[tuple[int, int]]:
    spans = []
    i = 0
    while i < len(text):
        close = pairs.get(text[i])
        if close is not None:
            j = text.find(close, i + 1, i + 1 + _PAIR_REACH)
            if j != -1:
                spans.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return spans


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of matched quotes and brackets, inside which no sentence or clause ends."""
    return _matched_spans(text, _PAIRS)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks or 《》: slogans and names ("五个一、一个五", 《条例》)."""
    return _matched_spans(text, _QUOTES)


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def split_spans(text: str, separators: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at ``separators`` outside quotes and brackets.

    Returns (start, end) spans into ``text``, without the separator and the surrounding
    blanks; empty pieces are dropped. A comma between digits ("1,200") is not a separator.
    """
    end = len(text) if end is None else end
    guarded = protected_spans(text[start:end])
    pieces = []
    piece_start = start
    for i in range(start, end):
        ch = text[i]
        if ch not in separators or inside(i - start, guarded):
            continue
        if ch == "," and _THOUSANDS.match(text, i - 1):
            continue
        pieces.append((piece_start, i))
        piece_start = i + 1
    pieces.append((piece_start, end))
    spans = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def sentence_spans(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences: split at 。！？ and at ；, which separates the items of a list of tasks."""
    return split_spans(text, SENTENCE_ENDS, start=start, end=end)


def clause_spans(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at commas and colons."""
    return split_spans(text, CLAUSE_ENDS, start=start, end=end)


def first_sentence(text: str) -> tuple[str, str]:
    """(first sentence without its 。, the rest) of a paragraph; ("", text) when none ends."""
    guarded = protected_spans(text)
    for i, ch in enumerate(text):
        if ch == "。" and not inside(i, guarded):
            return text[:i].strip(), text[i + 1 :].strip()
    return "", text
