"""A government work report (政府工作报告) and its section tree."""

from __future__ import annotations

from django.db import models


class WorkReportManager(models.Manager):
    def get_by_natural_key(self, issuer: str, year: int) -> WorkReport:
        return self.get(issuer=issuer, year=year)


class WorkReport(models.Model):
    """One 政府工作报告: one per issuer and year, keeping the source text it was read from."""

    year = models.PositiveSmallIntegerField("年度")
    issuer = models.CharField("发布机关", max_length=100)
    title = models.CharField("标题", max_length=200)
    source_text = models.TextField("原文", blank=True)
    source_hash = models.CharField("原文摘要(SHA-256)", max_length=64, blank=True)
    notes = models.TextField("说明（公开）", blank=True, help_text="例如：牵头单位为示意性分配")
    is_public = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = WorkReportManager()

    class Meta:
        verbose_name = verbose_name_plural = "政府工作报告"
        ordering = ["-year", "issuer"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="report_unique_issuer_year")]
        indexes = [
            # Public lists, newest report first (public_data.NEWEST_FIRST): read backwards, reports come in
            # that order and each one's commitments are joined through commitment_public_report, so a page
            # reads a few reports instead of sorting every commitment (bench finding 5).
            models.Index(fields=["year", "id"], name="report_year_id"),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, int]:
        return (self.issuer, self.year)


class SectionManager(models.Manager):
    def get_by_natural_key(self, issuer: str, year: int, key: str) -> Section:
        return self.get(work_report__issuer=issuer, work_report__year=year, key=key)


class Section(models.Model):
    """A node of a report's section tree: 二、 → (一) → theme paragraph, with the heading as written."""

    work_report = models.ForeignKey(
        WorkReport, on_delete=models.CASCADE, related_name="sections", verbose_name="政府工作报告"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    key = models.CharField("编号", max_length=40, help_text="在报告内唯一的层级编号，如 2、2.1、2.1.3")
    number = models.CharField("序号", max_length=20, blank=True, help_text="原文序号，如 二、（一）")
    heading = models.CharField("标题", max_length=300)
    level = models.PositiveSmallIntegerField("层级", default=1)
    position = models.PositiveIntegerField("顺序", default=0)

    objects = SectionManager()

    class Meta:
        verbose_name = verbose_name_plural = "报告章节"
        ordering = ["work_report", "position"]
        constraints = [models.UniqueConstraint(fields=["work_report", "key"], name="section_unique_key_per_report")]

    def __str__(self) -> str:
        return f"{self.number}{self.heading}" if self.number else self.heading

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.work_report.natural_key(), self.key)

    natural_key.dependencies = ["commitments.workreport"]
