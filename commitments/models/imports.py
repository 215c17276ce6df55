"""An administrator's upload of a work report, parsed into draft commitments by a Celery task."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from commitments.models.work_reports import WorkReport


def import_upload_path(instance: ImportJob, filename: str) -> str:
    import uuid
    from pathlib import PurePath

    return f"imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ImportJob(models.Model):
    """An administrator's upload of a work report, parsed by a Celery task into draft commitments."""

    class State(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    source = models.FileField("报告文件", upload_to=import_upload_path)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    issuer = models.CharField("发布机关", max_length=100)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    summary = models.JSONField("导入结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    work_report = models.ForeignKey(
        WorkReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="政府工作报告"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name or self.source.name}（{self.get_state_display()}）"
