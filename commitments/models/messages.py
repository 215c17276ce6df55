"""Notifications (the outbox every message goes through) and the monthly bulletin (督查通报)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from commitments.models.commitments import Commitment


class OutboxMessage(models.Model):
    """A notification: shown in the recipient's in-app inbox and delivered by e-mail exactly once."""

    kind = models.CharField("类型", max_length=40)
    dedupe_key = models.CharField(
        "去重键", max_length=200, unique=True, help_text="类型、对象与日期：同一提醒只产生一次"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="inbox",
        verbose_name="收件人",
    )
    email = models.EmailField("邮箱", blank=True)
    subject = models.CharField("主题", max_length=200)
    body_text = models.TextField("正文")
    body_html = models.TextField("HTML 正文", blank=True)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="重点任务"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at"]
        indexes = [
            # Inbox: a user's unread messages; delivery sweep: unsent messages.
            models.Index(fields=["recipient", "read_at"], name="outbox_recipient_unread"),
            models.Index(fields=["sent_at"], name="outbox_unsent"),
        ]

    def __str__(self) -> str:
        return self.subject


def bulletin_path(instance: Bulletin, filename: str) -> str:
    return f"bulletins/{instance.month:%Y-%m}/{filename}"


class Bulletin(models.Model):
    """The monthly 督查通报: a stored workbook and printable document, downloadable by supervisors."""

    month = models.DateField("通报月份", unique=True, help_text="所通报月份的第一天")
    workbook = models.FileField("Excel 工作簿", upload_to=bulletin_path, blank=True)
    document = models.FileField("可打印文档", upload_to=bulletin_path, blank=True)
    data = models.JSONField("通报数据", default=dict, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督查通报"
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}督查通报"
