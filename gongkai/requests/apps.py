from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RequestsConfig(AppConfig):
    name = "gongkai.requests"
    label = "requests"
    verbose_name = gettext_lazy("依申请公开")

    def ready(self):
        from gongkai.console import registry
        from gongkai.orgs.models import Role

        from . import signals  # noqa: F401  (connects the calendar_changed receiver)
        from .views import queue_panel

        staff = {Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN}
        registry.add_nav(gettext_lazy("依申请公开：办理队列"), "requests:queue", roles=staff, order=10, supervisor=True)
        registry.add_nav(gettext_lazy("登记申请（信函、当面、传真、电子邮件）"), "requests:register", roles={Role.CLERK, Role.ADMIN}, order=11)
        registry.add_nav(gettext_lazy("行政复议和行政诉讼"), "requests:remedies", roles=staff, order=12)
        registry.add_nav(gettext_lazy("文书模板"), "requests:templates", roles={Role.ADMIN, Role.CLERK}, order=13)
        registry.add_nav(gettext_lazy("操作留痕"), "requests:audit", roles={Role.ADMIN, Role.APPROVER}, order=14)
        registry.add_panel("requests/_panel.html", queue_panel, order=10, supervisor=True)
