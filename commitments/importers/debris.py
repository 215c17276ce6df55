"""Page debris around a work report saved from the web: site furniture at the top, an
outline (提纲/目录) repeating the headings, download notices, footers and page numbers.

The report proper starts at the salutation "各位代表：" (its title is the last line naming
政府工作报告 before it) and ends before the first footer line. Lines broken by a PDF or a
narrow page are joined again, so that one paragraph is one line.
"""

import re
from dataclasses import dataclass

_SALUTATION = re.compile(r"^各位代表\s*[:：]")
_TITLE = re.compile(r"政府工作报告")
_OUTLINE = re.compile(r"^(?:提纲|目录|目\s+录|内容提要|本文目录)\s*[:：]?$")
# A footer line ends the report: everything after it is site furniture.
_END = re.compile(
    r"回到顶部|返回顶部|版权所有|Copyright|©|ICP备|公网安备|免责声明|责任编辑|打印本页|关闭窗口|上一篇|下一篇|"
    r"相关阅读|相关文章|相关推荐|相关报道|相关链接|相关文档|点击图片|点击进入|进入专题|热门推荐|猜你喜欢|付费下载|本站|扫一扫|分享到|确认删除|违规举报|联系客服|下载文档|点击下载",
    re.IGNORECASE,
)
# The glossary of footnotes (名词解释, 注释) follows the report; its figures are explanations.
_NOTES = re.compile(r"^(?:名词解释|词语解释|注释|附注|注\s*[:：]|附\s*[:：]|附件\s*\d*\s*[:：]?$)")
# An annex that lists this year's tasks (附件1 2026年省十件民生实事) is part of the report, not its glossary.
ANNEX = re.compile(r"^(?:附[件表]\s*[\d一二三四五六七八九十]*\s*[:：]?|附\s*[:：])")
_ANNEX_OF_TASKS = re.compile(r"实事|任务|清单|项目|工程|目标|计划|行动")
_NOTE_LINE = re.compile(r"^(?:[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]|\[\d{1,3}\]|〔\d{1,3}〕)")
# Short lines of furniture that may sit anywhere: bylines, counters, page numbers.
_NOISE = re.compile(
    r"^(?:来源|发布时间|发布日期|作者|浏览次数|点击数|阅读次数|访问量|字号|【字体|字体|打印|关闭|分享|编辑|审核|责编)"
    r"|^[|｜/\\·•*＊#\s]+$"  # a separator left alone on its line by the page's layout
    r"|^(?:第\s*\d+\s*页.*|Page\s*\d+.*|P\.\s*\d+|[-—–\s]*\d{1,3}[-—–\s]*|展开全文|阅读全文|收藏|点赞)$",
    re.IGNORECASE,
)
_NOISE_MAX = 40
HEADING_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d))"
)
_TERMINAL = "。！？；：:;!?"
_WRAP_MIN = 20  # a broken line is long; a short line without a stop is a heading


_PLACE_IN_TITLE = re.compile(
    r"(?:\d{4}\s*年)?([\u4e00-\u9fff]{1,12}?[省市县区州旗盟])(?:\s*\d{4}\s*年)?(?:人民)?政府工作报告"
)
_PLACE_IN_BYLINE = re.compile(r"在([\u4e00-\u9fff]{1,12}?[省市县区州旗盟])第[一二三四五六七八九十]+届")


@dataclass(frozen=True)
class CleanText:
    """The report without page debris: its title and paragraphs, one per line.

    ``place`` is the issuing city or county as the title or byline names it (潜江市), or "".
    """

    title: str
    paragraphs: tuple[str, ...]
    truncated: bool  # the last paragraph stops mid-sentence (the page was cut)
    place: str = ""


def _place(title: str, front: list[str]) -> str:
    found = _PLACE_IN_TITLE.search(title)
    if found:
        return found.group(1)
    for line in front:
        found = _PLACE_IN_BYLINE.search(line) or _PLACE_IN_TITLE.search(line)
        if found:
            return found.group(1)
    return ""


