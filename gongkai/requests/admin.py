"""Admin: read-only views of the request data.

Cases change only through the workflow (``services.perform``); the event log and the
audit trail cannot be changed by anyone.  The admin therefore shows everything and edits
nothing.
"""

from django.contrib import admin

from .models import AuditEntry, Case, CaseEvent, Fee, Notice, NoticeTemplate, Remedy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("seq", "kind", "legal_date", "recorded_at", "actor_name", "actor_role", "status_after", "clock_type")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "organization", "applicant_type", "received", "status", "due", "working_days_left", "outcome")
    list_filter = ("organization", "status", "channel", "applicant_type")
    search_fields = ("number",)
    exclude = ("tracking_hash", "submission_key", "tokens")
    inlines = [EventInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "organization", "case", "action", "summary")
    list_filter = ("organization", "action")
    search_fields = ("summary", "case__number")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "case", "issued_on", "delivered_on")
    search_fields = ("number", "case__number")


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(ReadOnlyAdmin):
    list_display = ("organization", "kind", "original_name", "active", "uploaded_at")


@admin.register(Fee)
class FeeAdmin(ReadOnlyAdmin):
    list_display = ("case", "method", "amount", "issued_on", "paid_on")


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "body", "filed_on", "result")
    list_filter = ("kind", "result")
