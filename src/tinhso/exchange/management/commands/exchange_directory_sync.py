"""Synchronise the axis's directory of organisations into organisation.ExternalAgency."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tinhso.exchange.directory import sync_directory
from tinhso.exchange.transport import get_transport
from tinhso.exchange.transport.base import TransportError


class Command(BaseCommand):
    help = "Đồng bộ danh bạ cơ quan của trục liên thông vào danh sách cơ quan ngoài tỉnh."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = sync_directory(get_transport())
        except TransportError as exc:
            raise CommandError(f"Không đồng bộ được danh bạ: {exc}") from exc
        self.stdout.write(report.summary())
