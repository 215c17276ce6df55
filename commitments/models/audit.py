"""The audit trail: entries written by domain functions and login events, and the extra column of every
simple-history table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class HistoricalChange(models.Model):
    """Extra columns of every simple-history table: the address a change came from (等保2.0 audit: 来源地址)."""

    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        abstract = True


class HistoryEntry(models.Model):
    """An audit entry written by a domain function: who did what, when, from where, and why.

    ``is_public`` entries (changes to a published target, unit or due date, adjustments, suspensions)
    form the public change log of a commitment: the goal post cannot move unseen.
    """

    action = models.CharField("操作", max_length=60, help_text="稳定的点分代码，如 commitment.target_changed")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    # PROTECT, not SET_NULL: audit rows are immutable, so a user or commitment with a trail is kept
    # (deactivate a user, adjust a commitment) rather than deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象编号", max_length=40)
    object_repr = models.CharField("对象", max_length=200)
    commitment = models.ForeignKey(
        "commitments.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="history_entries",
        verbose_name="重点任务",
    )
    data = models.JSONField("内容", default=dict, blank=True)
    reason = models.TextField("原因", blank=True)
    is_public = models.BooleanField("公开", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]
        indexes = [
            # Public change log of one commitment.
            models.Index(fields=["commitment", "is_public", "at"], name="history_commitment_public"),
        ]

    def __str__(self) -> str:
        # Stored in UTC; named in the UI's time zone, as the admin's lists show it.
        at = timezone.localtime(self.at) if self.at else None
        return f"{at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}" if at else f"{self.action} {self.object_repr}"


class LoginEvent(HistoryEntry):
    """The ``auth.*`` entries (logins, failures, lockouts, logouts, permission changes) as their own admin list."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录与权限日志"
