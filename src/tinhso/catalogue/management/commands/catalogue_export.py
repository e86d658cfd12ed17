from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tinhso.catalogue import exchange, selectors


class Command(BaseCommand):
    help = "Xuất danh mục thủ tục đang áp dụng ra tệp .json hoặc .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        records = selectors.records_for_export(timezone.localdate())
        suffix = file.suffix.lower()
        if suffix == ".json":
            file.write_bytes(exchange.write_json(records))
        elif suffix == ".xlsx":
            file.write_bytes(exchange.write_xlsx(records))
        else:
            raise CommandError("Tên tệp phải kết thúc bằng .json hoặc .xlsx")
        self.stdout.write(f"Đã xuất {len(records)} thủ tục ra {file}")
