from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "tinhso.printing"
    label = "printing"
    verbose_name = "Biểu mẫu in"
