"""Figures as written in a work report: full-width forms, Chinese numerals, units with 万/亿.

A figure keeps its multiplier in the unit, as the report writes it ("28万吨" is 28 of "万吨",
"870亿元" is 870 of "亿元"), so a department reports in the same unit as the promise.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Footnote markers: ①..⑳ and the other enclosed numbers, ㉑..㊿, superscripts, "[3]".
_FOOTNOTE = re.compile(
    "[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf\u00b9\u00b2\u00b3\u2070-\u2079]"
    r"|\[\d{1,3}\]|［\d{1,3}］|〔\d{1,3}〕"
)

_PERCENT_WORDS = re.compile("百分之([零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
CN_NUMERAL_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL, *_CN_BIG])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


COUNT_UNITS = _words(
    "个 家 户 户次 条 处 所 座 项 方面 套 间 张 辆 辆次 台 名 人次 人 件 栋 幢 片 场次 场 只 头 株 棵 盏 根 宗 笔 艘"
    " 大 架 列 支 部 份 块 道 类 种 款 位 批次 家次 次 组 队 对 口 眼 孔 床 门 例 篇 单 起 趟 班次 册"
)
MEASURE_UNITS = _words(
    "元 美元 欧元 吨标准煤 吨标煤 吨 亩 平方米 平方公里 平方千米 公顷 公里 千米 米 千瓦时 千瓦 兆瓦 吉瓦 瓦"
    " 千伏安 千伏 伏安 伏 度 立方米 方 标准箱 标箱 TEU 斤 公斤 千克 克 升 微克/立方米 毫克/升"
    " PFLOPS EFLOPS P"  # 智能算力1.7万P: computing power
)
PERCENT_UNITS = frozenset(["%", "‰", "个百分点", "百分点"])
# Units that make a figure a date, a duration, a rank or a name, never a target.
IGNORED_UNITS = _words(
    "年 月 日 天 周年 周岁 岁 小时 分钟 秒 个月 个工作日 工作日 个小时 个季度 季度 届 期 级 星级 星 代 版 号 批 轮"
    " 倍 成 层 楼 路 方位 周"
)
# "跨越千亿台阶", "突破千亿大关": a money threshold; the 元 is implied.
THRESHOLD_WORDS = frozenset(["台阶", "大关"])
_BASE_UNITS = sorted(
    COUNT_UNITS | MEASURE_UNITS | PERCENT_UNITS | IGNORED_UNITS | THRESHOLD_WORDS, key=len, reverse=True
)
_MULTIPLIERS = sorted(
    ["十万", "百万", "千万", "万亿", "十亿", "百亿", "千亿", "万", "亿", "千", "百", "十"], key=len, reverse=True
)

_BASE = "|".join(re.escape(u) for u in _BASE_UNITS)
_MULT = "|".join(_MULTIPLIERS)
_ARABIC = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_CHINESE = rf"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]+"
_GAP = r"[ \t\u00a0]*"
# The base unit is tried before a multiplier so that 千瓦时, 千米 and 百分点 stay whole.
_FIGURE = re.compile(
    rf"(?P<num>{_ARABIC}|{_CHINESE}){_GAP}(?P<approx>余|多)?{_GAP}"
    rf"(?:(?P<base>{_BASE})|(?P<mult>{_MULT})(?P<more>余|多)?(?P<mbase>{_BASE})?)?"
)
# A counter character that begins a word with the next one is not a counter.
_WORDS_NOT_UNITS = _words(
    "人民 人才 人口 人员 人均 人居 人大 人社 家庭 家乡 家园 家政 户籍 户外 条件 条例 项目 处理 处置 所有 座谈"
    " 名牌 名单 名片 口岸 场所 场景 场馆 类型 种植 种类 种业 批准 间隔 支持 支撑 部门 部署 部分 份额 位置 门户"
    " 队伍 组织 组建 对接 对外 只有 头部 起步 单位 单元 床位 道路 元素 方案 方式"
    " 方向 度假 台账 片区 块状 架构 列入 笔记 元旦 米粮 吨位"
)
_RANGE_GAP = re.compile(r"^[ \t\u00a0]*[-—–~至][ \t\u00a0]*$")


@dataclass(frozen=True)
class Quantity:
    """A value in a unit as written: ``Quantity(Decimal("28"), "万吨")``."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class Figure:
    """One figure found in (normalised) text, with its place and the class of its unit.

    ``unit_class`` is "count", "measure", "percent", "multiplier" (a bare 万/亿) or "ignored"
    (years, durations, ranks). ``high`` is the upper end of a range such as "6%-7%".
    """

    value: Decimal
    unit: str
    start: int
    end: int
    text: str
    chinese: bool
    unit_class: str
    approx: bool = False
    high: Decimal | None = None


