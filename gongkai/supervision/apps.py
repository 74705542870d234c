from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    verbose_name = gettext_lazy("政务公开监督")
