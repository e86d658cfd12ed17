from django.apps import AppConfig


class NationalportalConfig(AppConfig):
    name = "tinhso.nationalportal"
    verbose_name = "Kết nối Cổng Dịch vụ công quốc gia"

    def ready(self) -> None:
        from tinhso.core import outbox_registry
        from tinhso.nationalportal.selectors import outbox_state

        outbox_registry.register("nationalportal", outbox_state)
