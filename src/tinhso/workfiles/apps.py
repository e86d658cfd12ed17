from django.apps import AppConfig


class WorkfilesConfig(AppConfig):
    name = "tinhso.workfiles"
    label = "workfiles"
    verbose_name = "Hồ sơ công việc"
