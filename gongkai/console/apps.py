from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "gongkai.console"
    verbose_name = "工作台"
