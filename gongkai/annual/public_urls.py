"""The portal's annual-report pages under ``/annual-reports/`` (published versions only)."""

from django.urls import path

from . import public_views

app_name = "annual_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<str:org_code>/", public_views.agency, name="agency"),
    path("<str:org_code>/<int:year>/", public_views.report, name="report"),
    path("<str:org_code>/<int:year>/v<int:number>/", public_views.report, name="version"),
    path("<str:org_code>/<int:year>/v<int:number>/<str:kind>/", public_views.download, name="download"),
]
