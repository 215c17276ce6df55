"""Commitments (重点任务) with their targets and derived figures, and their dated milestones."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commitments.models.audit import HistoricalChange
from commitments.models.departments import Department
from commitments.models.work_reports import Section, WorkReport
from commitments.vocabulary import CLOSED_STATUSES, Comparator, Kind, Pace, Status, Terminal


class CommitmentQuerySet(models.QuerySet):
    def public(self) -> CommitmentQuerySet:
        return self.filter(is_public=True, work_report__is_public=True)

    def open(self) -> CommitmentQuerySet:
        """Commitments still being worked on: not completed, adjusted or suspended."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def get_by_natural_key(self, issuer: str, year: int, code: str) -> Commitment:
        return self.get(work_report__issuer=issuer, work_report__year=year, code=code)


class Commitment(models.Model):
    """One promise of the report (重点任务 / 承诺事项), with its target and derived figures."""

    # The words of the glossary (commitments/vocabulary.py), reachable as Commitment.Status etc.
    Kind = Kind
    Comparator = Comparator
    Status = Status
    Pace = Pace
    Terminal = Terminal

    work_report = models.ForeignKey(
        WorkReport, on_delete=models.PROTECT, related_name="commitments", verbose_name="政府工作报告"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="commitments", verbose_name="所属章节")
    code = models.CharField("编号", max_length=40, help_text="如 2024-2-1-05")
    position = models.PositiveIntegerField("顺序", default=0)
    title = models.CharField("任务简称", max_length=120)
    quote = models.TextField("报告原文")
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_commitments",
        verbose_name="牵头单位",
    )
    supporting_departments = models.ManyToManyField(
        Department, blank=True, related_name="supported_commitments", verbose_name="配合单位"
    )

    kind = models.CharField("目标类型", max_length=20, choices=Kind.choices, default=Kind.MILESTONE)
    comparator = models.CharField("比较方式", max_length=2, choices=Comparator.choices, default=Comparator.GTE)
    target_value = models.DecimalField("目标值", max_digits=16, decimal_places=4, null=True, blank=True)
    unit = models.CharField("单位", max_length=30, blank=True)
    baseline_value = models.DecimalField("基数", max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_quote = models.TextField("基数出处", blank=True)
    start_date = models.DateField("开始日期")
    due_date = models.DateField("完成期限")
    is_public = models.BooleanField("公开", default=False)
    planned_investment = models.DecimalField(
        "年度计划投资（亿元）",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    terminal_state = models.CharField("终止状态", max_length=20, choices=Terminal.choices, blank=True)
    terminal_reason = models.TextField("调整/暂缓原因（公开）", blank=True)
    internal_note = models.TextField("内部备注（不公开）", blank=True)

    # Derived figures, written only by figures.recompute() from approved reports, so lists never compute.
    current_value = models.DecimalField("当前值", max_digits=16, decimal_places=4, null=True, blank=True)
    progress_percent = models.DecimalField("进度(%)", max_digits=7, decimal_places=2, default=Decimal(0))
    achievement_percent = models.DecimalField("目标达成(%)", max_digits=9, decimal_places=2, null=True, blank=True)
    expected_pace_percent = models.DecimalField("序时进度(%)", max_digits=7, decimal_places=2, default=Decimal(0))
    pace = models.CharField("进度对比", max_length=10, choices=Pace.choices, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_reason = models.CharField("状态说明", max_length=200, blank=True)
    status_since = models.DateField("状态起始日", null=True, blank=True)
    last_approved_at = models.DateTimeField("最近通过的填报", null=True, blank=True)
    investment_completed = models.DecimalField(
        "已完成投资（亿元）", max_digits=12, decimal_places=4, null=True, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="历史记录", bases=[HistoricalChange])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "重点任务"
        ordering = ["work_report", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["work_report", "code"], name="commitment_unique_code_per_report"),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")), name="commitment_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="milestone") | Q(target_value__isnull=False),
                name="commitment_quantified_has_target",
            ),
            models.CheckConstraint(
                condition=Q(terminal_state="") | ~Q(terminal_reason=""),
                name="commitment_terminal_needs_reason",
            ),
        ]
        indexes = [
            # Public list filtered by status within a report (home counts, /commitments/?status=).
            models.Index(fields=["work_report", "status"], name="commitment_report_status"),
            # Department pages and the reporter's own list.
            models.Index(fields=["lead_department", "status"], name="commitment_lead_status"),
            # Daily scan: open commitments by due date.
            models.Index(fields=["due_date"], name="commitment_due"),
            # Public commitment page by code (/commitments/<code>/): codes repeat across reports.
            models.Index(fields=["code"], name="commitment_code"),
            # Public lists and their COUNT: the public commitments of each report. The count reads only this
            # index (0.7 MB at 100,000 commitments); the newest-first list reads it report by report after
            # report_year_id, sorting one report's rows at a time. Position and code in it would not spare
            # that sort (the planner does not carry an inner order through the join) and make it 7 × larger.
            models.Index(fields=["work_report"], condition=Q(is_public=True), name="commitment_public_report"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.work_report.natural_key(), self.code)

    natural_key.dependencies = ["commitments.workreport", "commitments.section", "commitments.department"]

    @property
    def is_quantified(self) -> bool:
        return self.kind != self.Kind.MILESTONE

    @property
    def is_terminal(self) -> bool:
        return bool(self.terminal_state)

    @property
    def has_investment(self) -> bool:
        return self.planned_investment is not None


class MilestoneManager(models.Manager):
    def get_by_natural_key(self, issuer: str, year: int, code: str, title: str) -> Milestone:
        return self.get(
            commitment__work_report__issuer=issuer,
            commitment__work_report__year=year,
            commitment__code=code,
            title=title,
        )


class Milestone(models.Model):
    """A dated step (时间节点) of a commitment, optionally with an interim target value."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="milestones", verbose_name="重点任务"
    )
    title = models.CharField("节点", max_length=200)
    due_date = models.DateField("计划完成日期")
    target_value = models.DecimalField("阶段目标值", max_digits=16, decimal_places=4, null=True, blank=True)
    weight = models.DecimalField(
        "权重", max_digits=6, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal(0))]
    )
    done_on = models.DateField("实际完成日期", null=True, blank=True, help_text="由审核通过的填报写入")
    position = models.PositiveIntegerField("顺序", default=0)

    history = HistoricalRecords(verbose_name="历史记录", bases=[HistoricalChange])
    objects = MilestoneManager()

    class Meta:
        verbose_name = verbose_name_plural = "时间节点"
        ordering = ["commitment", "due_date", "position"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "title"], name="milestone_unique_title"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="milestone_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, int, str, str]:
        return (*self.commitment.natural_key(), self.title)

    natural_key.dependencies = ["commitments.commitment"]

    def is_due_within(self, days: int, *, today) -> bool:
        return self.done_on is None and 0 <= (self.due_date - today).days <= days
