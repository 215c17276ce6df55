"""Every action the audit trail records: its stable code, its Chinese name, and whether the public sees it.

One registry for the admin's audit lists, the login log, the public change log and ``history.record``, which
marks an entry public exactly when its action is public here. Codes are dotted, ``<thing>.<past tense>``, and
never change once written: an audit row is immutable (docs/security.md). Codes written before the rename of
"report" into work report and progress report are kept as ``legacy`` codes, so old rows keep their names and
a filter on an action finds its old rows too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    public: bool = False  # shown in the commitment's public change log
    legacy: tuple[str, ...] = ()  # codes the same action had before (old audit rows keep them)


_ACTIONS = (
    # Commitments (重点任务)
    Action("commitment.created", "新建任务"),
    Action("commitment.changed", "修改任务"),
    Action("commitment.target_changed", "调整目标、单位或期限", public=True),
    Action("commitment.published", "公开发布", public=True),
    Action("commitment.unpublished", "取消公开"),
    Action("commitment.adjusted", "任务调整", public=True),
    Action("commitment.suspended", "任务暂缓", public=True),
    Action("commitment.investment_planned", "设定年度计划投资"),
    Action("commitment.import_accepted", "审核接受导入的任务"),
    Action("milestone.changed", "修改时间节点"),
    Action("milestone.rescheduled", "调整节点日期"),
    # Progress reports (进展填报) and their evidence
    Action("progress_report.created", "新建填报", legacy=("report.created",)),
    Action("progress_report.changed", "修改填报", legacy=("report.changed",)),
    Action("progress_report.submitted", "提交填报", legacy=("report.submitted",)),
    Action("progress_report.approved", "审核通过", legacy=("report.approved",)),
    Action("progress_report.returned", "退回填报", legacy=("report.returned",)),
    Action("progress_report.verified", "督查核实", legacy=("report.verified",)),
    Action("progress_report.deleted", "删除填报", legacy=("report.deleted",)),
    Action("evidence.added", "上传佐证材料"),
    Action("evidence.publicity_changed", "更改佐证材料是否公开"),
    Action("evidence.removed", "删除佐证材料"),
    # Work reports (政府工作报告)
    Action("work_report.imported", "导入政府工作报告", legacy=("report.imported",)),
    # Supervision (督办) and escalation (预警)
    Action("notice.issued", "下发督办"),
    Action("notice.proposed", "建议督办"),
    Action("notice.responded", "答复督办"),
    Action("notice.closed", "办结督办"),
    Action("escalation.raised", "发出预警"),
    Action("bulletin.published", "生成督查通报"),
    Action("bulletin.regenerated", "重新生成督查通报"),
    # Accounts: written by accounts.audit from Django's and django-axes' signals
    Action("auth.login", "登录成功"),
    Action("auth.login_failed", "登录失败"),
    Action("auth.lockout", "账户锁定"),
    Action("auth.logout", "退出登录"),
    Action("auth.permissions_changed", "权限变更"),
    # Data tools
    Action("demo.loaded", "载入演示数据"),
)

ACTIONS: dict[str, Action] = {a.code: a for a in _ACTIONS}
_BY_ANY_CODE: dict[str, Action] = {code: a for a in _ACTIONS for code in (a.code, *a.legacy)}
PUBLIC_CODES = frozenset(code for a in _ACTIONS if a.public for code in (a.code, *a.legacy))


def get(code: str) -> Action:
    """The action of a code, current or legacy; a ``KeyError`` names a code nobody registered."""
    try:
        return _BY_ANY_CODE[code]
    except KeyError:
        raise KeyError(f"audit action {code!r} is not registered in commitments/actions.py") from None


def label(code: str) -> str:
    """The Chinese name of a code; an unknown code (a row older than its registration) shows as written."""
    action = _BY_ANY_CODE.get(code)
    return action.label if action else code


def is_public(code: str) -> bool:
    return code in PUBLIC_CODES


def codes(code: str) -> tuple[str, ...]:
    """Every code an action has been written under, the current one first: for filtering old rows too."""
    action = _BY_ANY_CODE.get(code)
    return (action.code, *action.legacy) if action else (code,)
