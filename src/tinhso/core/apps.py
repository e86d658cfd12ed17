from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tinhso.core"
    label = "core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from django.core.signals import request_started

        from tinhso.core.db_router import forget_writes

        # A request reads its own writes from the primary only (tinhso.core.db_router).
        request_started.connect(forget_writes, dispatch_uid="tinhso.core.db_router")
