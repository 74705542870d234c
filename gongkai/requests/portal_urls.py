"""The public pages of 依申请公开, mounted at the site root (``gongkai/urls.py``)."""

from django.urls import path

from . import portal_views as v

app_name = "public"

urlpatterns = [
    path("apply/", v.agencies, name="agencies"),
    path("apply/<str:org_code>/", v.apply, name="apply"),
    path("apply/<str:org_code>/applicant-fields/", v.applicant_fields, name="applicant_fields"),
    path("receipt/<int:pk>/", v.receipt, name="receipt"),
    path("track/", v.track, name="track"),
    path("track/<int:pk>/", v.case_page, name="case"),
    path("track/<int:pk>/notices/<int:notice_id>.<str:ext>", v.notice_file, name="notice"),
    path("track/<int:pk>/files/<int:attachment_id>/", v.attachment_file, name="attachment"),
    path("track/<int:pk>/correct/", v.correct, name="correct"),
    path("track/<int:pk>/withdraw/", v.withdraw, name="withdraw"),
    path("track/<int:pk>/forget/", v.forget, name="forget"),
    path("my/", v.my_requests, name="my"),
    path("my/signup/", v.signup, name="signup"),
]
