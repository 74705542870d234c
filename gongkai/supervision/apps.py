from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    verbose_name = "政务公开监督"
