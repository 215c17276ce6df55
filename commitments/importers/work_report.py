"""Work report text → this year's section tree, commitment drafts and targets (pure).

A report (政府工作报告) reviews last year (一、2023年工作回顾), then sets this year's work
(二、2024年重点工作 / 2024年工作安排 / 今年重点抓好以下工作), with its expected targets
("主要预期目标是：…") and numbered sections: 二、 → (一) → 1. → a theme paragraph opening with
a short sentence ("大力推进精致之城建设。"). Only this year's part yields commitments; the
review part gives the baselines (DESIGN.md glossary: 基数).
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from commitments.importers.clauses import first_sentence
from commitments.importers.debris import ANNEX, clean_report
from commitments.importers.errors import ReportImportError
from commitments.importers.key_tasks import CommitmentDraft, is_milestone, split_key_tasks
from commitments.importers.numbers import chinese_integer, find_figures, normalise
from commitments.importers.targets import Target, extract_targets, same_target, with_baselines

TARGETS_SECTION = "主要预期目标"

# Heading styles, outermost first; a heading closes every open heading of its rank or deeper.
PART, CHAPTER, SUB, SUBSUB, LINE, THEME = range(6)
SUBPART = 0.5  # 一、 under a part headed by a plain line
_MARKS = [
    (PART, re.compile(r"^[一二三四五六七八九十]{1,3}[、．.]")),
    (CHAPTER, re.compile(r"^[(（][一二三四五六七八九十]{1,3}[)）]")),
    (SUB, re.compile(r"^[0-9０-９]{1,2}[.．、](?![0-9０-９])")),
    (SUBSUB, re.compile(r"^[(（][0-9０-９]{1,2}[)）]")),
]
_LINE_MAX = 30
_THEME_MAX = 25
# A theme sentence is a short call to action; a statement ("…是一个…的目标") is not one.
_NOT_THEME = re.compile(r"^(?:各位代表|我们|今年|当前|同时|此外|这|其中|但|而|总之|因此|为此)|[\d:：?？是]")
_YEAR = re.compile(r"((?:19|20)\d{2})[ \u00a0]*年")
_COMING_WORDS = re.compile(r"工作|任务|安排|目标|要求|部署|打算|重点|取向")
_NOT_COMING = re.compile(r"回顾|过去|去年|上年|总结|成绩|以来|情况|政府工作报告")
_THIS_YEAR = re.compile(r"今年|本年|新的一年")
_REVIEW = re.compile(r"回顾|过去一年|去年工作|一年来")
_LEADIN = re.compile(
    r"(?:抓好|做好|推进|突出|实施|做实|办好|抓实|落实|干好)(?:以下|[一二三四五六七八九十]+个?)"
    r".{0,10}?(?:工作|任务|方面|事情|重点)"
)
_TARGETS = re.compile(
    r"(?:主要预期目标|主要目标|预期目标|发展目标|主要指标)"
    r"(?:(?:(?:建议|拟|确定|安排)[是为]?|是|为|如下)[ \u00a0]*[:：]?|[ \u00a0]*[:：])"
)
# A heading of its own for the expected targets, listed below it: "（一）主要预期目标", "2026年经济社会发展主要目标".
_TARGETS_HEADING = re.compile(
    r"^(?:(?:19|20)\d{2}[ \u00a0]*年|今年)?(?:全[市县区州盟旗])?(?:经济社会发展)?的?"
    r"(?:主要预期目标|主要目标|预期目标|主要指标|发展目标|主要经济指标)$"
)
_FIVE_YEARS = re.compile(r"今后五年|未来五年|十[四五六]五|远景")
_LIST_ITEM_MAX = 120


@dataclass(frozen=True)
class Section:
    """A heading of this year's part (板块/章节) with the path of headings above it, as written.

    ``heading`` is as written ("(一)着力落实…"), ``number`` its mark ("(一)", "" for a theme
    paragraph) and ``title`` the rest. ``key`` is a dotted natural key unique in the report
    ("2", "2.0" for the expected targets, "2.1", "2.1.3"), from the report's own numerals
    where it has them. ``lead`` is the text after the heading sentence in its paragraph.
    """

    path: tuple[str, ...]
    heading: str
    lead: str
    level: int
    position: int
    number: str = ""
    title: str = ""
    key: str = ""


@dataclass(frozen=True)
class ParseResult:
    """What a report says about its year: sections, commitment drafts and last year's figures.

    ``place`` is the issuer's city or county from the title or byline (潜江市), or "".
    ``text`` is the report without page debris; every quote is a substring of it.
    ``review_facts`` are the figures of the review part, read as targets, for baselines.
    """

    year: int
    title: str
    place: str
    text: str
    sections: tuple[Section, ...]
    commitments: tuple[CommitmentDraft, ...]
    review_facts: tuple[Target, ...]
    truncated: bool

    @property
    def targets(self) -> tuple[Target, ...]:
        return tuple(t for c in self.commitments for t in c.targets)


@dataclass(frozen=True)
class _Heading:
    rank: float  # PART … THEME, or SUBPART
    text: str
    rest_at: int  # where the paragraph's content after the heading starts


def _number_of(heading: str) -> str:
    """The numbering mark a heading opens with, as written ("二、", "（一）", "1."), or ""."""
    for _, mark in _MARKS:
        found = mark.match(heading)
        if found:
            return found.group(0)
    return ""


def _quantified(text: str) -> bool:
    """The text states a quantity (新建公办幼儿园两所): a heading names a theme, it counts nothing."""
    return any(f.unit_class != "ignored" for f in find_figures(normalise(text)))


def _heading(paragraph: str) -> _Heading | None:
    """The heading a paragraph opens with, if any: a numbered mark, a short line of its own,
    or a theme sentence ("大力推进精致之城建设。" followed by the tasks)."""
    sentence, rest = first_sentence(paragraph)
    rest_at = len(paragraph) - len(rest) if sentence else len(paragraph)
    if ANNEX.match(paragraph):
        return _Heading(PART, paragraph, len(paragraph))  # 附件1 2026年省十件民生实事: a part of its own
    for rank, mark in _MARKS:
        if mark.match(paragraph):
            return _Heading(rank, sentence or paragraph, rest_at)
    if (
        "。" not in paragraph
        and len(paragraph) <= _LINE_MAX
        and paragraph[-1] not in ":：,，、;；!！?？"
        and not paragraph.startswith("各位代表")
        and not _quantified(paragraph)
    ):
        return _Heading(LINE, paragraph, len(paragraph))
    if (
        sentence
        and len(sentence) <= _THEME_MAX
        and len(rest) >= 10
        and sentence.count(",") + sentence.count("，") <= 1
        and not _NOT_THEME.search(sentence)
        and not _quantified(sentence)
        and not is_milestone(sentence)  # 实施县人民医院综合楼改扩建工程，力争创成三级医院: a task, no heading
    ):
        return _Heading(THEME, sentence, rest_at)
    return None


def _lone_theme(paragraph: str) -> _Heading | None:
    """A theme sentence set as a paragraph of its own (a page's bold line "做大数字产业规模。" before
    the paragraph of its tasks), by the same rules as a theme sentence that opens its paragraph."""
    sentence, rest = first_sentence(paragraph)
    if (
        not sentence
        or rest
        or len(sentence) > _THEME_MAX
        or sentence.count(",") + sentence.count("，") > 1
        or _NOT_THEME.search(sentence)
        or _quantified(sentence)
        or is_milestone(sentence)
    ):
        return None
    return _Heading(THEME, sentence, len(paragraph))


def _heading_text(paragraph: str) -> str | None:
    """The text of a top-level heading (一、… or a short line), else None."""
    found = _heading(paragraph)
    return found.text if found and found.rank in (PART, LINE) else None


def _coming_year(paragraph: str, year: int | None) -> int | None:
    """Year of a heading that opens this year's work (0 for "今年…"), else None."""
    text = _heading_text(paragraph)
    if text is None or _NOT_COMING.search(text) or not _COMING_WORDS.search(text):
        return None
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return max(years) if year is None or year in years else None
    return 0 if _THIS_YEAR.search(text) else None


