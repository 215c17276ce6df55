"""Admin for the audit trail: read-only for everyone, superusers included (the database refuses edits too).

Two lists: 操作记录 (business entries written by domain functions) and 登录与权限日志 (``auth.*``: logins,
failures, lockouts, logouts, permission changes), which only superusers see. Accounts cannot be deleted
here: audit rows point at them, so a departed user is deactivated instead.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts import audit
from commitments import actions
from commitments.models import HistoryEntry, LoginEvent


def action_label(action: str) -> str:
    return actions.label(action)


class ActionFilter(admin.SimpleListFilter):
    """The actions present in the list, by name (one query, as Django's own value filter)."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        present = model_admin.get_queryset(request).order_by("action").values_list("action", flat=True).distinct()
        # An action written under an older code too is offered once, under its current code.
        current = dict.fromkeys(actions.codes(code)[0] for code in present)
        return [(code, action_label(code)) for code in current]

    def queryset(self, request, queryset):
        return queryset.filter(action__in=actions.codes(self.value())) if self.value() else queryset


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAuditAdmin):
    list_display = ["at", "action_name", "actor_name", "object_repr", "ip_address", "is_public"]
    list_filter = [ActionFilter, "is_public"]
    search_fields = ["object_repr", "actor_name", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(action__startswith="auth.")

    @admin.display(description="操作", ordering="action")
    def action_name(self, obj: HistoryEntry) -> str:
        return action_label(obj.action)


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAuditAdmin):
    list_display = ["at", "event", "actor_name", "ip_address", "outcome"]
    list_filter = ["action"]
    search_fields = ["actor_name", "ip_address"]
    fields = ["at", "action", "actor", "actor_name", "ip_address", "object_type", "object_id", "object_repr", "data"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(action__startswith="auth.")

    @admin.display(description="事件", ordering="action")
    def event(self, obj: HistoryEntry) -> str:
        return actions.label(obj.action)

    @admin.display(description="结果/说明")
    def outcome(self, obj: HistoryEntry) -> str:
        data = obj.data or {}
        if obj.action == audit.LOGIN_FAILED:
            return "账户已锁定，未校验密码" if data.get("refused_while_locked") else "用户名或密码错误"
        if obj.action == audit.LOCKOUT:
            return f"连续失败 {data.get('failures')} 次，锁定 30 分钟"
        if obj.action == audit.LOGOUT:
            return audit.LOGOUT_REASONS.get(data.get("reason"), "")
        if obj.action == audit.PERMISSIONS_CHANGED:
            if "relation" in data:
                return f"{data['relation']} {data.get('change')}: {'、'.join(data.get('names', []))}"
            return "；".join(f"{flag}: {old} → {new}" for flag, (old, new) in data.items())
        return ""


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin, without deletion: deactivate an account instead (its audit trail stays linked)."""

    list_display = ["username", "email", "is_active", "is_staff", "is_superuser", "last_login"]

    def has_delete_permission(self, request, obj=None):
        return False
