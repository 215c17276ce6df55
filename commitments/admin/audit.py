"""Admin for the audit trail: read-only for everyone, superusers included."""

from django.contrib import admin

from commitments.models import HistoryEntry


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_name", "object_repr", "ip_address", "is_public"]
    list_filter = ["action", "is_public"]
    search_fields = ["object_repr", "actor_name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