def _find_parts(paragraphs: list[str], year: int | None) -> tuple[int, int, int]:
    """(review start, this year's start, year found in the heading or 0).

    Without ``year``, the latest year named by a candidate heading wins, so that a review
    headed "一、2023年工作情况" is not taken for the 2024 part."""
    if year is None:
        named = [y for p in paragraphs if (y := _coming_year(p, None)) and not _FIVE_YEARS.search(p)]
        year = max(named) if named else None
    review = next((i for i, p in enumerate(paragraphs) if (h := _heading_text(p)) and _REVIEW.search(h)), None)
    first = 0 if review is None else review + 1
    for i in range(first, len(paragraphs)):
        found = _coming_year(paragraphs[i], year)
        if found is not None:
            return (review or 0), i, found or (year or 0)
    cues = [
        next((i for i in range(first, len(paragraphs)) if pattern.search(paragraphs[i])), None)
        for pattern in (_LEADIN, _TARGETS)
    ]
    starts = [i for i in cues if i is not None]
    if not starts:
        shown = year or "今"
        asked = f"（{year}年）" if year else ""
        raise ReportImportError(
            f"没有找到今年工作部分{asked}：报告中应有“二、{shown}年重点工作”“{shown}年工作安排”之类的标题，"
            "或“主要预期目标是：”“今年重点抓好以下工作”之类的段落。"
        )
    return (review or 0), min(starts), 0


