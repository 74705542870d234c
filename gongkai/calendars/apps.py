from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    verbose_name = gettext_lazy("工作日历")

    def ready(self):
        from gongkai.console import registry

        registry.add_nav(gettext_lazy("工作日历"), "calendars:org_calendar", order=90, supervisor=True)
