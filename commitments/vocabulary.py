"""The tracker's words for statuses, pace, kinds, comparators and escalation colours (docs/design.md, glossary).

One definition each, imported by the models (as field choices) and by the pure rules alike, so a rule never
spells a status as a bare string the model does not know. Standard library only: ``commitments.rules`` imports
these without importing Django. Each member is a ``str`` (``Status.COMPLETED == "completed"``) with a Chinese
``label``; ``Status.choices`` gives Django's ``(value, label)`` pairs.
"""

from __future__ import annotations

from enum import EnumType, StrEnum, nonmember


class _TermType(EnumType):
    # What Django's TextChoices offers on the class, so models, forms and filters read the same attributes.
    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class Term(StrEnum, metaclass=_TermType):
    """A code stored in the database, with the Chinese word the UI shows for it."""

    label: str
    # A template would call the class (it is callable); Django's TextChoices opts out the same way.
    do_not_call_in_templates = nonmember(True)

    def __new__(cls, value: str, label: str) -> Term:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Kind(Term):
    """目标类型: how progress is measured (docs/design.md "Targets and progress")."""

    COUNT = "count", "数量"
    LEVEL = "level", "总量水平"
    GROWTH = "growth", "增长率"
    RATIO = "ratio", "比率"
    MILESTONE = "milestone", "节点（定性）"


class Comparator(Term):
    """比较方式: 以上/力争达 → >=, 突破/超过 → >, 以内/控制在 → <= (lower is better), a bare figure → =."""

    GTE = ">=", "不低于（以上、力争达）"
    GT = ">", "超过（突破、超过）"
    LTE = "<=", "不高于（以内、控制在）"
    EQ = "=", "达到（=）"


class Status(Term):
    """The derived status of a commitment, never typed in by hand (rules/status.py)."""

    NOT_STARTED = "not_started", "未启动"
    ON_TRACK = "on_track", "正常推进"
    LAGGING = "lagging", "滞后"
    OVERDUE = "overdue", "逾期"
    COMPLETED = "completed", "已完成"
    ADJUSTED = "adjusted", "调整"
    SUSPENDED = "suspended", "暂缓"


class Terminal(Term):
    """The two states an administrator sets, with a public reason; they end the commitment's tracking."""

    ADJUSTED = "adjusted", "调整"
    SUSPENDED = "suspended", "暂缓"


# Statuses in which a commitment is no longer being worked on: no reminder, no escalation, no pace.
CLOSED_STATUSES = frozenset({Status.COMPLETED, Status.ADJUSTED, Status.SUSPENDED})
TERMINAL_STATUSES = frozenset({Status.ADJUSTED, Status.SUSPENDED})


class Pace(Term):
    """序时进度 compared: ahead, on pace, or behind by more than the tolerance."""

    AHEAD = "ahead", "超进度"
    ON_PACE = "on_pace", "达进度"
    BEHIND = "behind", "欠进度"


class Colour(Term):
    """Escalation colour (预警等级): blue reminds, yellow urges, red proposes a 督办."""

    BLUE = "blue", "蓝色提醒"
    YELLOW = "yellow", "黄色催办"
    RED = "red", "红色督办"
