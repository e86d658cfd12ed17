from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "tinhso.exchange"
    label = "exchange"
    verbose_name = "Liên thông văn bản"

    def ready(self) -> None:
        from tinhso.core import outbox_registry
        from tinhso.exchange.outbox import outbox_state

        outbox_registry.register("exchange", outbox_state)
