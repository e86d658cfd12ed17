from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tinhso.tasks"
    label = "tasks"
    verbose_name = "Việc chạy nền"

    def ready(self) -> None:
        from tinhso.tasks import periodic, schedule, signals  # noqa: F401 - register them
