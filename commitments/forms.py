"""Forms validate and normalise; they never perform the workflow (STYLE.md rule 14).

Figures come in as people type them: full-width digits (８６), thousands separators, the unit written after
the number (86个, 7.5％). ``parse_figure`` turns them into a Decimal; ``check_figure`` applies the rules of
the unit. Both raise ValidationError with a Chinese message; the bulk import calls them too. Context (the
user, today) comes in through keyword arguments; the caller then runs the domain function.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from commitments import amendments, breakdown, evidence, permissions, reporting, supervision
from commitments.models import Commitment, Evidence, Milestone, ProgressReport, SupervisionNotice

MAX_MAGNITUDE = Decimal(10) ** 11
MAX_PERCENT = Decimal(1000)
MAX_DECIMAL_PLACES = 4
PERCENT_UNITS = frozenset({"%", "百分点", "个百分点"})
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y.%m", "%Y年%m月"]


def _plain(text: str) -> str:
    # NFKC folds full-width digits, ．－％＋ and ideographic spaces into their ASCII forms.
    return unicodedata.normalize("NFKC", text).replace("−", "-").replace(",", "").replace(" ", "").strip()


def is_percent_unit(unit: str) -> bool:
    return _plain(unit) in PERCENT_UNITS


def parse_figure(text: str | None, *, unit: str = "", label: str = "数值") -> Decimal | None:
    """A typed figure as a Decimal, or None when left empty; the task's own unit may follow the number."""
    if text is None:
        return None
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    value = _plain(str(text))
    if not value:
        return None
    for suffix in sorted({_plain(unit), "%"} - {""}, key=len, reverse=True):
        if value.endswith(suffix) and (suffix != "%" or is_percent_unit(unit)):
            value = value[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(value):
        shown = f"，单位为“{unit}”" if unit else ""
        raise ValidationError(f"{label}“{text}”不是有效的数字：请只填写数字{shown}", code="not_a_number")
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid literals
        raise ValidationError(f"{label}“{text}”不是有效的数字", code="not_a_number") from None


def check_figure(value: Decimal, *, kind: str, unit: str, label: str = "数值") -> Decimal:
    """The rules of a reported figure: not negative unless a growth rate, at most 4 decimal places, a sane
    magnitude (below 10^11, at most 1000 % for percentages)."""
    if value < 0 and kind != Commitment.Kind.GROWTH:
        raise ValidationError(f"{label}不能为负数", code="negative")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        raise ValidationError(f"{label}最多保留{MAX_DECIMAL_PLACES}位小数", code="decimal_places")
    if abs(value) >= MAX_MAGNITUDE:
        raise ValidationError(f"{label}过大，请检查单位（例如“万元”与“亿元”）", code="magnitude")
    if is_percent_unit(unit) and abs(value) > MAX_PERCENT:
        raise ValidationError(f"{label}是百分比，不能超过{MAX_PERCENT}", code="percent")
    return value


def check_period(period: date, *, commitment: Commitment, today: date) -> date:
    """A report is for a month from the task's first month up to the current month, never a future one."""
    period = reporting.month_start(period)
    if period > reporting.month_start(today):
        raise ValidationError("不能填报未来月份的进展", code="future")
    if period < reporting.month_start(commitment.start_date):
        raise ValidationError(f"该任务从{commitment.start_date:%Y年%m月}开始，不能填报更早月份", code="too_early")
    return period


class MonthField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = MONTH_FORMATS
    default_error_messages = {"invalid": "月份格式应为 2024-06"}


class ProgressReportForm(forms.ModelForm):
    """A department's report on a task it leads; the task list offers only those."""

    period = MonthField(label="填报月份")
    value = forms.CharField(label="累计完成值", required=False, max_length=40, help_text="可带单位，如“86个”")
    investment_completed = forms.CharField(label="累计完成投资（亿元）", required=False, max_length=40)

    class Meta:
        model = ProgressReport
        fields = ["commitment", "period", "value", "milestone", "investment_completed", "narrative"]

    def __init__(self, *args, user, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        reportable = permissions.commitments_reportable_by(user)
        if "commitment" in self.fields:
            self.fields["commitment"].queryset = reportable.select_related("work_report").order_by("code")
            self.fields["commitment"].error_messages["invalid_choice"] = "只能填报本单位牵头的任务"
        if "milestone" in self.fields:
            milestones = Milestone.objects.filter(commitment__in=reportable.values("pk")).select_related("commitment")
            self.fields["milestone"].queryset = milestones.order_by("commitment__code", "due_date")
            self.fields["milestone"].label_from_instance = lambda m: f"{m.commitment.code} {m.title}"
            self.fields["milestone"].error_messages["invalid_choice"] = "所选节点不存在或不属于本单位的任务"

    def _commitment(self) -> Commitment | None:
        if "commitment" in self.cleaned_data:
            return self.cleaned_data["commitment"]
        return self.instance.commitment if self.instance.commitment_id else None

    def clean_value(self):
        commitment = self._commitment()
        if commitment is None:
            return None
        value = parse_figure(self.cleaned_data.get("value"), unit=commitment.unit, label="累计完成值")
        if value is not None:
            check_figure(value, kind=commitment.kind, unit=commitment.unit, label="累计完成值")
        return value

    def clean_investment_completed(self):
        value = parse_figure(self.cleaned_data.get("investment_completed"), unit="亿元", label="累计完成投资")
        if value is not None:
            check_figure(value, kind=Commitment.Kind.COUNT, unit="亿元", label="累计完成投资")
        return value

    def clean(self):
        data = super().clean()
        commitment = self._commitment()
        if commitment is None:
            return data
        milestone = data.get("milestone")
        if milestone is not None and milestone.commitment_id != commitment.pk:
            self.add_error("milestone", "所选节点不属于该任务")
        if commitment.is_quantified and data.get("value") is None and "value" not in self.errors:
            self.add_error("value", "定量任务必须填写累计完成值")
        if not commitment.is_quantified and milestone is None and "milestone" not in self.errors:
            self.add_error("milestone", "定性任务请选择本次完成的节点")
        if data.get("period"):
            try:
                data["period"] = check_period(data["period"], commitment=commitment, today=self.today)
            except ValidationError as exc:
                self.add_error("period", exc)
        return data


class EvidenceForm(forms.ModelForm):
    """One evidence file in the report form: checked by content; a stored file is never replaced."""

    class Meta:
        model = Evidence
        fields = ["file", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = None
        if self.instance.pk and "file" in self.fields:
            self.fields["file"].disabled = True
            self.fields["file"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.instance.pk or upload is None:
            return upload
        try:
            self.checked = evidence.inspect(upload)
        except evidence.EvidenceError as exc:
            raise ValidationError(str(exc), code="file") from None
        return upload


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必须填写，说明需要修改的内容",
    )  # fmt: skip


class VerifyForm(forms.Form):
    note = forms.CharField(
        label="核实说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写核实说明（核实时间、地点、方式）"},
    )  # fmt: skip


class NoticeIssueForm(forms.ModelForm):
    """A supervisor's new 督办 notice; the addressed department is the task's lead department."""

    class Meta:
        model = SupervisionNotice
        fields = ["commitment", "reason", "response_due"]

    def __init__(self, *args, user, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        if "commitment" in self.fields:
            self.fields["commitment"].queryset = permissions.commitments_visible_to(user)
        for name, message in (("reason", "请填写督办事由"), ("response_due", "请填写答复期限")):
            if name in self.fields:
                self.fields[name].error_messages["required"] = message

    def clean(self):
        data = super().clean()
        if data.get("commitment") is None or self.errors:
            return data
        try:
            supervision.check_issue(
                commitment=data["commitment"],
                by=self.user,
                reason=data.get("reason", ""),
                response_due=data.get("response_due"),
                today=self.today,
            )
        except supervision.SupervisionError as exc:
            raise ValidationError(str(exc)) from None
        return data


class NoticeResponseForm(forms.ModelForm):
    class Meta:
        model = SupervisionNotice
        fields = ["response"]

    def __init__(self, *args, user=None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if "response" in self.fields:
            self.fields["response"].required = True
            self.fields["response"].error_messages["required"] = "请填写答复内容"


class CommitmentAdminForm(forms.ModelForm):
    """An administrator's edit of a task: a published target, unit or due date changes only with a reason."""

    change_reason = forms.CharField(
        label="变更原因", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="修改已公开任务的目标值、单位或完成期限时必须填写，并向公众公开",
    )  # fmt: skip

    class Meta:
        model = Commitment
        fields = ["work_report", "code", *breakdown.EDITABLE_FIELDS, "supporting_departments", "terminal_state",
                  "terminal_reason"]  # fmt: skip

    def clean_target_value(self):
        value = self.cleaned_data.get("target_value")
        if value is not None:
            check_figure(value, kind=self.data.get("kind", Commitment.Kind.COUNT), unit="", label="目标值")
        return value

    def clean(self):
        data = super().clean()
        new_values = {f: data[f] for f in amendments.GUARDED_FIELDS if f in data}
        if amendments.needs_reason(self.instance, new_values) and not data.get("change_reason", "").strip():
            self.add_error("change_reason", "修改已公开任务的目标值、单位或完成期限必须填写变更原因")
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "完成期限不能早于开始日期")
        if self.instance.terminal_state and "terminal_state" in data and not data["terminal_state"]:
            self.add_error("terminal_state", "“调整”“暂缓”是终止状态，设定后不能撤销")
        if data.get("terminal_state") and not data.get("terminal_reason", "").strip():
            self.add_error("terminal_reason", "调整或暂缓任务必须填写公开的原因")
        return data


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", error_messages={"required": "请选择要导入的 Excel 文件"})
