"""manage.py signatures_demo_ca: the demo PKI (root, CA, TSA, CRL, seals, officers' certs)."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.signatures.demo import load_demo_signatures


class Command(BaseCommand):
    help = (
        "Tạo hạ tầng khóa công khai minh họa (KHÔNG DÙNG THẬT) cho chữ ký số; "
        "chạy lại không đổi gì."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-hsm", action="store_true", help="không đưa khóa con dấu vào SoftHSM2"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo_signatures(with_hsm=not options["no_hsm"])
        self.stdout.write(f"PKI minh họa tại {report.directory}")
        self.stdout.write(
            f"Con dấu số: {len(report.seals)} cơ quan; chứng thư cá nhân: {len(report.people)}"
        )
        if report.hsm:
            self.stdout.write(f"Khóa con dấu trên token SoftHSM2 “{report.hsm}”")
        else:
            self.stdout.write("Không có SoftHSM2: con dấu số qua HSM không dùng được khi chạy thử.")
