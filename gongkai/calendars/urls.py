from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("<str:org_code>/calendar/", views.org_calendar, name="org_calendar"),
]
