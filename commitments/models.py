"""The tracker's data: reports, their section trees, commitments and everything reported against them.

Names follow the glossary of DESIGN.md. Models hold fields, constraints, choices and row-local facts only;
rules that cross rows live in the domain modules (progress, status, figures, reviews, ...).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class HistoricalChange(models.Model):
    """Extra columns of every simple-history table: the address a change came from (等保2.0 audit: 来源地址)."""

    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        abstract = True


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


class ReportManager(models.Manager):
    def get_by_natural_key(self, issuer: str, year: int) -> Report:
        return self.get(issuer=issuer, year=year)


class Report(models.Model):
    """One 政府工作报告: one per issuer and year, keeping the source text it was read from."""

    year = models.PositiveSmallIntegerField("年度")
    issuer = models.CharField("发布机关", max_length=100)
    title = models.CharField("标题", max_length=200)
    source_text = models.TextField("原文", blank=True)
    source_hash = models.CharField("原文摘要(SHA-256)", max_length=64, blank=True)
    notes = models.TextField("说明（公开）", blank=True, help_text="例如：牵头单位为示意性分配")
    is_public = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ReportManager()

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
        return self.get(report__issuer=issuer, report__year=year, key=key)


class Section(models.Model):
    """A node of a report's section tree: 二、 → (一) → theme paragraph, with the heading as written."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections", verbose_name="报告")
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
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="section_unique_key_per_report")]

    def __str__(self) -> str:
        return f"{self.number}{self.heading}" if self.number else self.heading

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.report.natural_key(), self.key)

    natural_key.dependencies = ["commitments.report"]


class CommitmentQuerySet(models.QuerySet):
    def public(self) -> CommitmentQuerySet:
        return self.filter(is_public=True, report__is_public=True)

    def open(self) -> CommitmentQuerySet:
        """Commitments still being worked on: not completed, adjusted or suspended."""
        return self.exclude(
            status__in=[Commitment.Status.COMPLETED, Commitment.Status.ADJUSTED, Commitment.Status.SUSPENDED]
        )

    def get_by_natural_key(self, issuer: str, year: int, code: str) -> Commitment:
        return self.get(report__issuer=issuer, report__year=year, code=code)


class Commitment(models.Model):
    """One promise of the report (重点任务 / 承诺事项), with its target and derived figures."""

    class Kind(models.TextChoices):
        COUNT = "count", "数量"
        LEVEL = "level", "总量水平"
        GROWTH = "growth", "增长率"
        RATIO = "ratio", "比率"
        MILESTONE = "milestone", "节点（定性）"

    class Comparator(models.TextChoices):
        GTE = ">=", "不低于（以上、力争达）"
        GT = ">", "超过（突破、超过）"
        LTE = "<=", "不高于（以内、控制在）"
        EQ = "=", "达到（=）"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        ON_TRACK = "on_track", "正常推进"
        LAGGING = "lagging", "滞后"
        OVERDUE = "overdue", "逾期"
        COMPLETED = "completed", "已完成"
        ADJUSTED = "adjusted", "调整"
        SUSPENDED = "suspended", "暂缓"

    class Pace(models.TextChoices):
        AHEAD = "ahead", "超进度"
        ON_PACE = "on_pace", "达进度"
        BEHIND = "behind", "欠进度"

    class Terminal(models.TextChoices):
        ADJUSTED = "adjusted", "调整"
        SUSPENDED = "suspended", "暂缓"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="commitments", verbose_name="报告")
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
        ordering = ["report", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="commitment_unique_code_per_report"),
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
            models.Index(fields=["report", "status"], name="commitment_report_status"),
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
            models.Index(fields=["report"], condition=Q(is_public=True), name="commitment_public_report"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.report.natural_key(), self.code)

    natural_key.dependencies = ["commitments.report", "commitments.section", "commitments.department"]

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
            commitment__report__issuer=issuer, commitment__report__year=year, commitment__code=code, title=title
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


class ProgressReport(models.Model):
    """A department's progress report (进展填报). Only approved ones move figures or reach the public."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已通过"
        RETURNED = "returned", "已退回"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="reports", verbose_name="重点任务"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="完成的节点",
        help_text="定性任务：本次填报完成的节点",
    )
    period = models.DateField("填报月份", help_text="所属月份的第一天")
    value = models.DecimalField("累计完成值", max_digits=16, decimal_places=4, null=True, blank=True)
    investment_completed = models.DecimalField(
        "累计完成投资（亿元）",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    narrative = models.TextField("进展情况")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填报人",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    verified = models.BooleanField("督查核实", default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="核实人",
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    verification_note = models.TextField("核实说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name="历史记录", bases=[HistoricalChange])

    class Meta:
        verbose_name = verbose_name_plural = "进展填报"
        ordering = ["-period", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(review_note=""), name="report_returned_needs_note"
            ),
            models.CheckConstraint(
                condition=Q(verified=False) | Q(state="approved"), name="report_only_approved_verified"
            ),
        ]
        indexes = [
            # Recompute and public detail: approved reports of one commitment, newest first.
            models.Index(fields=["commitment", "state", "-period"], name="report_commitment_state"),
            # Review queue: submitted reports oldest first.
            models.Index(fields=["state", "submitted_at"], name="report_state_submitted"),
            # Atom feed and "latest approved updates": newest approved first (0.9 s → 1 ms at 1M reports).
            models.Index(fields=["-reviewed_at", "-id"], condition=Q(state="approved"), name="report_approved_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code} {self.period:%Y-%m} {self.get_state_display()}"

    @property
    def is_approved(self) -> bool:
        return self.state == self.State.APPROVED


def evidence_path(instance: Evidence, filename: str) -> str:
    # Random names: the original name is kept in a field, never used on disk.
    import uuid
    from pathlib import PurePath

    return f"evidence/{instance.report.commitment_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Evidence(models.Model):
    """A file attached to a progress report (photo, PDF, spreadsheet)."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="evidence", verbose_name="进展填报"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    is_public = models.BooleanField("公开", default=False, help_text="填报通过后对公众可见")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


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

    class Level(models.TextChoices):
        BLUE = "blue", "蓝色提醒"
        YELLOW = "yellow", "黄色催办"
        RED = "red", "红色督办"

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
        Commitment,
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
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="报告"
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
