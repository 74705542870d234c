from django.contrib import admin

from .models import EnforcementFigure, EnforcementImport, EnforcementRecord, NormativeDocument


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "organization", "issued_on", "effective_on", "ended_on", "status")
    list_filter = ("kind", "status", "organization")
    search_fields = ("number", "title", "issuer")
    date_hierarchy = "issued_on"
    autocomplete_fields = ["organization"]


@admin.register(EnforcementFigure)
class EnforcementFigureAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "kind", "count", "amount_yuan", "overrides_computed", "source_person", "updated_at")
    list_filter = ("kind", "year", "overrides_computed", "organization")
    search_fields = ("organization__name", "organization__code", "source_document")
    autocomplete_fields = ["organization"]
    raw_id_fields = ["entered_by"]


@admin.register(EnforcementImport)
class EnforcementImportAdmin(admin.ModelAdmin):
    list_display = ("pk", "organization", "year", "filename", "rows", "replaced", "imported_via", "imported_by", "created_at")
    list_filter = ("imported_via", "organization")
    readonly_fields = ("organization", "year", "filename", "rows", "replaced", "imported_by", "imported_via", "created_at")

    def has_add_permission(self, request):
        return False  # imports come from the console or `gongkai enforcement import`


@admin.register(EnforcementRecord)
class EnforcementRecordAdmin(admin.ModelAdmin):
    """Read-only: millions of rows; searched by exact decision number."""

    list_display = ("number", "kind", "decided_on", "amount_yuan", "organization", "year", "batch", "source_line")
    list_filter = ("kind", "year")
    search_fields = ("=number",)
    show_full_result_count = False
    list_select_related = ("organization", "batch")
    readonly_fields = [f.name for f in EnforcementRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
