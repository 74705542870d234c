"""Console pages under ``/console/<org_code>/disclosure/``."""

from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("documents/", views.documents, name="documents"),
    path("documents/new/", views.document_edit, name="document_new"),
    path("documents/import/", views.documents_import, name="documents_import"),
    path("documents/export/", views.documents_export, name="documents_export"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/end/", views.document_end, name="document_end"),
    path("documents/<int:pk>/attachment/", views.document_attachment, name="document_attachment"),
    path("figures/", views.figures, name="figures"),
    path("figures/<int:year>/<str:kind>/", views.figure_edit, name="figure_edit"),
    path("enforcement/import/", views.enforcement_import, name="enforcement_import"),
]
