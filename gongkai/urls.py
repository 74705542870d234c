from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("", include("gongkai.requests.portal_urls")),  # /apply/, /receipt/, /track/, /my/
    path("accounts/", include("gongkai.accounts.urls")),
    path("console/<str:org_code>/disclosure/", include("gongkai.disclosure.urls")),
    path("console/<str:org_code>/requests/", include("gongkai.requests.urls")),
    path("console/<str:org_code>/annual/", include("gongkai.annual.urls")),
    path("console/<str:org_code>/supervision/", include("gongkai.supervision.urls")),
    path("annual-reports/", include("gongkai.annual.public_urls")),
    path("console/", include("gongkai.console.urls")),
    path("console/", include("gongkai.calendars.urls")),  # /console/<org_code>/calendar/
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "gongkai.portal.views.error_403"
handler404 = "gongkai.portal.views.error_404"
handler500 = "gongkai.portal.views.error_500"
