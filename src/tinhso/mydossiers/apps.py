from django.apps import AppConfig


class MydossiersConfig(AppConfig):
    name = "tinhso.mydossiers"
    verbose_name = "Hồ sơ của tôi"
