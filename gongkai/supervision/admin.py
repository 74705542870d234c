"""Admin: checked reports are read-only (they are created by the 年报核查 page only)."""

from django.contrib import admin

from gongkai.requests.admin import ReadOnlyAdmin

from .models import CheckedReport


@admin.register(CheckedReport)
class CheckedReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "format_version", "office", "origin", "errors", "warnings", "infos", "checked_at",
                    "checked_by")
    list_filter = ("office", "origin", "format_version", "year")
    search_fields = ("agency", "file_name")
    exclude = ("content",)
