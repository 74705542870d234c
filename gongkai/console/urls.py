from django.urls import path

from . import views

app_name = "console"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:org_code>/", views.org_home, name="org_home"),
]
