"""Supervision notices (督办) and the escalation colours given to commitments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commitments.models.audit import HistoricalChange
from commitments.models.commitments import Commitment
from commitments.models.departments import Department
from commitments.vocabulary import Colour


class SupervisionNotice(models.Model):
    """A 督办: a supervisor asks a department to act or explain by a date; the department responds."""

    class State(models.TextChoices):
        OPEN = "open", "待答复"
        RESPONDED = "responded", "已答复"
        CLOSED = "closed", "已办结"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="notices", verbose_name="重点任务"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="notices", verbose_name="被督办单位"
    )
    reason = models.TextField("督办事由")
    response_due = models.DateField("答复期限")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.OPEN)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="督办人",
    )
    issued_at = models.DateTimeField("督办时间", auto_now_add=True)
    response = models.TextField("答复", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="答复人",
    )
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办结人",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    proposed = models.BooleanField("系统建议", default=False, help_text="由红色督办自动建议，待督查员确认")

    history = HistoricalRecords(verbose_name="历史记录", bases=[HistoricalChange])

    class Meta:
        verbose_name = verbose_name_plural = "督办通知"
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="notice_needs_reason"),
            models.CheckConstraint(
                condition=~Q(state="responded") | ~Q(response=""), name="notice_responded_needs_response"
            ),
        ]
        indexes = [models.Index(fields=["department", "state"], name="notice_department_state")]

    def __str__(self) -> str:
        return f"督办：{self.commitment.code}（{self.get_state_display()}）"

    def is_overdue(self, *, today) -> bool:
        return self.state == self.State.OPEN and self.response_due < today


class Escalation(models.Model):
    """One colour given to one commitment for one trigger (a due date or a month): written once."""

    Level = Colour

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="escalations", verbose_name="重点任务"
    )
    level = models.CharField("等级", max_length=10, choices=Level.choices)
    trigger = models.CharField("触发原因", max_length=60, help_text="如 due:2024-12-31、pace:2024-11、report:2024-11")
    created_on = models.DateField("产生日期")
    resolved_on = models.DateField("解除日期", null=True, blank=True)
    notice = models.ForeignKey(
        SupervisionNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="督办通知"
    )

    class Meta:
        verbose_name = verbose_name_plural = "预警"
        ordering = ["-created_on"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "level", "trigger"], name="escalation_once_per_trigger")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.commitment.code}"
