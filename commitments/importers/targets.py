"""Quantified targets of a key task: what is measured, the figure, its unit, comparator and kind.

DESIGN.md "Targets and progress": 以上/力争/不低于 → ">="; 突破/超过/跨越…台阶 → ">";
以内/控制在/低于 → "<="; a bare figure → "=". Growth (增长7%) is kind "growth", a share
(亮化90%, 覆盖率) "ratio", a number of things to build or do (103个老旧小区改造) "count", a
stock reached (交易量突破28万吨) "level". Figures that only describe or name something are
not targets: a project's size (投资126亿元的…), qualifiers (营收过10亿元企业), ordinals
(第二届), slogans in quotes ("五个一"), names (十四五), years and durations.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from commitments.importers.clauses import clause_spans, inside, protected_spans, quoted_spans, sentence_spans
from commitments.importers.numbers import CN_NUMERAL_CHARS, Figure, find_figures, normalise

GE, GT, LE, EQ = ">=", ">", "<=", "="
COUNT, LEVEL, GROWTH, RATIO = "count", "level", "growth", "ratio"

# Words right before a figure, read from the end: (word, role).
_TAIL_WORDS: dict[str, str] = {}
for _words, _role in [
    ("力争 确保 争取 努力", "striving"),
    ("约 近 大约", "approx"),
    ("分别", "respectively"),
    ("每人每月 每人每年 每月 每年 每人 人均", "per"),
    ("突破 超过 超 跨越 迈上 迈过 迈入 跃上 站上 过 逾 高于 多于", GT),
    ("不低于 不少于 至少 最少", GE),
    ("控制在 控制 不超过 不高于 低于 少于 以内", LE),
    (
        "压缩到 压缩至 降至 降到 降低到 降低至 下降到 下降至 减少到 减少至 减至 缩短到 缩短至 缩减到 缩减至",
        "lowered",
    ),
    (
        "达到 达 稳定在 保持在 稳定 保持 维持在 增至 增加到 增加至 提高到 提高至 提升到 提升至 扩大到 扩大至 为 在 至"
        " 到 拟按 按 总计 合计 共计 累计 完成 实现",
        "reach",
    ),
    (
        "年均增长 同比增长 实际增长 名义增长 同口径增长 可比增长 增长 增速 增幅 涨幅 降幅 上涨 提高 提升 下降 降低"
        " 增加 减少 扩大 缩小 压减 压缩 削减 缩减",
        "growth",
    ),
]:
    for _word in _words.split():
        _TAIL_WORDS[_word] = _role
_TAIL_ORDER = sorted(_TAIL_WORDS, key=len, reverse=True)

# Words that open a subject without naming anything: connectives, an earlier figure's 以上,
# enumerators (二是), scope (全市, 全年) and intent (力争, 实现).
_LEADING = re.compile(
    r"^(?:[、,;和及与并且而又还]|以上|以下|以内|左右|上下|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|"
    r"\d{1,2}[.、](?!\d)|\(\d{1,2}\)|"
    r"年度|力争|确保|争取|努力|预计|全年|年内|今年|当年|全市|全县|全区|全省|全州|全镇|我市|我县|我区|其中|同时|使|"
    r"推动|促进|实现|要|将|计划|预期|继续|进一步|力求|比上年|比去年|同比|较上年|同口径|按可比价格计算|按可比口径)+"
)
_ACTIONS = re.compile(
    r"^(?:新增|新建|新改建|改扩建|新开工|开工建设|开工|建成|续建|改建|提升改造|改造|更新|实施|推进|完成|培育|新培育|"
    r"引进|招引|引育|打造|创建|创成|争创|治理|修复|铺设|种植|植树|清理|整治|拆除|发放|开展|组织|接待|带动|吸纳|安置|"
    r"帮扶|培训|新招|新认定|认定|提供|设立|筹集|开发|建立|招聘|落实|申报|签约|举办|办好|承办|投放|安装|配备|解决|消除|"
    r"化解|处置|盘活|收储|供应|新开|开通|惠及|救助|资助|减免|新登记|新培训|转移|新发展|新开发|新造|安排|争取|"
    r"新签约|推动|推出|投用|投运|筹措|建设(?!用地))+"
)
_BUILT = re.compile(r"(?:新建|建成|新增|改扩建|新改建|改造|筹集|创建|创成|引进|培育|开通|办好|办|实施|带动|打造|完成)$")
_GENERIC_NOUNS = frozenset(["总数", "总量", "规模", "数量", "总额", "总规模", "累计", "总计"])
_STOCK_NOUN = re.compile(
    r"(?:量|值|额|收入|规模|能力|余额|总数|产量|总量|人口|产值|营收|利润|效益|存款|贷款|税收|浓度|密度|强度|里程|指数)$"
)
# Nouns that name the economy's or the report's own structure, not work: 10个传统产业, 17个领域, 十一个方面工作.
_STRUCTURE = re.compile(
    r"(?:产业链|产业|领域|行业|板块|方面)(?:提质|升级|转型|发展|融合|改造|碳达峰|工作|建设)*$|^(?:方面|领域)"
)
# Places the state has designated, named by example (洛阳等10个国家物流枢纽): the scope of the work, not its amount.
_DESIGNATED = re.compile(r"等[ \u00a0]*$")
# A figure inside "发挥…作用" counts what exists and is put to use (发挥济青烟3个…试点作用).
_PUT_TO_USE = re.compile(r"发挥[^,，;；。]*$")
# A distance or size that places something: 沿线1公里, 50米内换乘, 半径500米.
_PLACING_BEFORE = re.compile(r"(?:沿线|沿岸|周边|周围|半径|范围|距离|相距|间距)$")
_PLACING_AFTER = re.compile(r"^(?:范围内|以内|之内|内)[\u4e00-\u9fff]")
# A threshold inside a noun: 10万千瓦及以下燃煤机组, 营收过百亿元农产品加工企业.
_ENTITY_END = re.compile(r"^[\u4e00-\u9fff]{0,12}?(?:企业|项目|公司|机组|园区|主体|集群|工程|设备|装置|船舶|车辆)")
_DONE_AFTER = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})(?:全面|顺利|如期|基本|全部|均|已|相继)?"
    r"(?:完成|建成|落地|实现|投用|投入使用|竣工|交付|开工|办结|通车|投产)$"
)
# Counties and cities counted are where the work happens (66个…重点县, 10个有条件的县（市）发展成为中等城市),
# unless the work is making them (创建5个示范县).
_PLACES = re.compile(r"^[^,;。]{0,10}?(?:县|县\(市\)|县（市）|城市|区县|县区)(?:$|和|发展|建设|的)")
_MAKING = re.compile(r"(?:创建|创成|争创|新增|培育|打造|建成|新建|认定)$")
# A measure naming the size of a project (200万亩整区域…高标准农田项目, 300万千瓦新能源项目) is no target.
_PROJECT_AFTER = re.compile(r"^[\u4e00-\u9fff()（）]{1,18}?(?:项目|工程)(?![\u4e00-\u9fff])")
_FLAT = re.compile(r"^(.{2,20}?)(?:与|和|同)(?:上年|去年|上一年)(?:基本)?持平")
_GATHERING = re.compile(r"(?:论坛|峰会|沙龙|大会|研讨会)")
_IDIOM = re.compile(r"[十百千万][\u4e00-\u9fff][十百千万][\u4e00-\u9fff]")
_CROWD = ("人民", "群众", "人口", "市民", "居民", "百姓")
_TRAILING_FILLER = re.compile(r"(?:继续|持续|进一步|基本|总体|稳步|始终|仍然|要|将)+$")
_SUFFIX = re.compile(r"^[ \u00a0]*(及以上|以上|及以下|以内|以下|左右|上下|级)?")
_DESCRIBED_BY = re.compile(
    r"(?:总投资|计划投资|估算投资|投资|年产能|年产|产能|年处理|日处理|年加工|占地面积|占地|建筑面积|总面积|装机容量|装机|"
    r"库容|总长|全长|长|宽|面积|容量)(?:约|达|近|超)?$"
)
_TOTAL_OF = re.compile(r"(?:总投资|估算投资|计划总投资|概算投资)(?:约|达|近|超)?$")
_FLOW = re.compile(r"投资(?:额)?$")
_HEADCOUNTS = frozenset(["人", "名", "万人", "户", "床", "张"])
_QUALIFIED = re.compile(
    r"^(?:企业|项目|工程|产业|集群|园区|龙头|公司|品牌|(?:镇|乡|村)(?![\u4e00-\u9fff])|景区|商户|主体|大项目|重点项目|工业园|基地|商贸|酒店|"
    r"楼宇|总部|级|以上企业|以上项目|规模)"
)
# A five-year plan's name ("十五五"重大项目, "十五五"开局之年) is no horizon; its period (时期, 末, 目标) is.
_HORIZON = re.compile(
    r"今后五年|未来五年|五年内|三年内|五年间|到期末|届期|届内|远景"
    r"|(?<![一\d])[二三四五]年(?:安排|投入|累计|共计|总计)"  # 三年安排450亿元: a sum over several years
    r"|十[四五六]五[”’\"]?(?:规划)?(?:时期|期间|期末|末|内|年均|发展目标|主要目标|目标)"
)
_HORIZON_CLAUSE = re.compile(r"年均")
# In the review, several years looked back on (五年来, 过去五年) are no baseline for this year's figures.
_PAST_YEARS = re.compile(
    r"(?<![一\d])(?:[二三四五六七八九十]|\d{1,2})年来|过去[二三四五六七八九十]年|十[三四五]五[”’\"]?(?:时期|期间|以来)"
    # 5年增长18.7%: over five years
    r"|(?<![一\d])(?:[二三四五六七八九十]|\d{1,2})年(?:累计|共|间)?(?:增长|提高|下降|增加)"
)
# Last year as the time of a figure, not as the point compared with (比去年, 较上年, 与上年持平).
_LAST_YEAR = re.compile(r"(?<![比较与同])(?:去年|上年|过去一年)(?!同期|水平|基础)")
_COMPARED = re.compile(r"[比较与同]")
_BASIS = re.compile(r"(?:的)?(?:基础|水平|同期)")  # 在2023年基础上增长10%
_HORIZON_MARK = re.compile(r"(?:到|至|截至)\d{4}|\d{4}[ \u00a0]*年(?:前|底前|末|底)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[ \u00a0]*年)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_POST_STOP = re.compile(r"[、,;。:和及与]")
_QUOTE_MARKS = re.compile(r"[“”‘’「」『』《》\"]")


@dataclass(frozen=True)
class Target:
    """One quantified target (目标值/单位) of a commitment, with its baseline (基数) if known."""

    subject: str
    value: Decimal
    unit: str
    comparator: str
    kind: str
    baseline: Decimal | None = None
    source: str = ""  # the sentence the figure was read from
    baseline_quote: str = ""  # the review sentence the baseline was read from (基数出处)
    action: str = ""  # the verb of doing before the subject (新增, 开工改造), which a count's baseline must share


@dataclass(frozen=True)
class Context:
    """What a clause inherits from earlier clauses of its sentence ("增长8%、力争9%")."""

    noun: str = ""
    verb: str = ""
    respectively: tuple[str, ...] = ()
    year: int | None = None
    review: bool = False
    beyond: bool = False  # an earlier clause moved the sentence past this year (到2027年, …)


@dataclass(frozen=True)
class ClauseReading:
    """The targets of one clause; ``inherited`` when the first took its subject from before."""

    targets: tuple[Target, ...]
    inherited: bool
    context: Context


@dataclass(frozen=True)
class _Tail:
    noun: str
    roles: frozenset[str]
    growth_verb: str
    words: tuple[str, ...] = ()  # the words read, from the end


def _split_tail(pre: str) -> _Tail:
    """Words before a figure, read from the end: 力争综合产值达 → noun 力争综合产值, role reach;
    规上工业增加值增长 → noun 规上工业增加值, growth verb 增长."""
    rest, roles, growth_verb, words = pre.rstrip(), set(), "", []
    while rest:
        word = next((w for w in _TAIL_ORDER if rest.endswith(w)), None)
        if word is None:
            break
        role = _TAIL_WORDS[word]
        if role == "growth":
            if growth_verb:
                break
            growth_verb = word
        roles.add(role)
        words.append(word)
        rest = rest[: -len(word)].rstrip()
    return _Tail(noun=rest, roles=frozenset(roles), growth_verb=growth_verb, words=tuple(words))


_STARTING_POINT = re.compile(r"(?:由|从)\s*$")


def _last_item(noun: str) -> str:
    """The words a figure's subject is read from: after the last 、 when nothing but the verb follows it
    (地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%: 增长 continues the subject before the list)."""
    _, sep, last = noun.rpartition("、")
    return last if sep and not _noun(last, strip_actions=False) else noun


def _noun(text: str, *, strip_actions: bool) -> str:
    text = _QUOTE_MARKS.sub("", text).strip(" \u00a0、,;—–-")  # "——地区生产总值增长6%": a list's dash
    if text.endswith("等"):
        return ""  # "红梅路、泰丰路等9处易涝点": the names are examples, the noun follows
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", text)
        if strip_actions:
            stripped = _ACTIONS.sub("", text)
            if len(stripped) >= 2 or not stripped:  # a verb alone (新增, 完成) names nothing
                text = stripped
    if text.startswith("完成") and _STOCK_NOUN.search(text):
        text = text[2:]
    text = _TRAILING_FILLER.sub("", text)  # 粮食产量继续保持…: 继续 is no part of the measure
    return text if _CJK.search(text) else ""


def _post_noun(post: str, *, review: bool = False) -> str:
    post = re.sub(r"^(?:及以上|以上|以内|以下|左右|上下)?的?", "", post.lstrip())
    cut = _POST_STOP.search(post, 1)  # 1000个和美乡村: 和 opens the noun, it joins nothing
    noun = post[: cut.start()] if cut else post
    noun = _QUOTE_MARKS.sub("", noun).strip()
    if review:
        noun = _DONE_AFTER.sub("", noun)  # 600个新型公共文化空间投入使用: what was done is no part of the measure
    return noun[:20] if _CJK.match(noun) else ""


def _excluded(
    clause: str, figure: Figure, tail: _Tail, post: str, quoted: list[tuple[int, int]], following: Figure | None
) -> bool:
    """The not-a-target rules: ordinals, quotes, codes, sizes, qualifiers, Chinese numerals."""
    if figure.unit_class in ("ignored", "none"):
        return True
    before = clause[figure.start - 1] if figure.start else ""
    if before in ("第", "前") or inside(figure.start, quoted) or (before.isascii() and before.isalpha()):
        return True  # 第二届, 前10位, “五个一”, G318
    if figure.unit.endswith("大") and not (_BUILT.search(tail.noun.rstrip()) and _CJK.match(post)):
        return True  # 打造十大…集群 counts ten; 党的二十大, 三大攻坚战 name
    if figure.chinese and _IDIOM.search(clause, max(0, figure.start - 2), figure.end + 2):
        return True  # 千家万户, 千村万户: a saying, no count
    if figure.chinese and figure.text.startswith("一") and figure.value == 1:
        return True  # 一件件, 说一件、干一件: "a" or "one", no quantity promised
    noun_after = _post_noun(post)
    if (
        figure.unit_class == "count"
        and (_STRUCTURE.search(noun_after) or noun_after in ("方面", ""))
        and (noun_after or figure.unit == "方面")
    ):
        return True  # 14个方面, 6个传统产业, 18条产业链: the report's or the economy's structure
    if figure.unit_class == "count" and _DESIGNATED.search(tail.noun) and noun_after.startswith("国家"):
        return True  # 洛阳等10个国家物流枢纽
    if figure.unit_class == "count" and _PLACES.match(post.lstrip()) and not _MAKING.search(tail.noun.rstrip()):
        return True
    if figure.unit in _HEADCOUNTS and _GATHERING.match(post):
        return True  # 创新创业青年50人论坛: the size in an event's name
    if figure.unit_class in ("measure", "multiplier") and _PROJECT_AFTER.match(post) and not _ACTIONS.match(post):
        return True
    if _PUT_TO_USE.search(clause[: figure.start]) and "作用" in post:
        return True
    if figure.unit_class in ("measure", "multiplier") and (
        _PLACING_BEFORE.search(tail.noun.rstrip()) or _PLACING_AFTER.match(post)
    ):
        return True  # 沿线1公里, 50米内换乘
    threshold = _SUFFIX.match(post)
    if (
        figure.unit_class in ("measure", "multiplier")
        and threshold
        and (threshold.group(1) in ("及以下", "以下", "及以上") or GT in tail.roles)
        and _ENTITY_END.match(post[threshold.end() :])
    ):
        return True  # 10万千瓦及以下燃煤机组, 营收过百亿元农产品加工企业
    if _TOTAL_OF.search(tail.noun) and not tail.roles & {GE, GT, "reach", "striving"}:
        return True  # 重点项目82个、总投资326亿元: the size of what is counted (总投资不低于2000亿元 is a target)
    suffix = _SUFFIX.match(post)
    after = post[suffix.end() :].lstrip() if suffix else post
    if suffix and suffix.group(1) == "级":
        return True  # 10万吨级码头, 千亿级产业集群: a class of thing, not a quantity
    if figure.unit_class != "percent" and after.startswith("的"):
        return True  # 投资126亿元的中能新材料产业园: the figure describes the project
    if _DESCRIBED_BY.search(tail.noun) and _CJK.match(after):
        return True  # 年产20万吨乙二醇项目
    if figure.unit_class == "multiplier" and _CJK.match(after) and (figure.chinese or after.startswith(_CROWD)):
        return True  # 100万人民, 百万游客: a round number naming a crowd (but 为80万重点群体 counts them)
    if figure.unit_class in ("measure", "multiplier") and _QUALIFIED.match(after):
        return True  # 营收过10亿元企业, 10万吨级码头
    if suffix and suffix.group(1) in ("以上", "以下") and _QUALIFIED.match(after) and figure.unit in _HEADCOUNTS:
        return True  # 100人以上企业 (but 10家以上企业 counts enterprises)
    if (
        figure.unit_class in ("measure", "multiplier")
        and following is not None
        and following.unit_class == "count"
        and _CJK.match(after)
        and not _POST_STOP.search(after)
    ):
        return True  # 110千伏变电站3座: the measure names the kind of thing counted
    if figure.chinese:
        numeral = figure.text[: len(figure.text) - len(figure.text.lstrip(CN_NUMERAL_CHARS))]
        named = len(numeral) < 2 or all(ch in "十百千万亿" for ch in numeral) or figure.value < 10
        if named and not tail.roles & {GT, GE, "reach"} and not _counted(figure, tail, after):
            return True  # 两个毫不动摇, 千家万户, 十件: names and round words; 跨越千亿台阶 stays
    return False


def _counted(figure: Figure, tail: _Tail, after: str) -> bool:
    """A small Chinese numeral that counts: after its noun and closing the phrase (公办幼儿园两所, 精品旅游线路
    十条), or right after a verb of building (建成两所三级医院). A name puts its numeral first: 办好十件民生实事."""
    if figure.unit_class != "count":
        return False
    closes = not _CJK.match(after) and bool(_noun(tail.noun, strip_actions=True))
    return closes or bool(_BUILT.search(tail.noun))


_SCALE_NOUN = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:规模|体量|总量)")


def _scale_target(text: str, figure: Figure, *, post: str) -> Target | None:
    """保持千亿级投资规模: a scale named by its order (千亿级) is a level of at least that figure in 元."""
    if not (figure.unit.endswith("级") and figure.unit[:-1] in ("亿", "万亿", "万") and _SCALE_NOUN.match(post)):
        return None
    noun = _SCALE_NOUN.match(post).group(0)
    return Target(subject=noun, value=figure.value, unit=figure.unit[:-1] + "元", comparator=GE, kind=LEVEL)


def _comparator(tail: _Tail, post: str, figure: Figure, *, striving: bool) -> str:
    """以内/控制在 → "<="; 突破/超过/多 → ">"; 以上/不低于 → ">="; 左右 or a bare figure → "=". 力争 makes every
    figure it governs a floor (力争…增长6%左右 → ">="), except a stated ceiling; 降至 without 力争 is "<="."""
    suffix = _SUFFIX.match(post)
    word = suffix.group(1) if suffix else None
    if word in ("以内", "以下", "及以下") or LE in tail.roles:
        return LE
    if GT in tail.roles or figure.approx:
        return GT  # 3500多个: more than 3500
    if striving or word in ("以上", "及以上") or GE in tail.roles or figure.high is not None:
        return GE
    if "lowered" in tail.roles:
        return LE
    return EQ


def _kind(figure: Figure, tail: _Tail, noun: str, *, growth: bool, acted: bool) -> str:
    if growth:
        return GROWTH
    if figure.unit_class == "percent":
        return GROWTH if re.search(r"(?:增速|增幅|涨幅|降幅)$", noun) else RATIO
    if figure.unit_class == "multiplier" and not _STOCK_NOUN.search(noun):
        return COUNT  # 为80万重点群体: people served, not a stock
    if _FLOW.search(noun):
        return COUNT  # 完成投资, 投资额分别达…: money spent in the year, not a stock
    if "完成" in tail.words and not _STOCK_NOUN.search(noun):
        return COUNT  # 完成10个…建设, 完成20万平方米旧住房成套改造: work done in the year
    if tail.roles & {LE, "reach", "lowered"}:
        return LEVEL  # 达到, 稳定在, 控制在: a level reached or held
    if tail.roles & {GT, GE}:
        # 总数突破980家 is a level; 新增…企业不少于10家, 接待游客超过4500万人次 count what is done this year.
        return COUNT if acted else LEVEL
    if _STOCK_NOUN.search(noun) and not acted:
        return LEVEL
    return COUNT


def _beyond_year(clause: str, year: int | None) -> str:
    """How far a clause looks past this year: "sentence" when it opens a horizon for the rest
    of the sentence (到2027年, 今后五年), "clause" when only it does (年均增长, 力争2025年建成),
    "" otherwise. An earlier year (比2023年增长) is only a point of comparison, and a year in
    brackets names a plan (三年行动计划(2024—2026年))."""
    if _HORIZON.search(clause):
        return "sentence"
    guarded = protected_spans(clause)
    later = [m for m in _YEAR.finditer(clause) if not inside(m.start(), guarded) and year and int(m.group(1)) > year]
    if any(_HORIZON_MARK.search(clause, max(0, m.start() - 2), m.end() + 3) for m in later):
        return "sentence"
    if later or _HORIZON_CLAUSE.search(clause):
        return "clause"
    if _LAST_YEAR.search(clause) or any(
        year
        and int(m.group(1)) == year - 1
        and not _COMPARED.search(clause, max(0, m.start() - 1), m.start())
        and not _BASIS.match(clause, m.end())
        for m in _YEAR.finditer(clause)
    ):
        return "clause"  # 去年粮食产量达到1350亿斤: a result restated in this year's part, no promise
    return ""


def _parallel(subjects: tuple[str, ...]) -> tuple[str, ...]:
    """Short heads share the last subject's measure: 城镇、农村居民人均可支配收入 → 城镇居民人均可支配收入 and
    农村居民人均可支配收入; 粮食、蔬菜产量 → 粮食产量, 蔬菜产量. A head is matched with as many characters of the
    last subject (城镇 ~ 农村), as co-ordinated modifiers are written."""
    if len(subjects) < 2:
        return subjects
    last = subjects[-1]
    completed = []
    for head in subjects[:-1]:
        cut = len(head)
        while cut < len(last) and last[cut] == head[-1]:
            cut += 1  # 工业、服务业增加值: 服务业 is one character longer than 工业
        rest = last[cut:]
        short = len(head) <= 3 and len(rest) >= 2 and not _STOCK_NOUN.search(head) and not head.endswith("率")
        completed.append(head + rest if short else head)
    return (*completed, last)


def _shared_suffix(clause: str, kept: list[Figure]) -> str:
    """分别达2050万吨、4200万吨、19万吨以上: a 以上 (以内, 以下) after the last figure of a 分别 list holds for all."""
    found = _SUFFIX.match(clause[kept[-1].end :]) if kept else None
    word = found.group(1) if found else None
    return word if word in ("以上", "及以上", "以内", "以下") else ""


def _respectively(clause: str, figures: list[Figure], context: Context) -> list[Target] | None:
    """A、B、C分别增长x、y、z → one target per subject; None when the counts differ."""
    at = clause.find("分别")
    kept = [f for f in figures if f.start > at]
    if at < 0 or len(kept) < 2:
        return None
    left = _noun(clause[:at], strip_actions=False)
    subjects = _parallel(tuple(s for s in re.split(r"[、和及与]", left) if s)) if left else context.respectively
    if len(subjects) != len(kept) or any(len(s) < 2 for s in subjects):
        return None  # 城乡自来水普及率分别达…: 及 inside 普及 joins nothing; which figure is whose is unclear
    verb_at = clause[at + 2 : kept[0].start]
    tail = _split_tail(verb_at)
    striving = "力争" in clause[: kept[0].start]
    targets = []
    shared = _shared_suffix(clause, kept)
    for subject, figure in zip(subjects, kept, strict=True):
        post = clause[figure.end :]
        if shared and not _SUFFIX.match(post).group(1):
            post = shared + post
        growth = bool(tail.growth_verb)
        targets.append(
            Target(
                subject=subject + tail.growth_verb if growth else subject,
                value=figure.value,
                unit=figure.unit,
                comparator=_comparator(tail, post, figure, striving=striving),
                kind=_kind(figure, tail, subject, growth=growth, acted=False),
            )
        )
    return targets


def read_clause(clause: str, *, context: Context) -> ClauseReading:
    """Targets of one clause (no commas inside), reading subjects from ``context`` when the
    clause has none of its own: "地区生产总值跨越千亿台阶,增长7%以上"."""
    text = normalise(clause)
    if context.review:
        beyond = "sentence" if context.beyond or _PAST_YEARS.search(text) else _HORIZON_CLAUSE.search(text) and "clause"
        if not beyond and context.year and _beyond_year(text, context.year - 1) == "sentence":
            beyond = "sentence"  # 到2030年…: a goal the review restates, no result of last year
    else:
        beyond = "sentence" if context.beyond else _beyond_year(text, context.year)
    if beyond:
        return ClauseReading((), False, replace(context, beyond=beyond == "sentence"))
    figures = find_figures(text)
    flat = _FLAT.search(text) if context.review and not figures else None
    if flat and _noun(flat.group(1), strip_actions=False):
        # 居民消费价格与上年持平: last year's change was nought
        noun = _noun(flat.group(1), strip_actions=False)
        return ClauseReading(
            (Target(subject=noun + "涨幅", value=Decimal(0), unit="%", comparator=EQ, kind=GROWTH),), False, context
        )
    quoted = quoted_spans(text)
    respectively = _respectively(text, figures, context)
    if respectively is None and context.review and "分别" in text:
        # 城乡自来水普及率分别达99.9%、94.5%: which figure is whose cannot be told; none is a baseline
        figures = [f for f in figures if f.start < text.find("分别")]
    if respectively is not None:
        subjects = tuple(t.subject for t in respectively)
        return ClauseReading(tuple(respectively), False, replace(context, respectively=subjects))
    targets: list[Target] = []
    inherited_first = False
    previous_end = 0
    previous_roles: frozenset[str] = frozenset()
    listed_at = text.find("分别")
    listed = _shared_suffix(text, [f for f in figures if f.start > listed_at]) if listed_at >= 0 else ""
    for index, figure in enumerate(figures):
        scale = _scale_target(text, figure, post=text[figure.end :])
        if scale is not None:
            targets.append(scale)
            previous_end = figure.end
            continue
        pre = text[previous_end : figure.start]
        # A rank or duration after the figure belongs to the noun (建成两所三级医院).
        following = next((f.start for f in figures[index + 1 :] if f.unit_class != "ignored"), len(text))
        post = text[figure.end : following]
        tail = _split_tail(pre)
        nxt = figures[index + 1] if index + 1 < len(figures) else None
        if listed and figure.start > listed_at and not _SUFFIX.match(post).group(1):
            post = listed + post
        if _excluded(text, figure, tail, post, quoted, nxt):
            if figure.unit_class in ("ignored", "none") or inside(figure.start, quoted):
                previous_end = figure.end
            # else a size or qualifier stays in the next figure's noun: 营收超10亿元企业达到25家
            continue
        previous_end = figure.end
        if context.review and _STARTING_POINT.search(pre):
            # 高铁里程由2110公里增至3055公里: the first figure is where the period started, not last year's
            context = replace(context, noun=_noun(_STARTING_POINT.sub("", pre), strip_actions=True) or context.noun)
            continue
        own = _noun(_last_item(tail.noun), strip_actions=True)
        if own.endswith(("和", "及", "与")):
            own = ""  # 210公里农村公路和120万平方米村内道路: the words before 和 belong to the figure before
        acted = own != _noun(tail.noun, strip_actions=False)
        after = _post_noun(post, review=context.review)
        if not after and figure.unit_class == "count" and nxt is not None and nxt.unit_class == "count":
            # 12类45件民生实事: both figures count the noun after the second
            adjacent = not text[figure.end : nxt.start].strip()
            after = _post_noun(text[nxt.end :], review=context.review) if adjacent else ""
        # 103个老旧小区改造 names its noun after the figure; 交易量突破28万吨 before it.
        noun = (after if len(after) >= 2 else own) if figure.unit_class == "count" else own or after
        inherited = not noun
        if noun in _GENERIC_NOUNS and context.noun:
            noun = context.noun + noun  # 新增高新技术企业120家、总数突破980家
        noun = noun or context.noun
        growth_verb = tail.growth_verb or ("" if own or tail.roles - {"striving"} else context.verb)
        if growth_verb == "提升" and figure.unit_class != "percent":
            # 完成林分优化提升200万亩: 提升 names the work done on 200万亩, no rate of change
            noun, growth_verb = noun + growth_verb, ""
        growth = bool(growth_verb)
        striving = "力争" in text[: figure.start]
        kind_tail = tail
        if not tail.roles and not acted and "、" in pre and previous_roles & {"reach", GT, GE, LE}:
            # 高新技术企业达到1.5万家、科技型中小企业3.2万家: 达到 governs the list, both are levels
            kind_tail = replace(tail, roles=previous_roles)
        is_first = not targets
        targets.append(
            Target(
                action=_action(tail.noun),
                subject=(noun + growth_verb) if growth else (noun or after),
                value=figure.value,
                unit=figure.unit,
                comparator=_comparator(tail, post, figure, striving=striving),
                kind=_kind(figure, kind_tail, noun, growth=growth, acted=acted),
            )
        )
        if figure.high is not None:
            # 增长4.5%—5%: the lower end is a floor, the upper a ceiling; both are promised
            targets.append(replace(targets[-1], value=figure.high, comparator=LE))
        if is_first:
            inherited_first = inherited
        context = replace(context, noun=noun, verb=growth_verb)
        previous_roles = kind_tail.roles
    return ClauseReading(tuple(targets), inherited_first, context)


def extract_targets(quote: str, *, year: int | None = None, subject: str = "", review: bool = False) -> list[Target]:
    """Every quantified target in ``quote`` (a clause, sentence or paragraph), in order.

    ``subject`` is what the quote's first clause measures when it does not say ("增长7%以上"
    after "地区生产总值…"). ``year`` is the report's year: a clause about another year (到2027年)
    or a five-year horizon (今后五年, 年均) is skipped. ``review=True`` reads last year's
    results (the review part), where those clauses are baselines, not targets.
    """
    found: list[Target] = []
    for s_start, s_end in sentence_spans(quote):
        context = Context(noun=subject, year=year, review=review)
        for c_start, c_end in clause_spans(quote, start=s_start, end=s_end):
            reading = read_clause(quote[c_start:c_end], context=context)
            found.extend(replace(t, source=quote[s_start:s_end]) for t in reading.targets)
            context = reading.context
    return found


_ALIASES = [
    ("国内生产总值", "地区生产总值"),
    ("经济总量", "地区生产总值"),
    ("GDP", "地区生产总值"),
    ("规模以上工业增加值", "规上工业增加值"),
    ("全社会固定资产投资", "固定资产投资"),
    ("固投", "固定资产投资"),
    ("社零总额", "社会消费品零售总额"),
    ("一般预算收入", "一般公共预算收入"),
    ("地方一般公共预算收入", "一般公共预算收入"),
]
_FILLER = re.compile(r"全年|年度|全市|全县|全区|我市|我县|我区|累计|年|的|“|”|\s")


def _canon(subject: str) -> str:
    if subject in ("经济", "经济总量", "经济规模"):
        return "地区生产总值"  # 经济增长5%左右 is the growth of 地区生产总值
    for alias, name in _ALIASES:
        subject = subject.replace(alias, name)
    if "生产总值" in subject and "地区生产总值" not in subject:
        subject = subject.replace("生产总值", "地区生产总值")
    return _FILLER.sub("", subject)


def _measure(subject: str) -> str:
    """The measured noun without its growth verb: "地区生产总值增长" → "地区生产总值"."""
    return _canon(_split_tail(subject).noun or subject)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> tuple[float, float]:
    """(Jaccard, containment of the smaller) of the subjects' character bigrams."""
    x, y = _bigrams(_measure(a)), _bigrams(_measure(b))
    common = len(x & y)
    return common / len(x | y), common / min(len(x), len(y))