def normalise(text: str) -> str:
    """Full-width letters, digits and signs become half-width (１２％ → 12%, ，→ ,); footnote
    markers (①, ⑳, ¹, [3]) are removed so that they are never read as figures."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        elif ch == "﹪":
            out.append("%")
        else:
            out.append(ch)
    return _PERCENT_WORDS.sub(_percent_figure, _FOOTNOTE.sub("", "".join(out)))


def _percent_figure(match: re.Match[str]) -> str:
    """百分之七点五 → 7.5%; left as written when the numeral is not a number."""
    whole, _, fraction = match.group(1).partition("点")
    value = chinese_integer(whole) if not whole.isdigit() else int(whole)
    digits = "".join(str(_CN_DIGITS.get(ch, "")) for ch in fraction)
    if value is None or len(digits) != len(fraction):
        return match.group(0)
    return f"{value}.{digits}%" if digits else f"{value}%"


def chinese_integer(text: str) -> int | None:
    """Value of a Chinese numeral (二千 → 2000, 一百零三 → 103, 十五 → 15, 千亿 → 10¹¹), or None
    when the characters do not form one number (十四五, 三五)."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _CN_BIG for ch in text):
        return None  # 万 alone is a word (万店), not a number: 一万 is
    if all(ch in _CN_DIGITS for ch in text) and ("〇" in text or "零" in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))  # 二〇二四
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return None  # 三五 means "three or five"; 一二三次产业 lists the first, second and third
    total, section, digit, cap = 0, 0, None, 10**4
    for ch in text:
        if ch in _CN_DIGITS:
            if digit:  # two non-zero digits in a row: a name such as 十四五, not a number
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if unit >= cap or digit == 0:
                return None
            section += (1 if digit is None else digit) * unit
            digit, cap = None, unit
        else:
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            if ch == "亿":
                total = (total + section) * _CN_BIG[ch]
            else:
                total += section * _CN_BIG[ch]
            section, digit, cap = 0, None, 10**4
    return total + section + (digit or 0)


def _split_chinese(numeral: str) -> tuple[int, str] | None:
    """Chinese numeral → (value, trailing 万/亿 folded into the unit): 二十八万 → (28, "万")."""
    core = numeral.rstrip("万亿")
    prefix = numeral[len(core) :]
    if not core or any(ch in _CN_BIG for ch in core):
        value = chinese_integer(numeral)
        return None if value is None or not core else (value, "")
    value = chinese_integer(core)
    return None if value is None else (value, prefix)


