from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    verbose_name = gettext_lazy("政务公开监督")

    def ready(self):
        from gongkai.console import registry
        from gongkai.orgs.models import Role

        from .views import panel_context

        # only supervisors: a direct supervisor holds the role here, an ancestor's supervisor sees it
        # through ``supervisor=True`` (the views themselves 404 for everyone else)
        registry.add_nav(gettext_lazy("政务公开监督：监督总览"), "supervision:dashboard", roles={Role.SUPERVISOR}, order=1, supervisor=True)
        registry.add_nav(gettext_lazy("政务公开监督：逾期案件"), "supervision:overdue", roles={Role.SUPERVISOR}, order=2, supervisor=True)
        registry.add_nav(gettext_lazy("政务公开监督：年报核查"), "supervision:reports", roles={Role.SUPERVISOR}, order=3, supervisor=True)
        registry.add_panel("supervision/_panel.html", panel_context, order=1, supervisor=True)
