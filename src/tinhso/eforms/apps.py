from django.apps import AppConfig


class EformsConfig(AppConfig):
    name = "tinhso.eforms"
    verbose_name = "Biểu mẫu điện tử"
