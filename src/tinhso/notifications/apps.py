from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tinhso.notifications"
    label = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from tinhso.core import outbox_registry
        from tinhso.notifications import checks  # noqa: F401 - registers the SMS settings check
        from tinhso.notifications.selectors import outbox_state

        outbox_registry.register("notifications", outbox_state)
