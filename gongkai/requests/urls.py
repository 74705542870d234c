"""Console pages under ``/console/<org_code>/requests/`` (every view is ``org_view``-protected)."""

from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/act/<str:action>/", views.action, name="action"),
    path("<int:pk>/draft-preview/", views.draft_preview, name="draft_preview"),
    path("<int:pk>/fee/", views.fee, name="fee"),
    path("<int:pk>/notices/<int:notice_pk>/", views.notice_detail, name="notice"),
    path("<int:pk>/notices/<int:notice_pk>/<str:fmt>/", views.notice_file, name="notice_file"),
    path("<int:pk>/attachments/<int:att_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/remedies/", views.case_remedies, name="case_remedies"),
    path("<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("<int:pk>/dossier.zip", views.dossier_zip, name="dossier_zip"),
    path("<int:pk>/audit/", views.case_audit, name="case_audit"),
    path("audit/", views.audit, name="audit"),
    path("remedies/", views.remedies, name="remedies"),
    path("templates/", views.templates, name="templates"),
    path("templates/<str:kind>/default.docx", views.template_default, name="template_default"),
    path("templates/<str:kind>/preview.pdf", views.template_preview, name="template_preview"),
    path("templates/file/<int:tpl_pk>/", views.template_file, name="template_file"),
    path("templates/file/<int:tpl_pk>/disable/", views.template_disable, name="template_disable"),
]
