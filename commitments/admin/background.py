"""Admin for background work: the notification inbox, escalations, and the monthly bulletins.

- Inbox (消息): each user sees the messages addressed to them and marks them read; supervisors and
  superusers see every message, delivery state included, but mark only their own as read.
- Escalations (预警): read-only, scoped like commitments.
- Bulletins (督查通报): supervisors only; the stored workbook and document are downloaded through a
  permission-checked view as attachments, never from a public media URL.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from commitments import bulletin as bulletins
from commitments import notify, permissions
from commitments.admin.scoping import ScopedAdmin
from commitments.models import Bulletin, Escalation, OutboxMessage

FILE_TYPES = {
    "workbook": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "document": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnreadFilter(admin.SimpleListFilter):
    title = "阅读状态"
    parameter_name = "unread"

    def lookups(self, request, model_admin):
        return [("1", "未读"), ("0", "已读")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(read_at__isnull=self.value() == "1")
        return queryset


# OutboxMessage.kind is the code notify renders templates/emails/<kind>-* by; people read these names.
KIND_LABELS = {
    "reminder": "到期提醒",
    "escalation": "预警",
    "notice-proposed": "建议督办",
    "notice-issued": "督办通知",
    "report-approved": "填报已通过",
    "report-returned": "填报被退回",
    "digest": "督查周报",
    "bulletin": "督查通报",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


class KindFilter(admin.SimpleListFilter):
    """The kinds in the user's own inbox, by their Chinese names."""

    title = "类型"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = model_admin.get_queryset(request).order_by("kind").values_list("kind", flat=True).distinct()
        return [(kind, kind_label(kind)) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "kind_name", "recipient", "created_at", "delivered", "read"]
    list_filter = [UnreadFilter, KindFilter]
    search_fields = ["subject", "body_text"]
    list_select_related = ["recipient"]
    fields = ["subject", "kind_name", "recipient", "email", "created_at", "sent_at", "read_at", "attempts",
              "last_error", "body_text"]  # fmt: skip
    readonly_fields = fields
    actions = ["mark_read"]

    def scope(self, request):
        qs = OutboxMessage.objects.all()
        if permissions.is_supervisor(request.user):
            return qs
        return qs.filter(recipient=request.user)

    @admin.display(description="类型", ordering="kind")
    def kind_name(self, obj: OutboxMessage) -> str:
        return kind_label(obj.kind)

    @admin.display(description="已送达", boolean=True)
    def delivered(self, obj: OutboxMessage) -> bool:
        return obj.sent_at is not None

    @admin.display(description="已读", boolean=True)
    def read(self, obj: OutboxMessage) -> bool:
        return obj.read_at is not None

    @admin.action(description="标记为已读")
    def mark_read(self, request: HttpRequest, queryset) -> None:
        count = notify.mark_read(queryset, user=request.user, now=timezone.now())
        self.message_user(request, f"已将 {count} 条消息标记为已读（只标记发给您本人的消息）。")


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "level", "trigger", "created_on", "resolved_on", "notice"]
    list_filter = ["level", ("resolved_on", admin.EmptyFieldListFilter), "created_on"]
    search_fields = ["commitment__code", "commitment__title", "trigger"]
    list_select_related = ["commitment", "notice"]
    date_hierarchy = "created_on"

    def scope(self, request):
        return Escalation.objects.filter(commitment__in=permissions.commitments_visible_to(request.user))


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "downloads"]
    fields = ["month", "created_at", "summary", "downloads"]
    readonly_fields = fields
    actions = ["regenerate"]

    def scope(self, request):
        return Bulletin.objects.all()

    def has_view_permission(self, request, obj=None):
        # Supervisors' material (DESIGN.md): a reporter given the model permission still sees nothing.
        return permissions.is_supervisor(request.user) and super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return permissions.is_supervisor(request.user) and super().has_module_permission(request)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download)
        mine = [path("<int:pk>/download/<str:kind>/", download, name="commitments_bulletin_download")]
        return mine + super().get_urls()

    @admin.display(description="下载")
    def downloads(self, obj: Bulletin) -> str:
        links = [(reverse("admin:commitments_bulletin_download", args=[obj.pk, kind]), label)
                 for kind, label in (("workbook", "Excel 工作簿"), ("document", "Word 文档"))
                 if getattr(obj, kind)]  # fmt: skip
        return format_html_join(" | ", '<a href="{}">{}</a>', links) or "—"

    @admin.display(description="概况")
    def summary(self, obj: Bulletin) -> str:
        overall = obj.data.get("overall", {})
        return format_html(
            "任务 {} 项，已完成 {} 项，完成率 {}%；红色督办 {} 项；迟报或未报单位 {} 个",
            overall.get("total", 0),
            overall.get("completed", 0),
            overall.get("rate", "—"),
            len(obj.data.get("red", [])),
            len(obj.data.get("reporting", [])),
        )

    def download(self, request: HttpRequest, pk: int, kind: str) -> FileResponse:
        if kind not in FILE_TYPES:
            raise Http404("没有这种文件")
        obj = Bulletin.objects.filter(pk=pk).first()
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        stored = getattr(obj, kind) if obj else None
        if not stored:
            raise Http404("通报文件不存在")
        extension, content_type = FILE_TYPES[kind]
        response = FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=f"{bulletins.title(obj.month)}.{extension}",
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.action(description="重新生成所选通报")
    def regenerate(self, request: HttpRequest, queryset) -> None:
        today = timezone.localdate()
        for obj in queryset:
            bulletins.publish(month=obj.month, today=today)
        self.message_user(request, f"已重新生成 {queryset.count()} 份通报。", level=messages.SUCCESS)
