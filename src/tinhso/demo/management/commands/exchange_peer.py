"""manage.py exchange_peer: one agency, its people and its seal for the two-instance demo."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.demo.exchange_peer import PeerSpec, setup_peer
from tinhso.demo.loader import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Tạo một cơ quan (mã định danh có trong danh bạ của trục mô phỏng), văn thư, lãnh đạo, "
        "trưởng phòng, chuyên viên và con dấu số minh họa, để hai hệ thống Tỉnh Số liên thông "
        "văn bản với nhau. Chạy lại không đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organ", required=True, help="mã định danh, vd 000.00.12.H59")
        parser.add_argument("--name", required=True, help="tên cơ quan")
        parser.add_argument("--abbreviation", required=True, help="chữ viết tắt, vd SNV")
        parser.add_argument("--unit-code", required=True, help="mã đơn vị hành chính, vd 08")
        parser.add_argument("--unit-name", required=True, help="tên tỉnh, vd Tỉnh Tuyên Quang")

    def handle(self, *args: Any, **options: Any) -> None:
        spec = PeerSpec(
            organ_id=options["organ"].strip(),
            name=options["name"].strip(),
            abbreviation=options["abbreviation"].strip().upper(),
            unit_code=options["unit_code"].strip(),
            unit_name=options["unit_name"].strip(),
        )
        try:
            report = setup_peer(spec)
        except ValidationError as exc:
            raise CommandError(f"Dữ liệu cơ quan không hợp lệ: {'; '.join(exc.messages)}") from exc
        self.stdout.write(f"Cơ quan: {report.agency.name} ({report.agency.code})")
        self.stdout.write(
            f"Con dấu số trên SoftHSM2: {report.seal}"
            if report.seal
            else "Chưa có SoftHSM2: gói tin liên thông không ký được (apt-get install softhsm2)."
        )
        self.stdout.write(f"Tài khoản (mật khẩu chung: {DEMO_PASSWORD})")
        for login, what in report.accounts:
            self.stdout.write(f"  {login:<18} {what}")
