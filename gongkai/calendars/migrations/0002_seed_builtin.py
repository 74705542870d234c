"""Load the national arrangements 2004–2026 (chinese-calendar 1.11.0) and the built-in
regional days (广西 壮族三月三, law/data/regional_days.json), marking them loaded."""

import secrets

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.calendars.seed import seed

    seed(apps.get_model("calendars", "CalendarDay"), apps.get_model("calendars", "CalendarYear"),
         apps.get_model("calendars", "RegionCalendar"))
    apps.get_model("calendars", "CalendarRevision").objects.update_or_create(
        pk=1, defaults={"token": secrets.token_hex(16)}
    )


def backwards(apps, schema_editor):
    for name in ("CalendarDay", "CalendarYear", "RegionCalendar", "CalendarRevision"):
        apps.get_model("calendars", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