def _infer_year(found: int, title: str, paragraphs: list[str], review: int) -> int:
    if found:
        return found
    in_title = [int(y) for y in _YEAR.findall(title)]
    if in_title:
        return max(in_title)
    heading = _heading_text(paragraphs[review]) if paragraphs else None
    in_review = [int(y) for y in _YEAR.findall(heading or "")]
    if in_review:
        return max(in_review) + 1
    raise ReportImportError("无法判断报告所属年份：标题和章节标题里都没有年份，请指定年份。")


def _body_start(paragraphs: list[str], start: int) -> int:
    """First paragraph of the tasks, after the general requirements and expected targets."""
    for i in range(start, len(paragraphs)):
        if _LEADIN.search(paragraphs[i]):
            return i + 1
        if i > start and _heading(paragraphs[i]) is not None:
            return i
    targets = next((i for i in range(start, len(paragraphs)) if _TARGETS.search(paragraphs[i])), None)
    return start + 1 if targets is None else targets + 1


class _Builder:
    """Walks this year's paragraphs keeping the open headings; collects sections and drafts."""

    def __init__(self, *, year: int, offsets: list[int]) -> None:
        self.year = year
        self.offsets = offsets
        self.stack: list[tuple[int, str]] = []
        self.sections: list[Section] = []
        self.drafts: list[CommitmentDraft] = []

    def path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.stack)

    def open(self, heading: _Heading, *, lead: str, position: int) -> None:
        self.stack = [(r, t) for r, t in self.stack if r < heading.rank]
        self.stack.append((heading.rank, heading.text))
        number = _number_of(heading.text)
        self.sections.append(
            Section(
                path=self.path(),
                heading=heading.text,
                lead=lead,
                level=len(self.stack),
                position=position,
                number=number,
                title=heading.text[len(number) :].strip(),
                key=self._key(number),
            )
        )

    def _key(self, number: str) -> str:
        """Parent key plus the heading's own numeral (二、→ 2, (一) → 1, 3. → 3), or the next
        free ordinal among its siblings when it has none or repeats one."""
        parent = next((s.key for s in reversed(self.sections) if s.path == self.path()[:-1]), "")
        taken = {s.key for s in self.sections}
        digits = re.sub(r"[^0-9０-９一二三四五六七八九十]", "", number)
        own = str(chinese_integer(digits) or int(normalise(digits))) if digits else ""
        candidate = f"{parent}.{own}" if parent else own
        if not own or candidate in taken:
            siblings = sum(1 for s in self.sections if s.path[:-1] == self.path()[:-1]) + 1
            while (candidate := f"{parent}.{siblings}" if parent else str(siblings)) in taken:
                siblings += 1
        return candidate

    def targets_section(self, position: int) -> tuple[str, ...]:
        path = (*self.path(), TARGETS_SECTION)
        if not any(s.path == path for s in self.sections):
            parent = next((s.key for s in reversed(self.sections) if s.path == self.path()), "")
            key = f"{parent}.0" if parent else "0"
            self.sections.append(Section(path, TARGETS_SECTION, "", len(path), position, "", TARGETS_SECTION, key))
        return path

    def split(
        self, paragraph: str, i: int, *, start: int, section: tuple[str, ...], milestones: bool = True
    ) -> list[CommitmentDraft]:
        return split_key_tasks(
            paragraph,
            start=start,
            end=len(paragraph),
            offset=self.offsets[i],
            section=section,
            year=self.year,
            milestones=milestones,
        )

    def tasks(self, paragraph: str, i: int, *, start: int, section: tuple[str, ...], milestones: bool = True) -> None:
        self.drafts += self.split(paragraph, i, start=start, section=section, milestones=milestones)

    def heading_tasks(self, paragraph: str, i: int, *, rest_at: int) -> None:
        """A heading sentence may carry figures ("1.新建学校5所。") but is no milestone itself."""
        section = self.path()
        quantified = self.split(paragraph, i, start=0, section=section, milestones=False)
        qualitative = [d for d in self.split(paragraph, i, start=rest_at, section=section) if not d.targets]
        self.drafts += sorted(quantified + qualitative, key=lambda d: d.position)


