from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "tinhso.operations"
    label = "operations"
    verbose_name = "Vận hành hệ thống"
