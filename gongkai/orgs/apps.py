from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OrgsConfig(AppConfig):
    name = "gongkai.orgs"
    verbose_name = gettext_lazy("机构与人员")
