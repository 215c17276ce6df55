"""Admin for background work: escalations, the notification inbox, bulletins."""

from django.contrib import admin

from commitments.models import Escalation, OutboxMessage


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["commitment", "level", "trigger", "created_on", "resolved_on"]
    list_filter = ["level"]
    list_select_related = ["commitment"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "recipient", "created_at", "sent_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject"]
