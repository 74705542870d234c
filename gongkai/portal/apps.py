from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = gettext_lazy("公众门户")