def _walk(paragraphs: list[str], start: int, builder: _Builder) -> None:
    body = _body_start(paragraphs, start)
    in_targets = False
    skipping = False
    listing = False  # under a heading that names the expected targets (（一）主要预期目标)
    # Parts headed by plain lines ("2026年主要任务") put their numbered chapters (一、) one rank below them.
    opening = _heading(paragraphs[start])
    plain_parts = opening is not None and opening.rank == LINE
    for i in range(start, len(paragraphs)):
        paragraph = paragraphs[i]
        heading = _heading(paragraph)
        if plain_parts and heading is not None and i > start:
            if heading.rank == PART:
                heading = replace(heading, rank=SUBPART)
            elif heading.rank == LINE and _coming_year(paragraph, builder.year) is not None:
                heading = replace(heading, rank=PART)
        targets = _TARGETS.search(paragraph)
        if targets and not any(s.heading == TARGETS_SECTION for s in builder.sections):
            if i == start and heading is not None:  # "二、2024年工作安排。主要预期目标是：…"
                builder.open(replace(heading, rank=PART), lead="", position=builder.offsets[i])
            section = builder.targets_section(builder.offsets[i] + targets.start())
            builder.tasks(paragraph, i, start=targets.end(), section=section, milestones=False)
            in_targets = not paragraph[targets.end() :].strip()
            continue
        if heading is None and i >= body and i + 1 < len(paragraphs) and _heading(paragraphs[i + 1]) is None:
            heading = _lone_theme(paragraph)
        if listing and heading is not None and heading.rank > PART and _quantified(paragraph):
            # "1．地区生产总值增长5.5%左右；" under "（一）主要预期目标": an item of the list, no heading
            builder.tasks(paragraph, i, start=0, section=builder.path(), milestones=False)
            continue
        if heading is not None and (i == start or i >= body):
            listing = bool(_TARGETS_HEADING.match(heading.text[len(_number_of(heading.text)) :].strip()))
            if heading.rank == PART or (i == start and heading.rank == LINE):
                heading = replace(heading, rank=PART)
                skipping = i > start and bool(_FIVE_YEARS.search(heading.text)) and not _YEAR.search(heading.text)
            in_targets = False
            if skipping:
                continue
            builder.open(heading, lead=paragraph[heading.rest_at :], position=builder.offsets[i])
            builder.heading_tasks(paragraph, i, rest_at=heading.rest_at)
            continue
        if skipping:
            continue
        if in_targets and len(paragraph) <= _LIST_ITEM_MAX:
            builder.tasks(paragraph, i, start=0, section=(*builder.path(), TARGETS_SECTION), milestones=False)
            continue
        if i >= body:
            builder.tasks(paragraph, i, start=0, section=builder.path())


