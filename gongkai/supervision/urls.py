from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("overdue/", views.overdue, name="overdue"),
    path("reports/", views.reports, name="reports"),
    path("reports/published/", views.check_published, name="check_published"),
    path("reports/compare/", views.compare, name="compare"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
]