def subjects_overlap(a: str, b: str) -> bool:
    """Two subjects name the same measure: 小龙虾交易量 / 小龙虾年交易量, 经济总量 / 地区生产总值.

    A short subject inside a longer one is not enough (公园 / 口袋公园 are different tasks)."""
    jaccard, _ = similarity(a, b)
    x, y = sorted((_measure(a), _measure(b)), key=len)
    return jaccard >= 0.5 or (x in y and len(x) >= 4)


def dedupe(targets: Iterable[Target]) -> list[Target]:
    """A target restated later in the report stays one target: same value, unit and kind and
    overlapping subjects keep the first statement."""
    kept: list[Target] = []
    for target in targets:
        if not any(same_target(target, k) for k in kept):
            kept.append(target)
    return kept


def same_target(a: Target, b: Target) -> bool:
    """The same promise stated twice: equal value, unit and kind, overlapping subjects."""
    return a.value == b.value and a.unit == b.unit and a.kind == b.kind and subjects_overlap(a.subject, b.subject)


# A measure per head, per unit of output or per area is another measure than the total it shares words with.
_PER = re.compile(r"每[十百千万亿]?[\u4e00-\u9fff]{0,2}?(?:人|户|名|亩|元)|人均|户均|亩均|地均|单位|万元")


