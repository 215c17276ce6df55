"""Departments (责任单位): lead and support commitments; their members report."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Department:
        return self.get(slug=slug)


class Department(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", "市直部门"
        TOWNSHIP = "township", "镇（街道、管理区）"
        ZONE = "zone", "开发区（园区）"
        ENTERPRISE = "enterprise", "国有企业"
        OTHER = "other", "其他单位"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    slug = models.SlugField("网址标识", max_length=60, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.BUREAU)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="departments", blank=True, verbose_name="填报人员"
    )
    email = models.EmailField("联系邮箱", blank=True)

    objects = DepartmentManager()

    class Meta:
        verbose_name = verbose_name_plural = "责任单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
