from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = gettext_lazy("主动公开")

    def ready(self):
        from gongkai.console import registry
        from gongkai.orgs.models import Role

        editors = {Role.CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN}
        registry.add_nav(gettext_lazy("规章和规范性文件"), "disclosure:documents", roles=editors, order=40, supervisor=True)
        registry.add_nav(gettext_lazy("主动公开年度数据（年报表二）"), "disclosure:figures", roles=editors, order=41, supervisor=True)
