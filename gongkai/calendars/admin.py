"""Admin pages: edit days, mark years loaded, import a year's arrangement from a file.

Every change goes through ``services`` so caches are invalidated and
``calendar_changed`` is sent; errors are shown in Chinese, nothing half-saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from gongkai.law.calendar import FIRST_DAY, LAST_DAY
from gongkai.law.calendar_file import MAX_BYTES, CalendarFileError
from gongkai.law.errors import DomainError

from . import services
from .models import REGION_CHOICES, CalendarDay, CalendarYear, ClockSettings, RegionCalendar
from django.utils.translation import gettext as _, gettext_lazy


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), f"{d.year}年") for d in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["region", "date", "kind", "name", "source"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            _validate(services.validate_day, region=cleaned["region"], day=cleaned["date"], kind=cleaned["kind"],
                      exclude_pk=self.instance.pk)
        return cleaned


def _validate(check, **kwargs):
    """Run a service check and show its DomainError on the form field it names."""
    try:
        check(**kwargs)
    except DomainError as exc:
        field = {"day": "date"}.get(exc.field, exc.field)
        raise ValidationError({field: exc.message} if field else exc.message) from None


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["region", "year", "loaded", "source"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            region = cleaned.get("region", self.instance.region)
            year = cleaned.get("year", self.instance.year)
            _validate(services.validate_year_loaded, region=region, year=year, loaded=cleaned.get("loaded", False))
        return cleaned


class RegionCalendarForm(forms.ModelForm):
    class Meta:
        model = RegionCalendar
        fields = ["region", "own_days_expected", "note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            _validate(services.validate_own_days_expected, region=cleaned.get("region", self.instance.region))
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday", "region", "kind", "name", "source")
    list_filter = ("region", "kind", YearFilter)
    search_fields = ("name", "source")
    date_hierarchy = "date"
    ordering = ("region", "date")
    change_list_template = "admin/calendars/calendarday/change_list.html"

    @admin.display(description=gettext_lazy("星期"))
    def weekday(self, obj):
        return obj.weekday

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path("import/", self.admin_site.admin_view(self.import_view), name="calendars_calendarday_import"),
        ]
        return custom + urls

    def save_model(self, request, obj, form, change):
        services.save_day(
            region=obj.region, day=obj.date, kind=obj.kind, name=obj.name, source=obj.source,
            instance=obj if change else None,
        )

    def delete_model(self, request, obj):
        services.delete_days([obj])

    def delete_queryset(self, request, queryset):
        services.delete_days(list(queryset))

    def import_view(self, request):
        if not (self.has_add_permission(request) and request.user.has_perm("calendars.change_calendaryear")):
            raise PermissionDenied
        errors: list[str] = []
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = services.import_file(
                        upload.read(), upload.name, region=form.cleaned_data["region"],
                        year=form.cleaned_data["year"], mark_loaded=form.cleaned_data["mark_loaded"],
                        user=request.user,
                    )
                except CalendarFileError as exc:
                    errors = exc.errors
                except DomainError as exc:
                    errors = [exc.message]
                else:
                    messages.success(request, result.message)
                    return redirect(reverse("admin:calendars_calendarday_changelist") + f"?region__exact={result.region}")
        else:
            form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入节假日安排"),
            "form": form,
            "errors": errors,
            "max_kb": MAX_BYTES // 1024,
        }
        return TemplateResponse(request, "admin/calendars/import.html", context)


class ImportForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("地区"), choices=REGION_CHOICES, initial="CN",
                               help_text=gettext_lazy("CN 为国务院办公厅的全国安排；省级代码（如 CN-GX）为地方节假日。"))
    year = forms.IntegerField(label=gettext_lazy("年份"), required=False, min_value=FIRST_DAY.year, max_value=LAST_DAY.year,
                              help_text=gettext_lazy("填写后，文件中的日期必须都在这一年。"))
    file = forms.FileField(label=gettext_lazy("文件（.csv 或 .json）"),
                           help_text=gettext_lazy("CSV 表头：date,kind,name,source（或 日期,类型,名称,来源）；"
                           "类型填 rest（休息）或 work（调休上班）。导入会替换该地区文件所涉年份的全部日子。"))
    mark_loaded = forms.BooleanField(label=gettext_lazy("导入后标记为已录入"), required=False,
                                     help_text=gettext_lazy("标记后，这些年份立即用于期限计算，办理中的案件期限将自动重算。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".json")):
            raise ValidationError(_("只接受 .csv 或 .json 文件。"))
        if upload.size > MAX_BYTES:
            raise ValidationError(_("文件过大（上限 %(kb)s KB）。") % {"kb": MAX_BYTES // 1024})
        content_type = (getattr(upload, "content_type", "") or "").split(";")[0]
        allowed = {"text/csv", "application/json", "text/plain", "application/vnd.ms-excel", "application/octet-stream",
                   "text/json", ""}
        if content_type not in allowed:
            raise ValidationError(_("文件类型 %(type)s 不是 CSV 或 JSON。") % {"type": content_type})
        return upload


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ("region", "year", "loaded", "day_count", "loaded_at", "loaded_by", "source")
    list_filter = ("loaded", "region")
    search_fields = ("region", "source")
    ordering = ("region", "-year")
    fields = ("region", "year", "loaded", "source", "loaded_at", "loaded_by")
    readonly_fields = ("loaded_at", "loaded_by")
    actions = ["mark_loaded", "mark_not_loaded"]

    @admin.display(description=gettext_lazy("登记天数"))
    def day_count(self, obj):
        return CalendarDay.objects.filter(region=obj.region, date__year=obj.year).count()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["region", "year"]
        return fields

    def save_model(self, request, obj, form, change):
        row = services.set_year_loaded(obj.region, obj.year, obj.loaded, user=request.user, source=obj.source)
        obj.pk = row.pk

    def has_delete_permission(self, request, obj=None):
        return False  # unmark instead: the row records who confirmed the year

    @admin.action(description=gettext_lazy("标记为已录入（用于期限计算）"))
    def mark_loaded(self, request, queryset):
        self._mark(request, queryset, True)

    @admin.action(description=gettext_lazy("取消“已录入”（该年期限改为暂定）"))
    def mark_not_loaded(self, request, queryset):
        self._mark(request, queryset, False)

    def _mark(self, request, queryset, loaded):
        done = []
        for row in queryset.order_by("region", "year"):
            try:
                services.set_year_loaded(row.region, row.year, loaded, user=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                done.append(f"{row.region} {row.year}年")
        if done:
            messages.success(request, (_("已标记为已录入：") if loaded else _("已取消“已录入”：")) + "、".join(done))


@admin.register(RegionCalendar)
class RegionCalendarAdmin(admin.ModelAdmin):
    form = RegionCalendarForm
    list_display = ("region", "own_days_expected", "note")
    list_filter = ("own_days_expected",)

    def save_model(self, request, obj, form, change):
        row = services.set_own_days_expected(obj.region, obj.own_days_expected, obj.note)
        obj.pk = row.pk


@admin.register(ClockSettings)
class ClockSettingsAdmin(admin.ModelAdmin):
    list_display = ("organization", "pause_reading", "correction_period_days")
    autocomplete_fields = ["organization"]
