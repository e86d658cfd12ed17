from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "tinhso.archive"
    label = "archive"
    verbose_name = "Lập hồ sơ và lưu trữ cơ quan"