def _same_head(a: str, b: str) -> bool:
    """Target subject ``a`` and fact subject ``b`` measure the same kind of thing:
    neither is per head (每万人口…拥有量, 万元…用水量) when
    the other is not, and their last words agree (…总值 and …用水量 differ, …比例 and …比率 do not)."""
    x, y = _measure(a), _measure(b)
    if bool(_PER.search(x)) != bool(_PER.search(y)):
        return False
    if x.endswith(y) and len(x) - len(y) >= 2:
        # The target names a part of the fact's whole (可再生能源发电装机 of 发电装机, 海洋生产总值 of 地区生产总值):
        # another measure. The reverse is an elliptical target (加工能力 for 小龙虾年加工能力) and may match.
        return False
    if x.startswith(y) and x[len(y) :] in _MEASURE_WORDS:
        return True  # 高速公路里程 and 高速公路 (由7473公里增至9310公里): the same stock in the same unit
    return bool(set(x[-2:]) & set(y[-2:]))


_MEASURE_WORDS = frozenset(["里程", "总量", "规模", "数量", "总数", "面积", "长度"])
_COMPATIBLE = {LEVEL: (LEVEL, COUNT), GROWTH: (GROWTH,), RATIO: (RATIO,), COUNT: (COUNT,)}
_SCALES = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7}
_SCALES |= {"亿": 10**8, "十亿": 10**9, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12}
# Stages of a piece of work: last year's starts are no baseline for this year's completions.
_STAGES = [("开工", "新开工", "启动"), ("建成", "竣工", "完成", "交付", "投用", "投运", "通车")]
# A count's batch changes from year to year, but not by more than this factor: a review figure further
# off counts something else under the same name (新增科技型中小企业7227家 for 新培育…3000家).
_COUNT_SPREAD = Decimal(2)


