"""Key tasks (重点任务) of a paragraph: one commitment draft per promise.

A clause with figures is a quantified task; a clause that merely continues the one before
("增长7%以上" after "地区生产总值跨越千亿台阶") joins it. A clause without figures that names
something concrete to build, hold or issue (举办第二届潜江裁缝节, 加快县河体育公园建设, 推进
松林智能制造、云尚智城二期等项目建设) is a qualitative task of kind "milestone".
"""

import re
from dataclasses import dataclass

from commitments.importers.clauses import clause_spans, sentence_spans
from commitments.importers.numbers import normalise
from commitments.importers.targets import Context, Target, read_clause

MILESTONE = "milestone"
TITLE_MAX = 30

_GENERIC_START = re.compile(
    r"^(?:加强|强化|深化|完善|健全|坚持|持续|不断|进一步|统筹|优化|提高|促进|支持|鼓励|引导|构建|形成|发挥|聚焦|围绕|"
    r"牢固|扎实|切实|推动|落实|坚决|注重|用好|守住|提升|营造|做强|做优|做大|树立|增强|激发|扩大|保持|巩固)"
)
_VERB = re.compile(
    r"举办|办好|承办|建设|建成|新建|续建|开工|竣工|投用|投产|推进|加快|完成|实施|打造|创建|启动|开通|出台|制定|编制|"
    r"改造|落地|签约|引进|争创|申报|创成|建立|开展"
)
_OBJECT = re.compile(
    r"项目|工程|公园|游园|产业园|园区|基地|中心|大厦|馆|医院|学校|中学|小学|幼儿园|大桥|道路|大道|高速|铁路|港|码头|"
    r"机场|车站|节(?![点约能日奏水电])|博览会|展会|运动会|马拉松|论坛|峰会|[一二三四五]期|示范区|示范县|储气库|电站|管网|水厂|污水处理厂|"
    r"市场|综合体|平台|专线|航线|号线|城际|轨道交通|地铁|隧道"
)
_CONCRETE = re.compile(
    r"节(?![点约能日奏水电])|博览会|运动会|马拉松|大厦|医院|公园|游园|大桥|码头|机场|储气库|电站|水厂|产业园|[一二三四五]期|第[一二三四五六七八九十\d]+届"
    r"|铁路|城际|轨道交通|地铁|号线|隧道"
)
# An event held again, whatever it is called: 办好第五届…交易会, 举办第三届…自行车赛.
_HELD_AGAIN = re.compile(r"(?:举办|办好|承办|筹办)\S{0,6}?第[一二三四五六七八九十百\d]+届")
_ISSUED = re.compile(r"(?:出台|制定|编制|印发)\S*(?:政策|方案|规划|办法|条例|意见|细则)")
_NAMED = re.compile(r"[、“”「」]|等")
_LEAD_WORDS = re.compile(r"^(?:同时|并且|并|还|要|将|而且)[,，]?")
_MILESTONE_MAX = 80


@dataclass(frozen=True)
class CommitmentDraft:
    """One promise of the report (承诺事项) as read, before it is written to the database.

    ``quote`` is a verbatim substring of ``ParseResult.text`` starting at ``position``;
    ``kind`` is the first target's kind, or "milestone" for a qualitative task.
    """

    quote: str
    section: tuple[str, ...]
    title: str
    kind: str
    targets: tuple[Target, ...]
    position: int


def is_milestone(clause: str) -> bool:
    """A qualitative promise names something concrete: an event, a facility or named
    projects (举办第二届潜江裁缝节, 加快县河体育公园、滨河公园建设), or a policy to issue."""
    text = normalise(clause)
    if len(text) > _MILESTONE_MAX or _GENERIC_START.match(_LEAD_WORDS.sub("", text)):
        return False
    if _ISSUED.search(text) or _HELD_AGAIN.search(text):
        return True
    if not (_VERB.search(text) and _OBJECT.search(text)):
        return False
    return bool(_CONCRETE.search(text) or _NAMED.search(text))


def make_title(quote: str) -> str:
    """A short title (≤ 30 characters) taken from the quote: footnote markers and leading
    connectives removed, cut with "…" when longer."""
    title = _LEAD_WORDS.sub("", re.sub("[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]", "", quote))
    title = title.strip(" \u00a0,，;；。")
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def split_key_tasks(
    text: str,
    *,
    start: int,
    end: int,
    offset: int,
    section: tuple[str, ...],
    year: int | None,
    milestones: bool = True,
) -> list[CommitmentDraft]:
    """Commitment drafts in ``text[start:end]`` (a paragraph's content), in order.

    ``offset`` is where ``text`` sits in the report text, so each draft's ``position`` points
    at its quote there. ``milestones=False`` keeps only quantified tasks (for headings).
    """
    drafts: list[CommitmentDraft] = []
    for s_start, s_end in sentence_spans(text, start=start, end=end):
        context = Context(year=year)
        previous_quantified = False
        for c_start, c_end in clause_spans(text, start=s_start, end=s_end):
            clause = text[c_start:c_end]
            reading = read_clause(clause, context=context)
            context = reading.context
            if reading.targets and reading.inherited and previous_quantified:
                last = drafts[-1]
                quote = text[last.position - offset : c_end]
                drafts[-1] = CommitmentDraft(
                    quote=quote,
                    section=section,
                    title=make_title(quote),
                    kind=last.kind,
                    targets=last.targets + reading.targets,
                    position=last.position,
                )
            elif reading.targets:
                drafts.append(
                    CommitmentDraft(
                        quote=clause,
                        section=section,
                        title=make_title(clause),
                        kind=reading.targets[0].kind,
                        targets=reading.targets,
                        position=offset + c_start,
                    )
                )
            elif milestones and not context.beyond and is_milestone(clause):
                drafts.append(
                    CommitmentDraft(
                        quote=clause,
                        section=section,
                        title=make_title(clause),
                        kind=MILESTONE,
                        targets=(),
                        position=offset + c_start,
                    )
                )
            previous_quantified = bool(reading.targets)
    return drafts
