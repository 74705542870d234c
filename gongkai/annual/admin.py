"""Admin: annual reports are read-only here (they change only through the workflow in ``services``)."""

from django.contrib import admin

from gongkai.requests.admin import ReadOnlyAdmin

from .models import AnnualReport, PublishedFile, ReportVersion, VersionEvent


class ReadOnlyInline(admin.TabularInline):
    """Rows shown, never added, changed or deleted; ``fields`` are all read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ReportVersion
    fields = ("number", "status", "published_on", "correction_note")
    show_change_link = True


class EventInline(ReadOnlyInline):
    model = VersionEvent
    fields = ("at", "actor_name", "role", "action", "status_before", "status_after", "note")


class FileInline(ReadOnlyInline):
    model = PublishedFile
    fields = ("kind", "size", "sha256", "created_at")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("organization", "year", "format_version", "created_at")
    list_filter = ("year",)
    search_fields = ("organization__name", "organization__code")
    inlines = [VersionInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "status", "published_on", "updated_at")
    list_filter = ("status", "report__year")
    search_fields = ("report__organization__name", "report__organization__code")
    exclude = ("html_fragment",)
    inlines = [EventInline, FileInline]
