from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    verbose_name = "工作日历"

    def ready(self):
        from gongkai.console import registry

        registry.add_nav("工作日历", "calendars:org_calendar", order=90, supervisor=True)
