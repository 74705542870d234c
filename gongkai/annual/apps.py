from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    verbose_name = gettext_lazy("年度报告")

    def ready(self):
        from gongkai.console import registry
        from gongkai.orgs.access import WORK_ROLES

        from .views import panel_context

        registry.add_nav(gettext_lazy("政府信息公开工作年度报告"), "annual:index", roles=WORK_ROLES, order=50, supervisor=True)
        registry.add_panel("annual/_panel.html", panel_context, order=5, supervisor=True)