def _ends_sentence(line: str) -> bool:
    line = line.rstrip("”’」』）)")
    return bool(line) and line[-1] in _TERMINAL


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _join_wrapped(block: list[str]) -> list[str]:
    """Join lines a PDF or a narrow page broke inside a sentence."""
    joined: list[str] = []
    for line in block:
        last = joined[-1] if joined else ""
        if (
            last
            and len(last) >= _WRAP_MIN
            and not _ends_sentence(last)
            and not HEADING_MARK.match(last)
            and not HEADING_MARK.match(line)
        ):
            joined[-1] = last + line
        else:
            joined.append(line)
    return joined


def _drop_outline(lines: list[str]) -> list[str]:
    """An outline is a 提纲/目录 line followed by headings only (short, no full stop)."""
    kept: list[str] = []
    skipping = False
    for line in lines:
        if _OUTLINE.match(line):
            skipping = True
            continue
        if skipping and (not line or (len(line) <= 40 and "。" not in line)):
            continue
        skipping = False
        kept.append(line)
    return kept


def _start(lines: list[str]) -> tuple[str, int]:
    """(title, index of the first line of the report proper)."""
    salutation = next((i for i, line in enumerate(lines) if _SALUTATION.match(line)), None)
    if salutation is not None:
        # A byline ("张工作政府工作报告。") names the report in a sentence; the title is a line of its own.
        titles = [
            line for line in lines[:salutation] if _TITLE.search(line) and len(line) <= 40 and not _ends_sentence(line)
        ]
        return (titles[-1] if titles else ""), salutation
    title_at = next((i for i, line in enumerate(lines) if _TITLE.search(line) and len(line) <= 40), None)
    if title_at is not None:
        return lines[title_at], title_at + 1
    first = next((i for i, line in enumerate(lines) if "。" in line or HEADING_MARK.match(line)), 0)
    return "", first


def _annex_of_tasks(line: str, following: list[str]) -> bool:
    """An annex titled, on its line or the next, as a list of tasks (十件民生实事, 重点项目清单)."""
    title = ANNEX.sub("", line).strip() or next((f for f in following if f), "")
    return bool(_ANNEX_OF_TASKS.search(title)) and not _NOTES.match(title) and "解释" not in title


def clean_report(text: str) -> CleanText:
    """Strip the page debris from a report's text (DESIGN.md: "treat it as real input").

    Keeps the lines from the salutation 各位代表 (or the title) up to the first footer line
    (回到顶部, 版权所有, 付费下载 …) or the glossary of footnotes (名词解释, 注释), drops
    outlines, footnote explanations, bylines and page numbers, strips blanks
    such as U+00A0 and U+3000 at both ends of a line, and joins wrapped lines.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    title, start = _start(lines)
    body: list[str] = []
    kept = _drop_outline(lines[start:])
    for i, line in enumerate(kept):
        if ANNEX.match(line) and _annex_of_tasks(line, kept[i + 1 : i + 3]):
            body += ["", line, ""]  # its own paragraph, so that it heads what follows
            continue
        if _END.search(line) or _NOTES.match(line) or ANNEX.match(line):
            break
        if _NOTE_LINE.match(line):
            continue  # "①一城三基地：指……": a footnote explained, not the report's text
        if line and len(line) <= _NOISE_MAX and _NOISE.match(line):
            continue
        body.append(line)
    paragraphs = [p for block in _blocks(body) for p in _join_wrapped(block)]
    truncated = bool(paragraphs) and not _ends_sentence(paragraphs[-1])
    front = " ".join(lines[:start])  # title and byline, whose lines a PDF may have broken
    place = _place(title, [front])
    return CleanText(title=title, paragraphs=tuple(paragraphs), truncated=truncated, place=place)