def _arabic(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _plain(value: Decimal) -> Decimal:
    """15000.0 → 15000: whole numbers without a trailing fraction."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _unit_class(base: str, mult: str) -> str:
    if base in PERCENT_UNITS:
        return "percent"
    if base in IGNORED_UNITS:
        return "ignored"
    if base in COUNT_UNITS:
        return "count"
    if base in MEASURE_UNITS:
        return "measure"
    return "multiplier" if mult else "none"


def _read(match: re.Match[str]) -> Figure | None:
    num = match.group("num")
    base = match.group("base") or match.group("mbase") or ""
    mult = "" if match.group("base") else (match.group("mult") or "")
    end = match.end()
    following = match.string[end : end + 1]
    if base and base[-1] + following in _WORDS_NOT_UNITS:
        # 100万人民: 人 starts the word 人民, it is no counter; the figure ends before it.
        end -= len(base)
        base = ""
    chinese = not num[0].isdigit()
    if base == "大" and not chinese:
        # 十大…集群 counts ten; "6大产业" and "4大基地" name parts of the economy as the report groups them
        end -= 1
        base = ""
    if chinese:
        split = _split_chinese(num)
        if split is None and num in _CN_BIG and base in COUNT_UNITS:
            split = (1, num)  # 万名青年: one 万 of young people
        if split is None:
            return None
        value, mult = Decimal(split[0]), split[1] + mult
    else:
        value = _arabic(num)
    if base in THRESHOLD_WORDS:
        # 千亿台阶 is 1000 亿元: the threshold word is not a unit, the money unit is implied.
        base = "元" if mult else ""
    return Figure(
        value=value,
        unit=mult + base,
        start=match.start(),
        end=end,
        text=match.string[match.start() : end],
        chinese=chinese,
        unit_class=_unit_class(base, mult),
        approx=bool(match.group("approx") or match.group("more")),  # 6余万人, 6万余人
    )


def find_figures(text: str) -> list[Figure]:
    """Every figure with a unit in ``text`` (already normalised), in order.

    A range "6%-7%" or "6-7%" is one figure valued at its lower end, with ``high`` set.
    Bare numbers without a unit (hotlines, "4+4+12") are left out.
    """
    found: list[Figure] = []
    for match in _FIGURE.finditer(text):
        figure = _read(match)
        if figure is not None:
            found.append(figure)
    merged: list[Figure] = []
    for figure in found:
        last = merged[-1] if merged else None
        if (
            last is not None
            and not last.chinese
            and not figure.chinese
            and last.unit in ("", figure.unit)
            and _RANGE_GAP.match(text[last.end : figure.start])
        ):
            merged[-1] = Figure(
                value=last.value,
                unit=figure.unit,
                start=last.start,
                end=figure.end,
                text=text[last.start : figure.end],
                chinese=False,
                unit_class=figure.unit_class,
                high=figure.value,
            )
        else:
            merged.append(figure)
    return [f for f in merged if f.unit_class != "none"]


def parse_quantity(text: str) -> Quantity:
    """One figure as written → value and unit: "28万吨" → 28 万吨, "千亿" → 1000 亿,
    "二千个" → 2000 个, "７．５％" → 7.5 %. Raises ValueError when ``text`` is not one figure."""
    norm = normalise(text).strip()
    match = _FIGURE.fullmatch(norm)
    figure = _read(match) if match else None
    if figure is None:
        raise ValueError(f"不是一个数值：{text!r}")
    return Quantity(figure.value, figure.unit)


def parse_number(text: str) -> Decimal:
    """A numeral with its multipliers → full value: "1.5万" → 15000, "千亿" → 10¹¹, "二千" → 2000,
    "1,200" → 1200. Raises ValueError on anything else."""
    norm = normalise(text).strip().replace(" ", "")
    match = re.fullmatch(rf"({_ARABIC}|{_CHINESE})", norm)
    if match is None:
        mixed = re.fullmatch(rf"({_ARABIC})([{''.join(_CN_SMALL)}{''.join(_CN_BIG)}]+)", norm)
        if mixed is None:
            raise ValueError(f"不是一个数：{text!r}")
        scale = chinese_integer("一" + mixed.group(2))  # 1.5万 is 1.5 × 一万
        if scale is None:
            raise ValueError(f"不是一个数：{text!r}")
        return _plain(_arabic(mixed.group(1)) * scale)
    if norm[0].isdigit():
        try:
            return _arabic(norm)
        except InvalidOperation as exc:  # pragma: no cover - the pattern only lets numbers through
            raise ValueError(f"不是一个数：{text!r}") from exc
    value = chinese_integer(norm)
    if value is None:
        raise ValueError(f"不是一个数：{text!r}")
    return Decimal(value)
