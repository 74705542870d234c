from django.contrib import admin

from .models import Membership, Organization
from django.utils.translation import gettext_lazy


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "region", "uscc", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("code", "name", "uscc")
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "code", "kind", "parent", "uscc", "region", "vertically_managed", "is_active")}),
        (gettext_lazy("依申请公开"), {"fields": ("request_prefix", "reconsideration_body")}),
        (gettext_lazy("联系方式（用于指南与文书）"), {"fields": ("address", "postcode", "phone", "fax", "email", "office_hours", "website")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role", "organization")
    search_fields = ("user__username", "user__full_name", "organization__name", "organization__code")
    autocomplete_fields = ["user", "organization"]
