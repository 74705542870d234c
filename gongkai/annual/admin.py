"""Admin: annual reports are read-only here (they change only through the workflow in ``services``)."""

from django.contrib import admin

from .models import AnnualReport, PublishedFile, ReportVersion, VersionEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = ReportVersion
    fields = ("number", "status", "published_on", "correction_note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("organization", "year", "format_version", "created_at")
    list_filter = ("year",)
    search_fields = ("organization__name", "organization__code")
    inlines = [VersionInline]


class EventInline(admin.TabularInline):
    model = VersionEvent
    fields = ("at", "actor_name", "role", "action", "status_before", "status_after", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class FileInline(admin.TabularInline):
    model = PublishedFile
    fields = ("kind", "size", "sha256", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "status", "published_on", "updated_at")
    list_filter = ("status", "report__year")
    search_fields = ("report__organization__name", "report__organization__code")
    exclude = ("html_fragment",)
    inlines = [EventInline, FileInline]