def _action(noun: str) -> str:
    """The verbs of doing that open a subject (新增, 开工改造), as written."""
    text = _LEADING.sub("", _QUOTE_MARKS.sub("", noun).strip(" \u00a0、,;"))
    found = _ACTIONS.match(text)
    return found.group(0) if found else ""


def _stage(action: str) -> int | None:
    return next((i for i, words in enumerate(_STAGES) if any(w in action for w in words)), None)


def _split_unit(unit: str) -> tuple[int, str]:
    for prefix in sorted(_SCALES, key=len, reverse=True):
        if prefix and unit.startswith(prefix) and len(unit) > len(prefix):
            return _SCALES[prefix], unit[len(prefix) :]
    return 1, unit


def _in_unit(fact: Target, unit: str) -> Decimal | None:
    """The fact's value in ``unit`` when the two differ only by 万/亿 (1.1万户 is 11000 户), else None."""
    if fact.unit == unit:
        return fact.value
    (a, base_a), (b, base_b) = _split_unit(fact.unit), _split_unit(unit)
    if base_a != base_b or base_a in ("", "%"):
        return None
    return (fact.value * a / b).normalize()


def _plausible_count(target: Target, fact: Target, value: Decimal) -> bool:
    """Same stage of the work (开工 ≠ 建成) and a batch of the same order of size."""
    stages = _stage(target.action), _stage(fact.action)
    if None not in stages and stages[0] != stages[1]:
        return False
    if len(_measure(target.subject)) < 4 and _measure(target.subject) != _measure(fact.subject):
        return False  # 新项目, 公园: a short name must be the review's own, word for word
    return bool(value) and target.value / _COUNT_SPREAD <= value <= target.value * _COUNT_SPREAD


