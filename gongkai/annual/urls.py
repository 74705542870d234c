"""Console pages under ``/console/<org_code>/annual/``."""

from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/start/", views.start, name="start"),
    path("<int:year>/text/", views.save_text, name="save_text"),
    path("<int:year>/text/<str:section>/regenerate/", views.regenerate_text, name="regenerate_text"),
    path("<int:year>/override/", views.override, name="override"),
    path("<int:year>/action/<str:action>/", views.act, name="act"),
    path("<int:year>/discard/", views.discard, name="discard"),
    path("<int:year>/preview.<str:kind>", views.preview, name="preview"),
]
