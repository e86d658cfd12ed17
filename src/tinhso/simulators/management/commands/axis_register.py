"""Register a system with the local axis simulator (or change its secret and organs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tinhso.simulators.axis.models import AxisOrganisation, AxisSystem
from tinhso.simulators.axis.seed import ensure_directory


class Command(BaseCommand):
    help = (
        "Đăng ký một hệ thống với trục liên thông mô phỏng: "
        "axis_register --system-id X --secret Y --organ 000.00.00.H53 …"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--system-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument(
            "--organ", action="append", required=True, help="mã định danh (lặp lại được)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_directory()
        codes = sorted(set(options["organ"]))
        organs = list(AxisOrganisation.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {organ.code for organ in organs})
        if unknown:
            raise CommandError("Không có trong danh bạ của trục: " + ", ".join(unknown))
        if len(options["secret"]) < 8:
            raise CommandError("Khóa bí mật cần ít nhất 8 ký tự.")
        with transaction.atomic():
            system, created = AxisSystem.objects.update_or_create(
                system_id=options["system_id"], defaults={"secret": options["secret"]}
            )
            system.organs.set(organs)
        verb = "Đã đăng ký" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} hệ thống {system.system_id}: " + ", ".join(codes))
