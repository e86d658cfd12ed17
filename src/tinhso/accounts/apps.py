from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """`migrate` also makes the database cache's table when CACHES uses one (settings:
    CACHE_URL, the production default): sign-in, sign-up and password reset are rate-limited
    through it, and a deployment should not need a separate createcachetable step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "tinhso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
