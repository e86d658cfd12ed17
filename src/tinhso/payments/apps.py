from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "tinhso.payments"
    label = "payments"
    verbose_name = "Thanh toán phí, lệ phí"

    def ready(self) -> None:
        from tinhso.core import outbox_registry
        from tinhso.payments.selectors import outbox_state

        outbox_registry.register("payments", outbox_state)