def _review_facts(paragraphs: list[str], review: int, start: int, *, year: int | None = None) -> list[Target]:
    """Last year's figures: the review part runs from its heading to the next top heading
    (a five-year outlook between the review and this year's part gives no baselines). A review
    headed by a plain line ("2025年工作回顾") may number its own topics (一、经济运行稳中向好):
    it runs to this year's part or to a plain-line outlook ("十五五"时期奋斗目标)."""
    opening = _heading(paragraphs[review]) if review < start else None
    numbered = opening is not None and opening.rank == PART

    def ends(paragraph: str) -> bool:
        found = _heading(paragraph)
        if found is None:
            return False
        return found.rank == PART if numbered else found.rank == LINE and bool(_FIVE_YEARS.search(found.text))

    end = next((i for i in range(review + 1, start) if ends(paragraphs[i])), start)
    facts: list[Target] = []
    for paragraph in paragraphs[review:end]:
        facts += extract_targets(paragraph, year=year, review=True)
    return facts


def _finish(drafts: list[CommitmentDraft], facts: list[Target]) -> list[CommitmentDraft]:
    """Drop restated targets (the first statement stays) and fill baselines."""
    seen: list[Target] = []
    finished = []
    for draft in drafts:
        fresh = [t for t in draft.targets if not any(same_target(t, s) for s in seen)]
        seen += fresh
        if draft.targets and not fresh:
            continue
        targets = tuple(with_baselines(fresh, facts))
        kind = targets[0].kind if targets else draft.kind
        finished.append(replace(draft, targets=targets, kind=kind))
    return finished


def parse_report(text: str, *, year: int | None = None) -> ParseResult:
    """Parse a work report's text into this year's sections, commitment drafts and targets.

    Page debris is stripped first (debris.clean_report). This year's part starts at a heading
    naming the year or 今年 with 工作/任务/安排/目标 (or, without one, at "主要预期目标是：" or
    "…抓好以下工作"); its year is ``year`` or, when None, the one in that heading, the title,
    or the review heading plus one. Raises ReportImportError when there is no such part.
    """
    clean = clean_report(text)
    paragraphs = list(clean.paragraphs)
    if not paragraphs:
        raise ReportImportError("报告没有正文：去掉网页杂项后什么也没有剩下。")
    review, start, found = _find_parts(paragraphs, year)
    year = year or _infer_year(found, clean.title, paragraphs, review)
    lines = [clean.title, *paragraphs] if clean.title else paragraphs
    full = "\n".join(lines)
    offsets, at = [], len(clean.title) + 1 if clean.title else 0
    for paragraph in paragraphs:
        offsets.append(at)
        at += len(paragraph) + 1
    builder = _Builder(year=year, offsets=offsets)
    _walk(paragraphs, start, builder)
    facts = _review_facts(paragraphs, review, start, year=year)
    return ParseResult(
        year=year,
        title=clean.title,
        place=clean.place,
        text=full,
        sections=tuple(builder.sections),
        commitments=tuple(_finish(builder.drafts, facts)),
        review_facts=tuple(facts),
        truncated=clean.truncated,
    )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def targets_as_jsonl(result: ParseResult) -> Iterator[str]:
    """The dry run of ``import_report``: one JSON object per quantified target, in report
    order, with keys quote, subject, value, unit, comparator, kind, baseline, section.
    Milestone (qualitative) commitments print nothing."""
    for draft in result.commitments:
        for target in draft.targets:
            yield json.dumps(
                {
                    "quote": draft.quote,
                    "subject": target.subject,
                    "value": _number(target.value),
                    "unit": target.unit,
                    "comparator": target.comparator,
                    "kind": target.kind,
                    "baseline": None if target.baseline is None else _number(target.baseline),
                    "section": list(draft.section),
                },
                ensure_ascii=False,
            )