def find_baseline(target: Target, facts: Iterable[Target]) -> Decimal | None:
    """基数 of ``target`` among ``facts``, or None (see ``baseline_fact``)."""
    fact = baseline_fact(target, facts)
    return None if fact is None else fact.value


def baseline_fact(target: Target, facts: Iterable[Target]) -> Target | None:
    """基数: last year's figure for the same measure in the same unit, from the review part.

    The subjects must be close (Jaccard ≥ 0.3 and the smaller ≥ 75 % inside the larger), name
    the same kind of thing (_same_head) and the unit be identical: 万吨 never matches 吨. A count
    (城镇新增就业110万人) takes last year's batch stated in the same words: the same stage of the
    work (开工 is not 建成), a batch within a factor of two, and there 1.1万户 is 11000 户.
    """
    if target.kind not in _COMPATIBLE:
        return None
    best, best_score = None, 0.0
    for fact in facts:
        same_unit = fact.value if fact.unit == target.unit else None
        value = _in_unit(fact, target.unit) if target.kind == COUNT else same_unit
        if value is None or fact.kind not in _COMPATIBLE[target.kind]:
            continue
        if target.kind == COUNT and not _plausible_count(target, fact, value):
            continue
        jaccard, contained = similarity(target.subject, fact.subject)
        if jaccard >= 0.3 and contained >= 0.75 and jaccard > best_score and _same_head(target.subject, fact.subject):
            best, best_score = replace(fact, value=value, unit=target.unit), jaccard
    return best


def with_baselines(targets: Iterable[Target], facts: Iterable[Target]) -> list[Target]:
    """The targets with ``baseline`` and ``baseline_quote`` filled from ``facts`` (the review
    part's figures)."""
    facts = list(facts)
    filled = []
    for target in targets:
        fact = baseline_fact(target, facts)
        if fact is None:
            filled.append(replace(target, baseline=None, baseline_quote=""))
        else:
            filled.append(replace(target, baseline=fact.value, baseline_quote=fact.source))
    return filled
